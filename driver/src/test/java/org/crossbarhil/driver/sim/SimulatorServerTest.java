package org.crossbarhil.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorServerTest {
    private static final SimConfig CONFIG = SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "5"));

    @Test
    void aTcpServerServesTheBoardToTheTcpProvider() throws IOException {
        try (SimulatorServer server = SimulatorServer.builder().config(CONFIG).listen("127.0.0.1", 0).start()) {
            assertThat(server.where()).isEqualTo("tcp 127.0.0.1:" + server.port());
            try (CrossbarBoard b = Boards.open("tcp://127.0.0.1:" + server.port())) {
                assertThat(b.info().geometry().tiles()).isEqualTo(2);
                assertThat(b.info().identity().serialNumber()).isEqualTo("sim-taox-2x64-seed-5");
                assertThat(b.pulseDevice(1, DevicePulse.once(3, 3, 1.2, 100e-9))).isEqualTo(1);
                float[][] v = new float[4][64];
                assertThat(b.vmm(VmmSpec.transposed(1, v)).amperes()).hasSize(4 * 64);
            }
            // A second client later finds the same board.
            try (CrossbarBoard b = Boards.open("tcp://127.0.0.1:" + server.port())) {
                assertThat(b.ledger().devicePulses()).isEqualTo(1);
            }
        }
    }

    @Test
    void blocksTheBoardDroppedFromAnyHostAreCountedInItsLedger() throws Exception {
        try (SimulatorServer server = SimulatorServer.builder().config(CONFIG).listen("127.0.0.1", 0).start();
                CrossbarBoard b = Boards.open("tcp://127.0.0.1:" + server.port())) {
            assertThat(b.resetLedger().droppedFrames()).isZero();
            try (java.net.Socket careless = new java.net.Socket("127.0.0.1", server.port())) {
                // three blocks that cannot be frames (bad COBS or too short), and an empty one, which is no loss
                careless.getOutputStream().write(new byte[] {0x05, 0x01, 0x00, 0x02, 0x11, 0x00, 0x00, 0x03, 0x7E, 0x7E, 0x00});
                careless.getOutputStream().flush();
                org.crossbarhil.driver.fakes.Eventually.await("the board dropped them", java.time.Duration.ofSeconds(5),
                        () -> b.ledger().droppedFrames() == 3);
            }
            assertThat(b.resetLedger().droppedFrames()).isEqualTo(3);
            assertThat(b.ledger().droppedFrames()).as("after a reset").isZero();
        }
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws IOException {
        try (SimulatorServer first = SimulatorServer.builder().config(CONFIG).listen("127.0.0.1", 0).start()) {
            assertThatThrownBy(() -> SimulatorServer.builder().config(CONFIG).listen("127.0.0.1", first.port()).start())
                    .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + first.port());
        }
    }

    @Test
    void theLinkModelOnlyAppliesToSerialLinks() {
        assertThatThrownBy(() -> SimulatorServer.builder().listen("127.0.0.1", 0).linkModel(true).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("serial");
    }

    @Test
    void aSerialServerOnAPtyPairServesTheSerialProvider(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")) || onPath("socat"),
                "socat is not installed: no pty pair to test a serial link on");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!(Files.exists(a) && Files.exists(b)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.exists(a) && Files.exists(b)).as("socat made the pty pair").isTrue();
            try (SimulatorServer server = SimulatorServer.builder().config(CONFIG).serial(a.toString(), 921_600).linkModel(true).start()) {
                assertThat(server.where()).isEqualTo("serial " + a + " @ 921600");
                try (CrossbarBoard board = Boards.open("serial:" + b + "?baud=921600")) {
                    assertThat(board.info().geometry().rows()).isEqualTo(64);
                    long start = System.nanoTime();
                    assertThat(board.readTile(0).siemens()).hasSize(64 * 64);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    // 4096 floats = 16 kB: at 92,160 bytes/s the link model needs at least 0.17 s.
                    assertThat(seconds).isGreaterThan(0.15);
                }
            }
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSerialServerFollowsItsPortPathToANewPtyPair(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")) || onPath("socat"),
                "socat is not installed: no pty pair to test a serial link on");
        Path a = dir.resolve("a");
        Process first = ptyPair(a, dir.resolve("b"));
        Process second = ptyPair(dir.resolve("a2"), dir.resolve("b2"));
        try (SimulatorServer server = SimulatorServer.builder().config(CONFIG).serial(a.toString(), 921_600).start()) {
            try (CrossbarBoard board = Boards.open("serial:" + dir.resolve("b"))) {
                assertThat(board.info().geometry().rows()).isEqualTo(64);
            }
            // The first pair lives on (no read error tells the server anything), but the port path now
            // leads to the second pair, as after socat was restarted under other pty numbers.
            Path moved = dir.resolve("a.new");
            Files.createSymbolicLink(moved, dir.resolve("a2").toRealPath());
            Files.move(moved, a, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (true) {
                try (CrossbarBoard board = Boards.open("serial:" + dir.resolve("b2") + "?timeout=0.5")) {
                    assertThat(board.info().identity().serialNumber()).isEqualTo("sim-taox-2x64-seed-5");
                    break;
                } catch (org.crossbarhil.driver.BoardLinkException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the server did not re-attach to the moved port path within 15 s", notYet);
                    }
                }
            }
        } finally {
            for (Process p : new Process[] {first, second}) {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** A socat pty pair with links at {@code a} and {@code b}, once both exist. */
    private static Process ptyPair(Path a, Path b) throws Exception {
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(a) && Files.exists(b)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.exists(a) && Files.exists(b)).as("socat made the pty pair").isTrue();
        return socat;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
