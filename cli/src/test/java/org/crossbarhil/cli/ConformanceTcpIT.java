package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole suite, writes and forming allowed, against a simulated board served over TCP. */
class ConformanceTcpIT {
    @Test
    void theFullSuitePassesAgainstASimulatorOverTcp(@TempDir Path dir) throws Exception {
        SimConfig config = SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "21"));
        try (SimulatorServer server = SimulatorServer.builder().config(config).listen("127.0.0.1", 0).start()) {
            Path json = dir.resolve("report.json");

            ConformanceCli.Run r = ConformanceCli.run("conformance", "tcp://127.0.0.1:" + server.port(), "--allow-writes",
                    "--allow-forming", "--region", "0:8-11,20-23", "--json", json.toString());

            assertThat(r.exitCode()).as(r.toString()).isZero();
            ConformanceSimIT.ConformanceItSupport.assertEveryCheckPassed(r, json);
        }
    }
}
