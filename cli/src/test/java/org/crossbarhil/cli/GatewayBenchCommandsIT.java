package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.gateway.Gateway;
import org.crossbarhil.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;

/**
 * Transparency for the command line: the bench commands run unchanged against a gateway's tcp://
 * URI, in front of a simulated board (the conformance suite through a gateway is the gateway
 * module's GatewayConformanceIT).
 */
class GatewayBenchCommandsIT {
    @Test
    void theBenchCommandsWorkThroughTheGateway() throws Exception {
        GatewayConfig config = GatewayConfig.builder().listen("127.0.0.1", 0).build();
        try (Gateway g = Gateway.open("sim:?profile=taox-2x64&seed=24", config)) {
            String uri = g.clientUri();

            ConformanceCli.Run read = ConformanceCli.run("read", uri, "--tile", "1");
            assertThat(read.exitCode()).as(read.toString()).isZero();
            ConformanceCli.Run pulse = ConformanceCli.run("pulse", uri, "--tile", "1", "--row", "3", "--col", "4", "--volts", "1.2",
                    "--width", "1e-7", "--count", "2");
            assertThat(pulse.exitCode()).as(pulse.toString()).isZero();
            assertThat(pulse.out()).contains("tile 1 (3, 4): 2 pulses");
            ConformanceCli.Run vmm = ConformanceCli.run("vmm", uri, "--tile", "0", "--volts", "0.1,0.2,0.05");
            assertThat(vmm.exitCode()).as(vmm.toString()).isZero();
            ConformanceCli.Run info = ConformanceCli.run("info", uri, "--json");
            assertThat(info.exitCode()).as(info.toString()).isZero();
            assertThat(Json.MAPPER.readTree(info.out()).get("capabilities").get("lease").asBoolean()).isTrue();
            assertThat(g.stats().leasesTaken()).as("the pulse command took the lease by writing").isEqualTo(1);
            assertThat(g.leaseHolder()).as("and its lease ended when it disconnected").isNull();
        }
    }
}
