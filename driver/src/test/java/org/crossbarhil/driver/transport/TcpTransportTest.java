package org.crossbarhil.driver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Futures;
import org.crossbarhil.driver.OutcomeUnknownException;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.driver.fakes.FakeBoard.Fault;
import org.crossbarhil.driver.fakes.FakeBoard;
import org.crossbarhil.link.tcp.TcpLinkServer;
import org.crossbarhil.protocol.v1.Request.BodyCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver over real TCP sockets: the tcp provider, TcpConnector and TcpLinkServer. */
class TcpTransportTest {
    private static final Duration SOON = Duration.ofSeconds(5);

    private final FakeBoard board = new FakeBoard();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TcpLinkServer server = TcpLinkServer.start("127.0.0.1", 0, null, board);

    private static DriverOptions fast() {
        return DriverOptions.builder().connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(2))
                .maxRetransmissions(2).heartbeatInterval(Duration.ZERO).reconnectWindow(Duration.ofSeconds(3)).build();
    }

    private String uri() {
        return "tcp://127.0.0.1:" + server.address().getPort();
    }

    private CrossbarBoard open(String uri) {
        CrossbarBoard b = Boards.open(uri, fast());
        toClose.add(b);
        return b;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.close();
    }

    @Test
    void theServerReportsTheBoundPortWhenStartedOnPortZero() {
        assertThat(server.address().getPort()).isPositive();
        assertThat(server.toString()).isEqualTo("tcp server on 127.0.0.1:" + server.address().getPort());
    }

    @Test
    void aBoardOpensOverTcpAndPipelinesRequests() {
        CrossbarBoard b = open(uri() + "?client=bench-7");
        assertThat(b.uri()).isEqualTo(uri() + "?client=bench-7");
        assertThat(board.helloClients()).isNotEmpty().containsOnly("bench-7");

        board.stall();
        List<CompletableFuture<ConductanceMap>> rows = new ArrayList<>();
        for (int row = 0; row < 8; row++) {
            rows.add(b.readAsync(ReadSpec.row(1, row)));
        }
        Eventually.await("all eight reads at the board", SOON, () -> board.received(BodyCase.READ).size() == 8);
        board.release();
        for (int row = 0; row < 8; row++) {
            assertThat(Futures.await(rows.get(row)).get(row, 7)).isEqualTo(board.siemens(1, row, 7));
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aDroppedTcpConnectionIsReestablishedAndThePulseAppliedOnce() {
        CrossbarBoard b = open(uri());
        board.arm(BodyCase.PULSE, Fault.CLOSE_WITHOUT_RESPONSE);

        assertThat(b.pulseDevice(0, DevicePulse.once(1, 1, 1.0, 1e-7))).isEqualTo(1);

        assertThat(board.executed(BodyCase.PULSE)).isEqualTo(1);
        assertThat(board.connectionsAccepted()).isEqualTo(2);
        assertThat(board.helloSessions().get(1)).isEqualTo(board.helloSessions().get(0));
        assertThat(b.linkStats().reconnects()).isEqualTo(1);
    }

    @Test
    void garbageOnTheSocketIsSkippedAndTheRightAnswerArrives() {
        CrossbarBoard b = open(uri());
        board.arm(BodyCase.READ, Fault.GARBAGE_BEFORE);

        assertThat(b.readDevice(0, 6, 6)).isEqualTo(board.siemens(0, 6, 6));
        assertThat(b.linkStats().droppedFrames()).isPositive();
    }

    @Test
    void aKilledServerFailsPendingRequestsWithinTheirTimeout() {
        CrossbarBoard b = open(uri() + "?timeout=0.3");
        board.stall();
        CompletableFuture<Long> pulse = b.pulseAsync(0, List.of(DevicePulse.once(0, 0, 1.0, 1e-7)));
        Eventually.await("pulse at the board", SOON, () -> !board.received(BodyCase.PULSE).isEmpty());

        server.close();

        assertTimeoutPreemptively(Duration.ofSeconds(3), () ->
                assertThatThrownBy(() -> Futures.await(pulse)).isInstanceOf(OutcomeUnknownException.class)
                        .hasMessageContaining("tcp://127.0.0.1:" + server.address().getPort() + " (reconnecting)"));
    }

    @Test
    void nothingListeningIsAClearLinkError() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String uri = "tcp://127.0.0.1:" + port;
        assertThatThrownBy(() -> open(uri)).isInstanceOf(BoardLinkException.class)
                .hasMessageStartingWith("cannot connect to tcp://127.0.0.1:" + port + " within 2000 ms: ")
                .hasMessageContaining("refused");
    }

    @Test
    void theTokenFileIsReadAndSentInTheHandshake(@TempDir Path dir) throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "  t0ken-42\n");

        open(uri() + "?token-file=" + token);

        assertThat(board.lastToken()).isEqualTo("t0ken-42");
    }

    @Test
    void theTimeoutParameterSetsThePerAttemptTimeout() {
        CrossbarBoard b = open(uri() + "?timeout=0.1");
        board.stall();
        // 3 attempt windows of 100 ms, not the 3 x 2 s the options said.
        assertTimeoutPreemptively(Duration.ofMillis(1500), () ->
                assertThatThrownBy(() -> b.readDevice(0, 0, 0)).isInstanceOf(BoardLinkException.class)
                        .hasMessageMatching("read \\(seq \\d+\\) timed out after \\d+ ms and 2 retransmissions .*"));
        board.release();
    }

    @Test
    void anUnknownParameterIsRefusedByNameBeforeConnecting() {
        assertThatThrownBy(() -> Boards.open("tcp://127.0.0.1:1?timout=3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("board URI 'tcp://127.0.0.1:1?timout=3': unknown parameter 'timout' for scheme tcp: "
                        + "(known: client, timeout, token-file)");
    }

    @Test
    void aTcpUriNeedsHostAndPort() {
        assertThatThrownBy(() -> Boards.open("tcp://bench"))
                .hasMessage("board URI 'tcp://bench': expected tcp://HOST:PORT (e.g. tcp://127.0.0.1:7700)");
        assertThatThrownBy(() -> Boards.open("tcp:bench")).hasMessageContaining("expected tcp://HOST:PORT");
    }

    @Test
    void aTimeoutThatIsNotAPositiveNumberIsRefused() {
        assertThatThrownBy(() -> Boards.open(uri() + "?timeout=0"))
                .hasMessage("board URI '" + uri() + "?timeout=0': timeout=0 (expected: seconds per request attempt, "
                        + "> 0 and <= 86400)");
        assertThatThrownBy(() -> Boards.open(uri() + "?timeout=soon")).hasMessageContaining("timeout=soon is not a finite number");
    }

    @Test
    void aMissingTokenFileIsRefusedNamingIt() {
        assertThatThrownBy(() -> Boards.open(uri() + "?token-file=/nonexistent/token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read token-file /nonexistent/token");
    }

    @Test
    void aRefusingAcceptorClosesTheConnection() {
        try (TcpLinkServer refusing = TcpLinkServer.start("127.0.0.1", 0, null, link -> null)) {
            assertThatThrownBy(() -> open("tcp://127.0.0.1:" + refusing.address().getPort()))
                    .isInstanceOf(BoardLinkException.class).hasMessageContaining("closed during the handshake");
        }
    }

    @Test
    void aPeerThatStopsReadingShowsAsUnsentBytes() throws Exception {
        java.util.concurrent.atomic.AtomicReference<org.crossbarhil.link.Link> accepted =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (TcpLinkServer s = TcpLinkServer.start("127.0.0.1", 0, null, link -> {
                    accepted.set(link);
                    return new org.crossbarhil.link.LinkHandler() {
                        @Override
                        public void onBytes(byte[] data, int offset, int length) {
                        }

                        @Override
                        public void onClosed(Throwable cause) {
                        }
                    };
                });
                java.net.Socket silent = new java.net.Socket("127.0.0.1", s.address().getPort())) {
            Eventually.await("the connection is accepted", SOON, () -> accepted.get() != null);
            byte[] chunk = new byte[1 << 20];
            // More than any socket buffer holds: the rest waits in the server's outbound buffer.
            for (int i = 0; i < 32; i++) {
                accepted.get().send(chunk);
            }
            Eventually.await("bytes pile up unsent", SOON, () -> accepted.get().unsentBytes() > 0);
        }
    }

    @Test
    void aServerCannotListenOnATakenPort() {
        int taken = server.address().getPort();
        assertThatThrownBy(() -> TcpLinkServer.start("127.0.0.1", taken, null, board))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + taken);
    }
}
