package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole suite against a simulated board on one end of a socat pty pair, the suite on the
 * other: a real serial link without hardware. Skipped when socat is not installed.
 */
class ConformanceSerialIT {
    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theFullSuitePassesAgainstASimulatorOverASerialPtyPair(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("socat"), "socat is not installed: no pty pair to run a serial link over (apt-get install socat)");
        Path board = dir.resolve("board");
        Path host = dir.resolve("host");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + board, "pty,raw,echo=0,link=" + host)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(Files.exists(board) && Files.exists(host)) && System.nanoTime() < deadline && socat.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(Files.exists(board) && Files.exists(host)).as("socat made the pty pair " + board + ", " + host).isTrue();
            SimConfig config = SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "31"));
            try (SimulatorServer server = SimulatorServer.builder().config(config).serial(board.toString(), 921_600).start()) {
                ConformanceReport report = FullRuns.run("serial:" + host + "?baud=921600", "1:30-33,40-43");

                assertThat(report.check("request-before-hello").line())
                        .startsWith("SKIP request-before-hello: a serial line has no connection boundary");
                FullRuns.assertEveryCheckPassed(report);
            }
        } finally {
            socat.destroy();
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        }
    }
}
