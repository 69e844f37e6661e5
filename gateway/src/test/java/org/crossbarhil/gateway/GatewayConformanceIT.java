package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.crossbarhil.conformance.CheckResult;
import org.crossbarhil.conformance.CheckStatus;
import org.crossbarhil.conformance.ConformanceOptions;
import org.crossbarhil.conformance.ConformanceReport;
import org.crossbarhil.conformance.ConformanceSuite;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Region;
import org.crossbarhil.link.BoardUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transparency: the conformance suite, writes and forming allowed, passes through a gateway in front of a simulated board. */
class GatewayConformanceIT {
    @Test
    void theFullConformanceSuitePassesThroughTheGateway(@TempDir Path dir) throws Exception {
        GatewayConfig config = GatewayConfig.builder().listen("127.0.0.1", 0).auditLog(dir.resolve("audit.jsonl")).build();
        try (Gateway g = Gateway.open("sim:?profile=taox-2x64&seed=23", config)) {
            ConformanceOptions options = ConformanceOptions.builder().allowWrites(true).allowForming(true)
                    .region(Region.parse("0:8-11,20-23")).build();

            ConformanceReport report = ConformanceSuite.run(BoardUri.parse(g.clientUri()),
                    DriverOptions.builder().requestTimeout(Duration.ofSeconds(10)).build(), options);

            assertThat(report.checks()).extracting(CheckResult::name).isEqualTo(ConformanceSuite.checkNames());
            assertThat(report.checks()).allSatisfy(c -> {
                if (c.name().equals("heartbeat-per-session")) {
                    // a gateway's timeout is its lease term: a silent client loses the lease, the board is not idled for it
                    assertThat(c.line()).startsWith("SKIP heartbeat-per-session: a gateway's heartbeat_timeout_seconds is its "
                            + "lease term");
                } else {
                    assertThat(c.status()).as(c.line()).isEqualTo(CheckStatus.PASS);
                }
            });
            assertThat(g.stats().replayed()).as("the idempotency checks were answered from the gateway's memory").isPositive();
        }
    }
}
