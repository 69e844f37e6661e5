package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crossbarhil.driver.BoardEvent;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.EnvelopeException;
import org.crossbarhil.driver.Futures;
import org.crossbarhil.driver.OutcomeUnknownException;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.driver.fakes.FakeBoard.Fault;
import org.crossbarhil.driver.fakes.FakeBoard;
import org.crossbarhil.driver.fakes.PipeConnector;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.Request.BodyCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtocolClientTest {
    private static final Duration SOON = Duration.ofSeconds(5);

    private final FakeBoard board = new FakeBoard();
    private final PipeConnector connector = new PipeConnector(board);
    private final List<CrossbarBoard> opened = new ArrayList<>();

    /** Attempt windows long enough that a busy machine never retransmits by accident. */
    static DriverOptions fast() {
        return DriverOptions.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(2))
                .maxRetransmissions(2)
                .heartbeatInterval(Duration.ZERO)
                .reconnectWindow(Duration.ofSeconds(3))
                .build();
    }

    /** For tests that wait for timeouts: 200 ms attempt windows. */
    static DriverOptions quick() {
        return fast().newBuilder().requestTimeout(Duration.ofMillis(200)).build();
    }

    private CrossbarBoard open(DriverOptions options) {
        CrossbarBoard b = ProtocolBoards.open(connector, options, "pipe:fake");
        opened.add(b);
        return b;
    }

    private CrossbarBoard open() {
        return open(fast());
    }

    @AfterEach
    void closeBoards() {
        for (CrossbarBoard b : opened) {
            b.close();
        }
    }

    private static DevicePulse set(int row, int col) {
        return DevicePulse.once(row, col, 1.2, 100e-9);
    }

    @Test
    void handshakeReportsTheBoardAndSendsTheSessionId() {
        DriverOptions options = fast().newBuilder().sessionId(0x1234_5678_9ABCL).build();
        CrossbarBoard b = open(options);

        assertThat(b.info().geometry().toString()).isEqualTo("2 x 8x8");
        assertThat(b.info().protocolVersion()).isEqualTo("1.0");
        assertThat(b.info().limits().working().maxVolts()).isEqualTo(2.0);
        assertThat(b.info().idempotencyTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(board.helloSessions()).containsExactly(0x1234_5678_9ABCL);
        assertThat(board.received().get(0).op()).isEqualTo(BodyCase.HELLO);
    }

    @Test
    void severalRequestsAreInFlightAtOnceWithIncreasingSeqs() {
        CrossbarBoard b = open();
        board.stall();
        List<CompletableFuture<ConductanceMap>> reads = new ArrayList<>();
        for (int col = 0; col < 6; col++) {
            reads.add(b.readAsync(ReadSpec.device(0, 1, col)));
        }
        Eventually.await("six reads reach the board before any answer", SOON, () -> board.received(BodyCase.READ).size() == 6);
        assertThat(b.linkStats().inFlight()).isEqualTo(6);

        board.release();
        for (int col = 0; col < 6; col++) {
            assertThat(Futures.await(reads.get(col)).get(1, col)).isEqualTo(board.siemens(0, 1, col));
        }
        List<Long> seqs = board.received(BodyCase.READ).stream().map(FakeBoard.Received::seq).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void responsesAnsweredOutOfOrderReachTheirOwnCallers() {
        CrossbarBoard b = open();
        board.stall();
        board.reverseOnRelease(true);
        List<CompletableFuture<ConductanceMap>> reads = new ArrayList<>();
        for (int row = 0; row < 5; row++) {
            reads.add(b.readAsync(ReadSpec.device(1, row, row)));
        }
        Eventually.await("five reads at the board", SOON, () -> board.received(BodyCase.READ).size() == 5);
        board.release();
        for (int row = 0; row < 5; row++) {
            assertThat(Futures.await(reads.get(row)).get(row, row)).isEqualTo(board.siemens(1, row, row));
        }
    }

    @Test
    void theInFlightWindowHoldsBackRequestsBeyondMaxInFlight() {
        CrossbarBoard b = open(fast().newBuilder().maxInFlight(2).build());
        board.stall();
        List<CompletableFuture<ConductanceMap>> reads = new ArrayList<>();
        for (int col = 0; col < 5; col++) {
            reads.add(b.readAsync(ReadSpec.device(0, 0, col)));
        }
        Eventually.await("two reads at the board", SOON, () -> board.received(BodyCase.READ).size() == 2);
        sleep(100);
        assertThat(board.received(BodyCase.READ)).hasSize(2);

        board.release();
        Eventually.await("the rest follow as slots free up", SOON, () -> board.received(BodyCase.READ).size() == 5);
        board.release();
        for (CompletableFuture<ConductanceMap> r : reads) {
            Futures.await(r);
        }
    }

    @Test
    void abortGoesOutEvenWhenTheWindowIsFull() {
        CrossbarBoard b = open(fast().newBuilder().maxInFlight(1).build());
        board.stall();
        b.readAsync(ReadSpec.device(0, 0, 0));
        b.readAsync(ReadSpec.device(0, 0, 1));
        b.abortAsync("operator");
        Eventually.await("abort at the board", SOON, () -> !board.received(BodyCase.ABORT).isEmpty());
        assertThat(board.received(BodyCase.READ)).hasSize(1);
        board.release();
    }

    @Test
    void aResponseWithAnUnknownSeqIsCountedAndIgnored() {
        CrossbarBoard b = open();
        board.arm(BodyCase.READ, Fault.UNKNOWN_SEQ_BEFORE);

        assertThat(b.readDevice(0, 2, 3)).isEqualTo(board.siemens(0, 2, 3));
        Eventually.await("the stray response is counted", SOON, () -> b.linkStats().unmatchedResponses() == 1);
    }

    @Test
    void aLostResponseIsRetransmittedWithTheSameSeqAndTheSameBytes() {
        CrossbarBoard b = open(quick());
        board.arm(BodyCase.READ, Fault.DROP_RESPONSE);

        assertThat(b.readDevice(0, 0, 0)).isEqualTo(board.siemens(0, 0, 0));

        // Two frames at least (a loaded machine may time out once more), every one the same bytes.
        List<FakeBoard.Received> reads = board.received(BodyCase.READ);
        assertThat(reads.size()).isGreaterThanOrEqualTo(2);
        assertThat(reads).allSatisfy(r -> {
            assertThat(r.seq()).isEqualTo(reads.get(0).seq());
            assertThat(r.raw()).isEqualTo(reads.get(0).raw());
        });
        assertThat(b.linkStats().retransmissions()).isEqualTo(reads.size() - 1);
        assertThat(b.linkStats().timeouts()).isGreaterThanOrEqualTo(1);
        assertThat(b.linkStats().replayedResponses()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPulseWhoseResponseIsLostIsAppliedExactlyOnce() {
        CrossbarBoard b = open(quick());
        float before = board.siemens(0, 3, 4);
        board.arm(BodyCase.PULSE, Fault.DROP_RESPONSE);

        assertThat(b.pulseDevice(0, set(3, 4))).isEqualTo(1);

        assertThat(board.received(BodyCase.PULSE).size()).isGreaterThanOrEqualTo(2);
        assertThat(board.executed(BodyCase.PULSE)).isEqualTo(1);
        assertThat(board.replays()).isGreaterThanOrEqualTo(1);
        assertThat(board.siemens(0, 3, 4) - before).isCloseTo((float) FakeBoard.STEP_SIEMENS, org.assertj.core.data.Offset.offset(1e-9f));
    }

    @Test
    void aWriteThatNeverGetsAnAnswerIsOutcomeUnknownAndCanBeResolvedLater() {
        CrossbarBoard b = open(quick().newBuilder().maxRetransmissions(1).build());
        board.arm(BodyCase.PULSE, Fault.DROP_RESPONSE, 2);

        OutcomeUnknownException e = org.junit.jupiter.api.Assertions.assertThrows(OutcomeUnknownException.class,
                () -> b.pulseDevice(0, set(1, 1)));

        assertThat(e.getMessage()).contains("pulse (seq " + e.seq() + ") outcome unknown", "1 retransmissions",
                "in flight:", "link: pipe client", "resolveOutcome(" + e.seq() + ")");
        assertThat(e.isResolvable()).isTrue();
        assertThat(board.executed(BodyCase.PULSE)).isEqualTo(1);

        Object result = b.resolveOutcome(e.seq());

        assertThat(result).isEqualTo(1L);
        assertThat(board.executed(BodyCase.PULSE)).isEqualTo(1);
        List<FakeBoard.Received> pulses = board.received(BodyCase.PULSE);
        assertThat(pulses.size()).isGreaterThanOrEqualTo(3);
        assertThat(pulses).allSatisfy(r -> assertThat(r.raw()).isEqualTo(pulses.get(0).raw()));
        assertThatThrownBy(() -> b.resolveOutcome(e.seq())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an unresolved write");
    }

    @Test
    void aReadThatTimesOutSaysWhatWhenAndWhere() {
        CrossbarBoard b = open(quick().newBuilder().maxRetransmissions(1).build());
        board.stall();

        assertThatThrownBy(() -> b.readDevice(0, 0, 0))
                .isInstanceOf(BoardLinkException.class)
                .isNotInstanceOf(OutcomeUnknownException.class)
                .hasMessageMatching("read \\(seq \\d+\\) timed out after \\d+ ms and 1 retransmissions "
                        + "\\(in flight: \\d+, link: pipe client\\)");
        board.release();
    }

    @Test
    void garbageOnTheLineIsSkippedAndNoForgedResponseIsDelivered() {
        CrossbarBoard b = open();
        board.arm(BodyCase.READ, Fault.GARBAGE_BEFORE);

        ConductanceMap row = b.readRow(0, 5);

        for (int col = 0; col < 8; col++) {
            assertThat(row.get(5, col)).isEqualTo(board.siemens(0, 5, col));
        }
        assertThat(b.linkStats().droppedFrames()).isGreaterThanOrEqualTo(1);
        assertThat(b.readDevice(0, 0, 1)).isEqualTo(board.siemens(0, 0, 1));
    }

    @Test
    void aCorruptedResponseIsDroppedAndTheRequestRetransmitted() {
        CrossbarBoard b = open(quick());
        board.arm(BodyCase.PULSE, Fault.CORRUPT_CRC);

        assertThat(b.pulseDevice(0, set(0, 0))).isEqualTo(1);

        assertThat(b.linkStats().droppedFrames()).isEqualTo(1);
        assertThat(board.executed(BodyCase.PULSE)).isEqualTo(1);
        assertThat(board.replays()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDroppedLinkReconnectsWithTheSameSessionAndCarriesOn() {
        CrossbarBoard b = open();
        List<BoardEvent> events = new CopyOnWriteArrayList<>();
        b.subscribe(events::add, null);
        board.arm(BodyCase.PULSE, Fault.CLOSE_WITHOUT_RESPONSE);

        assertThat(b.pulseDevice(0, set(2, 2))).isEqualTo(1);

        assertThat(board.connectionsAccepted()).isEqualTo(2);
        assertThat(board.helloSessions()).hasSize(2).containsOnly(board.helloSessions().get(0));
        assertThat(board.executed(BodyCase.PULSE)).isEqualTo(1);
        assertThat(board.replays()).isEqualTo(1);
        assertThat(b.linkStats().reconnects()).isEqualTo(1);
        Eventually.await("a RECONNECTED event", SOON,
                () -> events.stream().anyMatch(e -> e.kind() == BoardEvent.Kind.RECONNECTED));
        assertThat(b.readDevice(0, 2, 2)).isEqualTo(board.siemens(0, 2, 2));
        Eventually.await("the subscription is renewed on the new link", SOON,
                () -> board.received(BodyCase.SUBSCRIBE).size() == 2);
    }

    @Test
    void reopeningWithAnExplicitSessionIdContinuesSeqsAfterTheHighestTheBoardSaw() {
        DriverOptions options = fast().newBuilder().sessionId(0x5EED_0001L).build();
        CrossbarBoard first = open(options);
        float before = board.siemens(0, 5, 5);
        first.pulseDevice(0, set(5, 5));
        first.pulseDevice(0, set(5, 5));
        first.close();
        long highestOfFirst = board.received().stream().mapToLong(FakeBoard.Received::seq).max().orElseThrow();

        // Same session id: the board resumes the session and still holds seqs 1..n.
        CrossbarBoard second = open(options);
        second.pulseDevice(0, set(5, 5));
        assertThat(second.readDevice(0, 5, 5)).isEqualTo(board.siemens(0, 5, 5));

        assertThat(board.helloSessions()).containsExactly(options.sessionId(), options.sessionId());
        assertThat(board.executed(BodyCase.PULSE)).as("every pulse ran, none was answered from the memory of another")
                .isEqualTo(3);
        assertThat(board.replays()).isZero();
        assertThat(board.siemens(0, 5, 5) - before).isCloseTo((float) (3 * FakeBoard.STEP_SIEMENS),
                org.assertj.core.data.Offset.offset(1e-9f));
        List<Long> secondSeqs = board.received().stream()
                .skip(board.received().size() - 2).map(FakeBoard.Received::seq).toList();
        assertThat(secondSeqs).allMatch(seq -> seq > highestOfFirst);
    }

    @Test
    void aKilledBoardFailsPendingRequestsWithinTheirTimeoutAndNothingHangs() {
        CrossbarBoard b = open(quick());
        board.stall();
        CompletableFuture<ConductanceMap> read = b.readAsync(ReadSpec.device(0, 0, 0));
        CompletableFuture<Long> pulse = b.pulseAsync(0, List.of(set(0, 0)));
        Eventually.await("both at the board", SOON, () -> board.received().size() == 3);

        connector.refuse(true);
        board.dropConnections();

        // Attempt windows of 200 ms, 2 retransmissions: everything settles within about 600 ms.
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThatThrownBy(() -> Futures.await(read)).isInstanceOf(BoardLinkException.class)
                    .isNotInstanceOf(OutcomeUnknownException.class).hasMessageContaining("read (seq");
            assertThatThrownBy(() -> Futures.await(pulse)).isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("pulse (seq").hasMessageContaining("(reconnecting)");
            assertThatThrownBy(() -> b.readDevice(0, 0, 0)).isInstanceOf(BoardLinkException.class)
                    .hasMessageContaining("read not sent").hasMessageContaining("nothing was applied");
        });
    }

    @Test
    void whenTheReconnectWindowPassesEveryCallFailsFastSayingWhy() {
        CrossbarBoard b = open(quick().newBuilder().reconnectWindow(Duration.ofMillis(300)).build());
        connector.refuse(true);
        board.dropConnections();

        Eventually.await("the board gives up", SOON, () -> {
            try {
                b.heartbeat();
                return false;
            } catch (BoardLinkException e) {
                return e.getMessage().contains("not re-established within the reconnect window of 300 ms");
            }
        });
        // Failing for the recorded reason, not after attempt windows ("the link has been down for ...").
        assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                assertThatThrownBy(() -> b.pulseDevice(0, set(0, 0))).isInstanceOf(BoardLinkException.class)
                        .hasMessageMatching("pulse not sent: the link to pipe:fake was lost and not re-established within "
                                + "the reconnect window of 300 ms \\(\\d+ attempts\\); nothing was applied \\(open the board again\\)"));
    }

    @Test
    void aWriteInFlightWhenTheBoardRestartsIsNotSentAgain() {
        CrossbarBoard b = open();
        board.stall();
        CompletableFuture<Long> pulse = b.pulseAsync(0, List.of(set(4, 4)));
        Eventually.await("pulse at the board", SOON, () -> !board.received(BodyCase.PULSE).isEmpty());

        board.restart();

        assertThatThrownBy(() -> Futures.await(pulse)).isInstanceOf(BoardRestartedException.class)
                .hasMessageContaining("pulse not sent").hasMessageContaining("no longer knew this session");
        assertThat(board.received(BodyCase.PULSE)).hasSize(1);
        b.acknowledgeRestart();
        assertThat(b.readDevice(0, 4, 4)).isEqualTo(board.siemens(0, 4, 4));
    }

    @Test
    void anOutOfEnvelopePulseIsRefusedAndNothingIsSent() {
        CrossbarBoard b = open();
        int before = board.received().size();

        assertThatThrownBy(() -> b.pulseDevice(0, DevicePulse.once(0, 0, 2.5, 100e-9)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage("pulse refused by the driver: OUT_OF_ENVELOPE: pulse 0 at (0, 0): |volts| 2.5 V exceeds the "
                        + "working max_volts 2.0 V (nothing sent)");
        assertThatThrownBy(() -> b.vmm(VmmSpec.forward(0, new float[][] {{0.1f, 0.5f}})))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("max_read_volts 0.3 V");
        assertThatThrownBy(() -> b.pulseDevice(0, set(8, 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row: 8 (expected: 0..7)");

        sleep(50);
        assertThat(board.received()).hasSize(before);
    }

    @Test
    void limitsChangedByTheBoardTightenTheLocalCheck() {
        CrossbarBoard b = open();
        assertThat(b.pulseDevice(0, DevicePulse.once(0, 0, 1.4, 100e-9))).isEqualTo(1);

        board.changeWorkingLimits(board.hardLimits().toBuilder().setMaxVolts(1.3).build());

        Eventually.await("the driver learns the new limit", SOON,
                () -> b.info().limits().working().maxVolts() == 1.3);
        assertThatThrownBy(() -> b.pulseDevice(0, DevicePulse.once(0, 0, 1.4, 100e-9)))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("working max_volts 1.3 V");
    }

    @Test
    void aBoardStatusBecomesABoardStatusExceptionWithTheBoardsMessage() {
        CrossbarBoard b = open();
        board.arm(BodyCase.READ, Fault.REFUSE);

        assertThatThrownBy(() -> b.readDevice(0, 0, 0))
                .isInstanceOfSatisfying(BoardStatusException.class, e -> {
                    assertThat(e.status()).isEqualTo(BoardStatus.INVALID_ARGUMENT);
                    assertThat(e.operation()).isEqualTo("read");
                })
                .hasMessage("read refused by the board: INVALID_ARGUMENT: refused by the fake board on purpose");
    }

    @Test
    void aHelloAnswerOfAnotherMajorVersionIsRefusedNamingBothVersions() {
        board.helloMajor(2);
        board.helloMinor(3);

        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(BoardStatusException.class,
                        e -> assertThat(e.status()).isEqualTo(BoardStatus.VERSION_MISMATCH))
                .hasMessageContaining("the board speaks protocol 2.3")
                .hasMessageContaining("this driver speaks protocol 1.0");
    }

    @Test
    void aBoardOfANewerOrOlderMinorVersionIsAcceptedAndReportsItsOwnVersion() {
        board.helloMinor(7);

        CrossbarBoard b = open();

        assertThat(b.info().protocolVersion()).isEqualTo("1.7");
        assertThat(b.readDevice(0, 0, 0)).isEqualTo(board.siemens(0, 0, 0));
    }

    @Test
    void aBoardThatRefusesTheHelloIsQuotedOnceWithBothVersions() {
        // a board that answers every Hello VERSION_MISMATCH, as a board of another major does
        PipeConnector refusing = new PipeConnector(link -> {
            org.crossbarhil.protocol.FrameEncoder encoder = new org.crossbarhil.protocol.FrameEncoder(4096);
            org.crossbarhil.protocol.FrameDecoder decoder = new org.crossbarhil.protocol.FrameDecoder(4096,
                    new org.crossbarhil.protocol.FrameDecoder.Listener() {
                        @Override
                        public void onRequest(org.crossbarhil.protocol.v1.Request r) {
                            try {
                                link.send(encoder.encode(org.crossbarhil.protocol.v1.Response.newBuilder().setSeq(r.getSeq())
                                        .setStatus(org.crossbarhil.protocol.v1.Status.STATUS_VERSION_MISMATCH)
                                        .setMessage("this board speaks protocol 7.0").build()));
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    });
            return new org.crossbarhil.link.LinkHandler() {
                @Override
                public void onBytes(byte[] data, int offset, int length) {
                    decoder.feed(data, offset, length);
                }

                @Override
                public void onClosed(Throwable cause) {
                }
            };
        });

        assertThatThrownBy(() -> ProtocolBoards.open(refusing, fast(), "pipe:refusing").close())
                .isInstanceOfSatisfying(BoardStatusException.class,
                        e -> assertThat(e.status()).isEqualTo(BoardStatus.VERSION_MISMATCH))
                .hasMessage("hello refused by the board: VERSION_MISMATCH: this board speaks protocol 7.0; this driver speaks "
                        + "protocol 1.0 and major versions must match: use board firmware and a driver of the same major version");
    }

    @Test
    void framesOfAnotherMajorVersionAreRefusedNamingBothVersions() {
        board.framingVersion(3);
        board.helloMajor(3);

        assertThatThrownBy(this::open)
                .isInstanceOf(BoardStatusException.class)
                .hasMessageStartingWith("hello refused by the board: VERSION_MISMATCH: the board answered with protocol 3.0 frames")
                .hasMessageContaining("this driver speaks protocol 1.0");
    }

    @Test
    void aLinkThatClosesBeforeTheHandshakeFailsTheOpenAtOnce() {
        org.crossbarhil.link.Connector closesAtOnce = new org.crossbarhil.link.Connector() {
            @Override
            public org.crossbarhil.link.Link connect(org.crossbarhil.link.LinkHandler handler, Duration timeout) {
                handler.onClosed(null);
                return new org.crossbarhil.link.Link() {
                    @Override
                    public void send(byte[] frame) throws java.io.IOException {
                        throw new java.io.IOException("closed");
                    }

                    @Override
                    public String describe() {
                        return "dead link";
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public String describe() {
                return "dead:";
            }
        };

        // Attempt windows of 2 s: only noticing the close ends this quickly.
        assertTimeoutPreemptively(Duration.ofMillis(1500), () ->
                assertThatThrownBy(() -> ProtocolBoards.open(closesAtOnce, fast(), "dead:"))
                        .isInstanceOf(BoardLinkException.class)
                        .hasMessage("link dead link closed during the handshake, before Hello could be sent"));
    }

    @Test
    void readTileSplitsIntoRowRangesThatFitTheFrame() {
        FakeBoard big = new FakeBoard(1, 64, 64, 4096, 60);
        CrossbarBoard b = ProtocolBoards.open(new PipeConnector(big), fast(), "pipe:big");
        opened.add(b);

        ConductanceMap tile = b.readTile(0);

        // 4096-byte frames leave 3840 bytes for 256-byte rows: 15 rows per read, 5 reads.
        assertThat(big.received(BodyCase.READ)).hasSize(5);
        assertThat(tile.rows()).isEqualTo(64);
        assertThat(tile.get(63, 63)).isEqualTo(big.siemens(0, 63, 63));
        assertThat(tile.get(17, 5)).isEqualTo(big.siemens(0, 17, 5));
    }

    @Test
    void aVmmBatchLargerThanAFrameIsSplitAndJoined() {
        FakeBoard big = new FakeBoard(1, 64, 64, 4096, 60);
        CrossbarBoard b = ProtocolBoards.open(new PipeConnector(big), fast(), "pipe:big");
        opened.add(b);
        float[][] vectors = new float[40][64];
        for (int v = 0; v < 40; v++) {
            vectors[v][v] = 0.1f;
        }

        VmmResult r = b.vmm(VmmSpec.forward(0, vectors));

        assertThat(big.received(BodyCase.VMM)).hasSize(3);
        assertThat(r.vectorCount()).isEqualTo(40);
        assertThat(r.get(39, 7)).isCloseTo(0.1f * big.siemens(0, 39, 7), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void anIdleLinkIsKeptAliveByHeartbeats() {
        open(fast().newBuilder().heartbeatInterval(Duration.ofMillis(30)).build());

        Eventually.await("heartbeats", SOON, () -> board.received(BodyCase.HEARTBEAT).size() >= 3);
    }

    @Test
    void anUnansweredHeartbeatResetsTheLinkAndTheDriverReconnects() {
        CrossbarBoard b = open(fast().newBuilder().heartbeatInterval(Duration.ofMillis(30))
                .requestTimeout(Duration.ofMillis(100)).maxRetransmissions(0).build());
        board.stall();

        Eventually.await("a second connection", SOON, () -> board.connectionsAccepted() >= 2);
        Eventually.await("reconnected", SOON, () -> b.linkStats().reconnects() >= 1);
        board.release();
        assertThat(b.readDevice(0, 0, 0)).isEqualTo(board.siemens(0, 0, 0));
    }

    @Test
    void closeSendsSafeIdleThenRefusesFurtherCalls() {
        CrossbarBoard b = open();
        b.close();

        assertThat(board.received(BodyCase.SAFE_IDLE)).hasSize(1);
        assertThatThrownBy(() -> b.readDevice(0, 0, 0)).isInstanceOf(BoardLinkException.class)
                .hasMessageContaining("was closed");
        b.close();
    }

    @Test
    void everyOperationRoundTripsThroughTheWire() {
        CrossbarBoard b = open();

        assertThat(b.refreshInfo().state()).isEqualTo(org.crossbarhil.driver.BoardState.READY);
        assertThat(b.limits().hard().maxVolts()).isEqualTo(2.0);
        assertThat(b.setWorkingLimits(b.info().limits().hard().toBuilder().maxVolts(1.5).build()).working().maxVolts())
                .isEqualTo(1.5);
        assertThat(b.pulseAndRead(0, List.of(set(1, 2)), 0, false)).hasSize(1);
        assertThat(b.outerProductUpdate(new org.crossbarhil.driver.OuterProductSpec(0, 0, 0, new float[] {0.5f, 0},
                new float[] {1f, 0.25f}, 31, 1.2, -1.1, 100e-9)).devicePulses()).isEqualTo(4);
        assertThat(b.writeVerify(new org.crossbarhil.driver.WriteVerifySpec(0,
                List.of(new org.crossbarhil.driver.DeviceTarget(0, 0, 20e-6)), 1e-7, 10, 1.2, -1.1, 100e-9, 0))
                .unconverged()).isZero();
        assertThat(b.ramp(new org.crossbarhil.driver.RampSpec(0, 0, 0, 0.5, 1.0, 0.1, 100e-9, 0, 0, 0, false))
                .points()).hasSize(6);
        assertThat(b.heartbeat().state()).isEqualTo(org.crossbarhil.driver.BoardState.READY);
        assertThat(b.ledger().devicePulses()).isEqualTo(0);
        assertThat(b.lease(org.crossbarhil.driver.LeaseAction.QUERY, null).held()).isFalse();
        java.util.BitSet mask = new java.util.BitSet();
        mask.set(3);
        mask.set(63);
        assertThat(b.setUpdateMask(0, mask)).isEqualTo(2);
        assertThat(b.abort("test")).isFalse();
        b.safeIdle();
        assertThat(b.configure(new org.crossbarhil.driver.ReadConfig(0.25, 0, 0, 0)).readVolts()).isEqualTo(0.25);
        assertThat(b.linkStats().requests()).isGreaterThanOrEqualTo(14);
    }

    @Test
    void eventsFromTheBoardReachSubscribers() {
        CrossbarBoard b = open();
        List<BoardEvent> events = new CopyOnWriteArrayList<>();
        b.subscribe(events::add, Duration.ofSeconds(1));

        board.emit(org.crossbarhil.protocol.v1.Event.newBuilder().setEventSeq(7).setBoardTimeSeconds(2.5)
                .setSafeIdle(org.crossbarhil.protocol.v1.SafeIdleEvent.newBuilder().setReason("heartbeat lost")).build());

        Eventually.await("the event", SOON, () -> !events.isEmpty());
        assertThat(events.get(0).kind()).isEqualTo(BoardEvent.Kind.SAFE_IDLE);
        assertThat(events.get(0).message()).isEqualTo("heartbeat lost");
        assertThat(events.get(0).eventSeq()).isEqualTo(7);
        Eventually.await("the subscription request", SOON, () -> board.received(BodyCase.SUBSCRIBE).size() == 1);
    }

    @Test
    void theLimitsTheBoardReportsAreUsedForTheLocalCheck() {
        Limits tight = new FakeBoard().hardLimits().toBuilder().setMaxPulsesPerCommand(3).build();
        board.changeWorkingLimits(tight);
        CrossbarBoard b = open();

        assertThatThrownBy(() -> b.pulseDevice(0, new DevicePulse(0, 0, 1.0, 100e-9, 4)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("4 device pulses (sum of pulse counts) exceed the working max_pulses_per_command 3");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
