package org.crossbarhil.driver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Futures;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.driver.fakes.FakeBoard;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.link.serial.SerialPortLink;
import org.crossbarhil.protocol.v1.Request.BodyCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial transport over a socat pty pair: the fake board holds one end through
 * {@link SerialPortLink}, the driver opens the other through the {@code serial:} provider.
 * Skipped, saying so, where socat is not installed.
 */
class SerialPortLinkTest {
    private static final Duration SOON = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private Process socat;
    private Path hostEnd;
    private Path boardEnd;
    private Link boardLink;
    private final FakeBoard board = new FakeBoard();

    /** Lets the board's handler be made after its link, as TcpLinkServer's acceptor does. */
    private static final class Deferred implements LinkHandler {
        volatile LinkHandler target;

        @Override
        public void onBytes(byte[] data, int offset, int length) {
            target.onBytes(data, offset, length);
        }

        @Override
        public void onClosed(Throwable cause) {
            if (target != null) {
                target.onClosed(cause);
            }
        }
    }

    static boolean socatInstalled() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "socat"))) {
                return true;
            }
        }
        return false;
    }

    @BeforeEach
    void startPtyPair() throws IOException {
        Assumptions.assumeTrue(socatInstalled(), "socat is not installed: serial tests need a pty pair (apt-get install socat)");
        hostEnd = dir.resolve("host");
        boardEnd = dir.resolve("board");
        socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + hostEnd, "pty,raw,echo=0,link=" + boardEnd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        Eventually.await("socat creates both pty links", SOON, () -> Files.exists(hostEnd) && Files.exists(boardEnd));
        Deferred d = new Deferred();
        boardLink = SerialPortLink.open(boardEnd.toString(), 921_600, d);
        d.target = board.apply(boardLink);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (boardLink != null) {
            boardLink.close();
        }
        if (socat != null) {
            socat.destroy();
            socat.waitFor();
        }
    }

    private static DriverOptions fast() {
        return DriverOptions.builder().connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofMillis(500))
                .maxRetransmissions(1).heartbeatInterval(Duration.ZERO).reconnectWindow(Duration.ofSeconds(1)).build();
    }

    @Test
    void aBoardAnswersOverAPtyPair() {
        try (CrossbarBoard b = Boards.open("serial:" + hostEnd + "?baud=921600&client=pty-test", fast())) {
            assertThat(b.uri()).isEqualTo("serial:" + hostEnd + "?baud=921600&client=pty-test");
            assertThat(b.toString()).contains("serial " + hostEnd + " @ 921600");
            assertThat(b.pulseDevice(1, DevicePulse.once(2, 3, 1.0, 1e-7))).isEqualTo(1);
            ConductanceMap tile = b.readTile(1);
            assertThat(tile.get(2, 3)).isEqualTo(board.siemens(1, 2, 3));
            assertThat(board.helloClients()).isNotEmpty().containsOnly("pty-test");
        }
    }

    @Test
    void pipelinedRequestsOverSerialAllComeBackToTheirCallers() {
        try (CrossbarBoard b = Boards.open("serial:" + hostEnd, fast())) {
            List<CompletableFuture<ConductanceMap>> reads = new java.util.ArrayList<>();
            for (int row = 0; row < 8; row++) {
                reads.add(b.readAsync(ReadSpec.row(0, row)));
            }
            for (int row = 0; row < 8; row++) {
                assertThat(Futures.await(reads.get(row)).get(row, 0)).isEqualTo(board.siemens(0, row, 0));
            }
        }
    }

    @Test
    void aVanishedPortIsNoticedAndPendingRequestsFailInsteadOfHanging() throws InterruptedException {
        // Attempt windows far longer than the test allows: only noticing the disconnect can end it in time.
        DriverOptions slowTimeouts = fast().newBuilder().requestTimeout(Duration.ofSeconds(20))
                .reconnectWindow(Duration.ofMillis(300)).build();
        try (CrossbarBoard b = Boards.open("serial:" + hostEnd, slowTimeouts)) {
            board.stall();
            CompletableFuture<ConductanceMap> read = b.readAsync(ReadSpec.device(0, 0, 0));
            Eventually.await("the read reaches the board", SOON, () -> !board.received(BodyCase.READ).isEmpty());

            socat.destroy();
            socat.waitFor();

            assertTimeoutPreemptively(Duration.ofSeconds(3), () ->
                    assertThatThrownBy(() -> Futures.await(read)).isInstanceOf(BoardLinkException.class)
                            .hasMessageContaining("read (seq")
                            .hasMessageContaining("not re-established within the reconnect window of 300 ms"));
        }
    }

    @Test
    void aMissingPortIsNamed() {
        assertThatThrownBy(() -> SerialPortLink.open(dir.resolve("no-such-tty").toString(), 9600, new Deferred()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot open serial port " + dir.resolve("no-such-tty") + ": no such port");
    }

    @Test
    void aPortThatCannotBeOpenedIsNamedWithTheErrorCode() throws IOException {
        Path notATty = Files.writeString(dir.resolve("not-a-tty"), "x");
        assertThatThrownBy(() -> SerialPortLink.open(notATty.toString(), 9600, new Deferred()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot open serial port " + notATty + " (jSerialComm error code ");
    }

    @Test
    void theSerialProviderRefusesBadParametersByName() {
        assertThatThrownBy(() -> Boards.open("serial:" + hostEnd + "?speed=9600"))
                .hasMessageContaining("unknown parameter 'speed' for scheme serial: (known: baud, client, timeout)");
        assertThatThrownBy(() -> Boards.open("serial:COM3?baud=1"))
                .hasMessage("board URI 'serial:COM3?baud=1': baud=1 (expected: 50..20000000)");
        assertThatThrownBy(() -> Boards.open("serial:"))
                .hasMessage("board URI 'serial:': expected serial:PORT (e.g. serial:/dev/ttyUSB0 or serial:COM3)");
        assertThatThrownBy(() -> Boards.open("serial://host:1")).hasMessageContaining("expected serial:PORT");
    }
}
