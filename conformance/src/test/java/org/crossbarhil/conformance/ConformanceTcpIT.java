package org.crossbarhil.conformance;

import java.util.Map;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;

/** The whole suite against a simulated board served over TCP. */
class ConformanceTcpIT {
    @Test
    void theFullSuitePassesAgainstASimulatorOverTcp() throws Exception {
        SimConfig config = SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "21"));
        try (SimulatorServer server = SimulatorServer.builder().config(config).listen("127.0.0.1", 0).start()) {
            ConformanceReport report = FullRuns.run("tcp://127.0.0.1:" + server.port(), "0:8-11,20-23");

            FullRuns.assertEveryCheckPassed(report);
        }
    }
}
