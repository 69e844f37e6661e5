package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Futures;
import org.crossbarhil.driver.Ledger;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.driver.fakes.FakeBoard;
import org.crossbarhil.driver.fakes.PipeConnector;
import org.crossbarhil.protocol.v1.Request.BodyCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session rules of docs/protocol.md section 6 as the driver keeps them: a session id per
 * open, no more unanswered writes than the board's idempotency capacity, and which requests may
 * be sent again after the board lost its memory.
 */
class LinkSessionTest {
    private static final Duration SOON = Duration.ofSeconds(5);

    private final FakeBoard board = new FakeBoard();
    private final PipeConnector connector = new PipeConnector(board);
    private final List<CrossbarBoard> opened = new ArrayList<>();

    private CrossbarBoard open(DriverOptions options) {
        CrossbarBoard b = ProtocolBoards.open(connector, options, "pipe:fake");
        opened.add(b);
        return b;
    }

    @AfterEach
    void closeBoards() {
        board.release();
        for (CrossbarBoard b : opened) {
            b.close();
        }
    }

    private static DevicePulse set(int row, int col) {
        return DevicePulse.once(row, col, 1.2, 100e-9);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- session id per open ----

    @Test
    void twoBoardsOpenedWithTheSameOptionsHaveTheirOwnSessionsAndBothWorkAtOnce() {
        DriverOptions options = ProtocolClientTest.fast();
        CrossbarBoard first = open(options);
        CrossbarBoard second = open(options);
        float before = board.siemens(0, 6, 6);

        assertThat(board.helloSessions()).hasSize(2).doesNotHaveDuplicates().doesNotContain(0L);

        // The same pulse from both at once: with a shared session both would use the same key,
        // and the board would answer the second from the memory of the first without running it.
        board.stall();
        List<CompletableFuture<Long>> pulses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pulses.add(first.pulseAsync(0, List.of(set(6, 6))));
            pulses.add(second.pulseAsync(0, List.of(set(6, 6))));
        }
        Eventually.await("six pulses at the board", SOON, () -> board.received(BodyCase.PULSE).size() == 6);
        board.release();
        for (CompletableFuture<Long> p : pulses) {
            assertThat(Futures.await(p)).isEqualTo(1L);
        }

        assertThat(board.executed(BodyCase.PULSE)).isEqualTo(6);
        assertThat(board.replays()).isZero();
        assertThat(board.siemens(0, 6, 6) - before).isCloseTo((float) (6 * FakeBoard.STEP_SIEMENS),
                org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(first.readDevice(0, 6, 6)).isEqualTo(second.readDevice(0, 6, 6));
    }

    @Test
    void aBoardKeepsItsOwnSessionIdAcrossAReconnect() {
        CrossbarBoard b = open(ProtocolClientTest.fast());

        board.dropConnections();
        Eventually.await("reconnected", SOON, () -> b.linkStats().reconnects() == 1);

        assertThat(board.helloSessions()).hasSize(2).containsOnly(board.helloSessions().get(0));
    }

    @Test
    void anExplicitSessionIdIsSentAsIs() {
        DriverOptions options = ProtocolClientTest.fast().newBuilder().sessionId(0x0DDBA11L).build();
        open(options);
        open(options);

        assertThat(board.helloSessions()).containsExactly(0x0DDBA11L, 0x0DDBA11L);
    }

    // ---- unanswered writes and the board's idempotency capacity ----

    @Test
    void noMoreWritesThanTheBoardsIdempotencyCapacityAreUnansweredAtOnce() {
        board.idempotencyCapacity(2);
        CrossbarBoard b = open(ProtocolClientTest.fast());
        board.stall();

        List<CompletableFuture<Long>> pulses = new ArrayList<>();
        for (int col = 0; col < 5; col++) {
            pulses.add(b.pulseAsync(0, List.of(set(0, col))));
        }
        Eventually.await("two pulses at the board", SOON, () -> board.received(BodyCase.PULSE).size() == 2);
        sleep(100);
        assertThat(board.received(BodyCase.PULSE)).hasSize(2);
        assertThat(b.linkStats().inFlight()).isEqualTo(2);

        board.release();
        for (CompletableFuture<Long> p : pulses) {
            assertThat(Futures.await(p)).isEqualTo(1L);
        }
        assertThat(board.executed(BodyCase.PULSE)).isEqualTo(5);
    }

    @Test
    void readsAreNotBoundByTheIdempotencyCapacity() {
        board.idempotencyCapacity(1);
        CrossbarBoard b = open(ProtocolClientTest.fast());
        board.stall();

        List<CompletableFuture<ConductanceMap>> reads = new ArrayList<>();
        for (int col = 0; col < 4; col++) {
            reads.add(b.readAsync(ReadSpec.device(0, 2, col)));
        }

        Eventually.await("all four reads at the board", SOON, () -> board.received(BodyCase.READ).size() == 4);
        board.release();
        for (CompletableFuture<ConductanceMap> r : reads) {
            Futures.await(r);
        }
    }

    @Test
    void aLedgerResetCountsAsAWriteAndRequestsKeepTheirOrder() {
        board.idempotencyCapacity(1);
        CrossbarBoard b = open(ProtocolClientTest.fast());
        board.stall();

        CompletableFuture<Long> pulse = b.pulseAsync(0, List.of(set(1, 1)));
        CompletableFuture<Ledger> reset = b.ledgerAsync(true);
        // Would fit the window, but must not overtake the reset waiting for write room.
        CompletableFuture<ConductanceMap> read = b.readAsync(ReadSpec.device(0, 1, 1));
        Eventually.await("the pulse at the board", SOON, () -> board.received(BodyCase.PULSE).size() == 1);
        sleep(100);
        assertThat(board.received(BodyCase.LEDGER)).isEmpty();
        assertThat(board.received(BodyCase.READ)).isEmpty();

        board.release();
        Eventually.await("the reset goes out once the pulse is answered", SOON,
                () -> board.received(BodyCase.LEDGER).size() == 1);
        board.release();
        Futures.await(pulse);
        Futures.await(reset);
        Futures.await(read);
        List<BodyCase> order = board.received().stream().map(FakeBoard.Received::op)
                .filter(op -> op != BodyCase.HELLO).toList();
        assertThat(order).containsExactly(BodyCase.PULSE, BodyCase.LEDGER, BodyCase.READ);
    }

    @Test
    void aReconnectsHelloSetsTheCapacityAgain() {
        board.idempotencyCapacity(1);
        CrossbarBoard b = open(ProtocolClientTest.fast());
        board.idempotencyCapacity(3);
        board.dropConnections();
        Eventually.await("reconnected", SOON, () -> b.linkStats().reconnects() == 1);
        board.stall();

        List<CompletableFuture<Long>> pulses = new ArrayList<>();
        for (int col = 0; col < 5; col++) {
            pulses.add(b.pulseAsync(0, List.of(set(3, col))));
        }
        Eventually.await("three pulses at the board", SOON, () -> board.received(BodyCase.PULSE).size() == 3);
        sleep(100);
        assertThat(board.received(BodyCase.PULSE)).hasSize(3);

        board.release();
        Eventually.await("the other two", SOON, () -> board.received(BodyCase.PULSE).size() == 5);
        board.release();
        for (CompletableFuture<Long> p : pulses) {
            Futures.await(p);
        }
    }

    @Test
    void aBoardThatStatesNoCapacityLeavesOnlyTheInFlightWindow() {
        board.idempotencyCapacity(0);
        CrossbarBoard b = open(ProtocolClientTest.fast().newBuilder().maxInFlight(3).build());
        board.stall();

        for (int col = 0; col < 4; col++) {
            b.pulseAsync(0, List.of(set(4, col)));
        }

        Eventually.await("three pulses at the board", SOON, () -> board.received(BodyCase.PULSE).size() == 3);
        sleep(100);
        assertThat(board.received(BodyCase.PULSE)).hasSize(3);
    }

    // ---- what goes out again after a reconnect ----

    @Test
    void aReconnectSendsThePendingWritesAgainInSeqOrderUnderTheirOwnKeysThenTheWriteThatWaited() {
        CrossbarBoard b = open(ProtocolClientTest.fast());
        board.stall();
        List<CompletableFuture<Long>> pulses = new ArrayList<>();
        for (int col = 0; col < 3; col++) {
            pulses.add(b.pulseAsync(0, List.of(set(7, col))));
        }
        Eventually.await("three pulses at the board", SOON, () -> board.received(BodyCase.PULSE).size() == 3);
        List<FakeBoard.Received> first = board.received(BodyCase.PULSE);

        connector.refuse(true);
        board.dropConnections();
        Eventually.await("the link is down", SOON, () -> b.toString().contains("(reconnecting)"));
        CompletableFuture<Long> waited = b.pulseAsync(0, List.of(set(7, 3)));
        connector.refuse(false);

        for (CompletableFuture<Long> p : pulses) {
            assertThat(Futures.await(p)).isEqualTo(1L);
        }
        assertThat(Futures.await(waited)).isEqualTo(1L);
        List<FakeBoard.Received> all = board.received(BodyCase.PULSE);
        assertThat(all).hasSize(7);
        List<FakeBoard.Received> again = all.subList(3, 7);
        for (int i = 0; i < 3; i++) {
            assertThat(again.get(i).seq()).as("seq of resent pulse %d", i).isEqualTo(first.get(i).seq());
            assertThat(again.get(i).raw()).as("bytes of resent pulse %d", i).isEqualTo(first.get(i).raw());
        }
        assertThat(again.get(3).seq()).as("the pulse that waited for the link").isGreaterThan(first.get(2).seq());
        assertThat(board.executed(BodyCase.PULSE)).isEqualTo(4);
        assertThat(b.linkStats().reconnects()).isEqualTo(1);
    }

    // ---- what goes out again after the board lost its memory ----

    @Test
    void aLedgerResetInFlightWhenTheBoardRestartsIsNotSentAgain() {
        CrossbarBoard b = open(ProtocolClientTest.fast());
        board.stall();
        CompletableFuture<Ledger> reset = b.ledgerAsync(true);
        Eventually.await("reset at the board", SOON, () -> board.received(BodyCase.LEDGER).size() == 1);

        board.restart();

        assertThatThrownBy(() -> Futures.await(reset)).isInstanceOf(BoardRestartedException.class)
                .hasMessageContaining("ledger not sent").hasMessageContaining("no longer knew this session");
        assertThat(board.received(BodyCase.LEDGER)).hasSize(1);
        assertThat(board.executed(BodyCase.LEDGER)).isZero();
    }

    @Test
    void aPlainLedgerReadInFlightWhenTheBoardRestartsFailsAsRestartedAndGoesOutOnceAcknowledged() {
        CrossbarBoard b = open(ProtocolClientTest.fast());
        board.stall();
        CompletableFuture<Ledger> read = b.ledgerAsync(false);
        Eventually.await("ledger read at the board", SOON, () -> board.received(BodyCase.LEDGER).size() == 1);

        board.restart();

        assertThatThrownBy(() -> Futures.await(read)).isInstanceOf(BoardRestartedException.class);
        assertThatThrownBy(() -> b.ledger()).as("later calls too, until acknowledged").isInstanceOf(BoardRestartedException.class);
        assertThat(board.received(BodyCase.LEDGER)).hasSize(1);
        b.acknowledgeRestart();
        assertThat(b.ledger().devicePulses()).isZero();
        assertThat(board.received(BodyCase.LEDGER)).hasSize(2);
    }

    @Test
    void safeIdleInFlightWhenTheBoardRestartsIsSentAgainBecauseRepeatingItIsHarmless() {
        CrossbarBoard b = open(ProtocolClientTest.fast());
        board.stall();
        CompletableFuture<Void> idle = b.safeIdleAsync();
        Eventually.await("safe idle at the board", SOON, () -> board.received(BodyCase.SAFE_IDLE).size() == 1);

        board.restart();

        Futures.await(idle);
        assertThat(board.received(BodyCase.SAFE_IDLE)).hasSize(2);
        assertThat(board.executed(BodyCase.SAFE_IDLE)).isEqualTo(1);
    }

    // ---- close ----

    /**
     * A call submitted while another thread closes the board must settle (refused or abandoned),
     * never wait forever: submission checks the session state, then joins the tracker, and a close
     * can fall between the two. Many rounds, because the window is narrow.
     */
    @Test
    void everyCallSubmittedWhileTheBoardClosesSettles() throws Exception {
        for (int round = 0; round < 200; round++) {
            CrossbarBoard b = open(ProtocolClientTest.fast());
            List<CompletableFuture<Ledger>> calls = new CopyOnWriteArrayList<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread submitter = new Thread(() -> {
                started.countDown();
                for (int i = 0; i < 50; i++) {
                    calls.add(b.ledgerAsync(false));
                }
            });
            submitter.start();
            started.await();
            b.close();
            submitter.join();
            for (CompletableFuture<Ledger> c : calls) {
                try {
                    c.get(SOON.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException refusedOrAbandoned) {
                    // settled: what the caller of a closing board may be told
                } catch (TimeoutException hung) {
                    throw new AssertionError("round " + round + ": a call submitted around close never settled", hung);
                }
            }
        }
    }
}
