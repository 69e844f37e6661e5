package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.cli.containers.BoardContainer;
import org.crossbarhil.cli.containers.CrossbarImage;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.OutcomeUnknownException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What happens to a driver when the board's container is frozen or killed under it. Pulses are
 * counted by the board's own ledger, so "applied once" is measured, not assumed.
 */
class BoardFaultsContainerIT {
    private static final DevicePulse SET = DevicePulse.once(3, 5, 1.2, 100e-9);

    private BoardContainer board;

    @BeforeEach
    void startBoard() {
        CrossbarImage.assumeDocker();
        board = BoardContainer.startSim(Map.of("CROSSBAR_PROFILE", "taox-2x64", "CROSSBAR_SEED", "5"));
    }

    @AfterEach
    void stopBoard() {
        if (board != null) {
            board.close();
        }
    }

    @Test
    void aPausedBoardFailsRequestsWithinTheTimeoutAndAfterUnpauseTheUnknownWriteResolvesAppliedOnce() {
        warmUp();
        // 3 s per attempt and one retransmission: a frozen board costs a caller about 6 s, never a hang.
        DriverOptions options = DriverOptions.builder().requestTimeout(Duration.ofSeconds(3)).maxRetransmissions(1).build();
        try (CrossbarBoard b = Boards.open(board.uri(), options)) {
            b.pulseDevice(0, SET);
            long pulsesBefore = b.ledger().devicePulses();

            board.pause();
            long t0 = System.nanoTime();
            CompletableFuture<Long> write = b.pulseAsync(0, List.of(new DevicePulse(3, 5, 1.2, 100e-9, 3)));
            CompletableFuture<Double> read = CompletableFuture.supplyAsync(() -> b.readDevice(0, 3, 5));

            Throwable writeFailure = failureWithin(write, Duration.ofSeconds(20));
            Throwable readFailure = failureWithin(read, Duration.ofSeconds(20));
            double seconds = (System.nanoTime() - t0) / 1e9;
            // 2 attempts of 3 s, plus slack for a loaded CI machine
            assertThat(seconds).as("both calls gave up within their timeout budget").isBetween(5.5, 15.0);
            assertThat(writeFailure).isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("outcome unknown").hasMessageContaining("resolveOutcome(");
            assertThat(readFailure).isInstanceOf(BoardLinkException.class).isNotInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("ms");
            long seq = ((OutcomeUnknownException) writeFailure).seq();

            board.unpause();
            // The same session comes back: the board answers the unknown write from memory, or runs it now, once.
            Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(40), () -> resolveOnceTheLinkIsBack(b, seq));
            assertThat(outcome).isEqualTo(3L);
            assertThat(b.ledger().devicePulses()).as("retransmitted and resolved, yet applied once").isEqualTo(pulsesBefore + 3);
            assertThat(b.linkStats().timeouts()).isPositive();

            // and the board carries on
            assertThat(b.pulseDevice(0, SET)).isEqualTo(1L);
            assertThat(b.ledger().devicePulses()).isEqualTo(pulsesBefore + 4);
        }
    }

    @Test
    void aKilledAndRestartedBoardIsReconnectedAndAWriteInFlightIsReportedUnknownNeverReapplied() {
        // Long enough that the write in flight is still pending when the restarted board answers the reconnect.
        DriverOptions options = DriverOptions.builder().requestTimeout(Duration.ofSeconds(8)).maxRetransmissions(2)
                .reconnectWindow(Duration.ofSeconds(90)).build();
        try (CrossbarBoard b = Boards.open(board.uri(), options)) {
            b.pulse(0, List.of(new DevicePulse(3, 5, 1.2, 100e-9, 2)));
            assertThat(b.ledger().devicePulses()).isEqualTo(2);
            String serial = b.info().identity().serialNumber();

            // Frozen first, so the write is surely on the wire and unanswered when the board dies.
            board.pause();
            CompletableFuture<Long> write = b.pulseAsync(0, List.of(new DevicePulse(3, 5, 1.2, 100e-9, 5)));
            awaitInFlight(b);
            board.kill();
            board.restart();

            Throwable failure = failureWithin(write, Duration.ofSeconds(60));
            // Either the reconnect found another boot id (the board restarted: the write is failed as such, never sent
            // again), or (on a machine so loaded that the restart outlasts the request's attempts) the attempts ran out
            // first and the write is outcome unknown.
            assertThat(failure).isInstanceOfAny(org.crossbarhil.driver.BoardRestartedException.class, OutcomeUnknownException.class);
            if (failure instanceof OutcomeUnknownException) {
                assertThat(failure).hasMessageContaining("outcome unknown");
            }

            // The driver is back on the new board process: same address, same profile and seed; the caller takes the
            // new chip as it is, and calls go out again.
            long pulsesNow = ledgerOnceTheLinkIsBack(b);
            assertThat(b.linkStats().reconnects()).isPositive();
            assertThat(b.info().identity().serialNumber()).isEqualTo(serial);
            assertThat(pulsesNow).as("the restarted board applied nothing: neither the old pulses nor the unknown write").isZero();
            if (failure instanceof OutcomeUnknownException) {
                long seq = ((OutcomeUnknownException) failure).seq();
                assertThatThrownBy(() -> b.resolveOutcome(seq)).isInstanceOf(OutcomeUnknownException.class)
                        .hasMessageContaining("cannot be resolved");
                assertThat(b.ledger().devicePulses()).as("asking about the unknown write did not send it again").isZero();
            }

            assertThat(b.pulseDevice(0, SET)).isEqualTo(1L);
            assertThat(b.ledger().devicePulses()).isEqualTo(1);
        }
    }

    /** A cold JVM in the container can take seconds over its first requests: not what the short timeouts below are about. */
    private void warmUp() {
        try (CrossbarBoard b = Boards.open(board.uri())) {
            for (int i = 0; i < 20; i++) {
                b.readDevice(0, 3, 5);
            }
            b.readTile(1);
        }
    }

    private static long ledgerOnceTheLinkIsBack(CrossbarBoard b) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return b.ledger().devicePulses();
            } catch (org.crossbarhil.driver.BoardRestartedException restarted) {
                b.acknowledgeRestart();
            } catch (BoardLinkException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }

    private static Object resolveOnceTheLinkIsBack(CrossbarBoard b, long seq) throws InterruptedException {
        while (true) {
            try {
                return b.resolveOutcome(seq);
            } catch (BoardLinkException stillUnreachable) {
                // "not sent", "timed out" or "outcome unknown" again while the link comes back; final only when memory is gone
                if (stillUnreachable.getMessage().contains("cannot be resolved")) {
                    throw stillUnreachable;
                }
                Thread.sleep(250);
            }
        }
    }

    private static void awaitInFlight(CrossbarBoard b) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (b.linkStats().inFlight() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the write never went out: " + b.linkStats());
            }
            Thread.onSpinWait();
        }
        try {
            // counted in flight as soon as accepted: give the link thread a moment to put it on the wire
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The exception the future failed with, or an AssertionError when it completed or hung. */
    private static Throwable failureWithin(CompletableFuture<?> f, Duration limit) {
        try {
            Object value = f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException | CompletionException e) {
            return e.getCause() instanceof CompletionException && e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer and no error within " + limit.toSeconds() + " s: the driver hangs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
