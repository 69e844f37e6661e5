package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.trainer.ProgressListener;
import org.crossbarhil.trainer.Trainer;
import org.crossbarhil.trainer.TrainingConfig;
import org.crossbarhil.trainer.TrainingInterruptedException;
import org.crossbarhil.trainer.TrainingSummary;
import org.crossbarhil.trainer.data.Braille;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's fault suite, board side: a board killed and started anew on the same port (a new
 * chip, a new boot id) inside the driver's reconnect window while a training runs, direct and
 * through the gateway; and a gateway whose board stayed away far longer than its reconnect window.
 */
class BoardRestartFaultIT {
    private static final SimConfig SIM = SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "41"));
    private static final int EPOCHS = 3;

    /** Stops the board and serves a new one on the same port once the first epoch is recorded. */
    private static final class RestartAfterFirstEpoch implements ProgressListener {
        final AtomicReference<SimulatorServer> server;
        volatile boolean restarted;

        RestartAfterFirstEpoch(AtomicReference<SimulatorServer> server) {
            this.server = server;
        }

        @Override
        public void epoch(EpochReport report) {
            if (restarted) {
                return;
            }
            restarted = true;
            server.set(restart(server.get()));
        }
    }

    private static SimulatorServer restart(SimulatorServer old) {
        int port = old.port();
        old.close();
        try {
            return SimulatorServer.builder().config(SIM).listen("127.0.0.1", port).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TrainingConfig training(String board, Path db) {
        return TrainingConfig.builder().board(board).epochs(EPOCHS).seed(3)
                .braille(Braille.Options.DEFAULTS.withTrainSize(240).withTestSize(120)).runDb(db).build();
    }

    @Test
    @Timeout(600)
    void aBoardRestartedMidRunInterruptsTheRunAndResumeFinishesWithTheUndisturbedAccuracy(@TempDir Path dir) throws Exception {
        double undisturbed;
        try (SimulatorServer s = SimulatorServer.builder().config(SIM).listen("127.0.0.1", 0).start()) {
            undisturbed = Trainer.run(training("tcp://127.0.0.1:" + s.port(), dir.resolve("calm.db")), ProgressListener.NONE)
                    .testAccuracy();
        }
        AtomicReference<SimulatorServer> server = new AtomicReference<>(SimulatorServer.builder().config(SIM)
                .listen("127.0.0.1", 0).start());
        Path db = dir.resolve("runs.db");
        try {
            TrainingConfig config = training("tcp://127.0.0.1:" + server.get().port(), db);
            TrainingInterruptedException stopped = (TrainingInterruptedException) catchThrowable(() ->
                    Trainer.run(config, new RestartAfterFirstEpoch(server)));
            assertThat(stopped.getCause()).isInstanceOf(BoardRestartedException.class).isInstanceOf(BoardLinkException.class);
            assertThat(stopped).hasMessageContaining("board restarted").hasMessageContaining("--resume " + stopped.runId());
            try (RunStore store = RunStore.open(db)) {
                RunInfo run = store.run(stopped.runId()).orElseThrow();
                assertThat(run.status()).isEqualTo(RunInfo.INTERRUPTED);
                assertThat(store.events(run.id())).anyMatch(e -> e.contains("interrupted: board restarted"));
                assertThat(store.epochs(run.id())).as("only the epoch completed before the restart").hasSize(1);
                assertThat(store.epochs(run.id())).allMatch(e -> e.energyJoules() > 0 && e.hardwareSeconds() > 0);
            }
            TrainingSummary resumed = Trainer.resume(stopped.runId(), db, null, ProgressListener.NONE, new org.crossbarhil.trainer
                    .Cancellation());
            System.out.printf("board restart, direct: undisturbed %.4f, interrupted and resumed %.4f%n", undisturbed,
                    resumed.testAccuracy());
            assertThat(resumed.testAccuracy()).as("resumed after a restart vs. undisturbed").isCloseTo(undisturbed,
                    org.assertj.core.data.Offset.offset(0.15));
            try (RunStore store = RunStore.open(db)) {
                assertThat(store.run(stopped.runId()).orElseThrow().status()).isEqualTo(RunInfo.COMPLETED);
                assertThat(store.epochs(stopped.runId())).hasSize(EPOCHS)
                        .allMatch(e -> e.energyJoules() > 0 && e.hardwareSeconds() > 0);
            }
        } finally {
            server.get().close();
        }
    }

    /**
     * A ledger reset the driver cannot see (another client of the same board zeroes it, as a
     * board whose ledger restarts would): the trainer refuses the lower reading as a fault and
     * records nothing of that epoch, so no recorded figure is ever negative.
     */
    @Test
    @Timeout(600)
    void aLedgerResetMidRunIsRefusedAsAFaultAndNoRecordedFigureGoesNegative(@TempDir Path dir) throws Exception {
        try (SimulatorServer s = SimulatorServer.builder().config(SIM).listen("127.0.0.1", 0).start()) {
            String uri = "tcp://127.0.0.1:" + s.port();
            AtomicReference<org.crossbarhil.driver.Ledger> zeroed = new AtomicReference<>();
            ProgressListener resetInEpochTwo = new ProgressListener() {
                @Override
                public void batch(EpochProgress p) {
                    if (p.epoch() == 2 && zeroed.get() == null) {
                        try (CrossbarBoard other = Boards.open(uri + "?client=ledger-reset", DriverOptions.defaults())) {
                            zeroed.set(other.resetLedger());
                        }
                    }
                }
            };
            Path db = dir.resolve("runs.db");
            TrainingInterruptedException stopped = (TrainingInterruptedException) catchThrowable(() ->
                    Trainer.run(training(uri, db), resetInEpochTwo));

            assertThat(zeroed.get()).as("the ledger was reset in epoch 2").isNotNull();
            assertThat(zeroed.get().totalEnergyJoules()).isPositive();
            assertThat(stopped).hasMessageContaining("ledger went backwards").hasMessageContaining("not recorded");
            assertThat(stopped.linkFailure()).isFalse();
            try (RunStore store = RunStore.open(db)) {
                assertThat(store.run(stopped.runId()).orElseThrow().status()).isEqualTo(RunInfo.FAILED);
                assertThat(store.epochs(stopped.runId())).as("only epoch 1, measured before the reset").hasSize(1)
                        .allMatch(e -> e.energyJoules() > 0 && e.hardwareSeconds() > 0);
            }
        }
    }

    @Test
    @Timeout(600)
    void throughTheGatewayTheRestartReachesTheTrainerAndTheAuditLog(@TempDir Path dir) throws Exception {
        AtomicReference<SimulatorServer> server = new AtomicReference<>(SimulatorServer.builder().config(SIM)
                .listen("127.0.0.1", 0).start());
        Path audit = dir.resolve("audit.jsonl");
        try (Gateway g = Gateway.open("tcp://127.0.0.1:" + server.get().port(),
                GatewayConfig.builder().listen("127.0.0.1", 0).auditLog(audit).build())) {
            long bootBefore = server.get().board().bootId();
            Path db = dir.resolve("runs.db");
            TrainingInterruptedException stopped = (TrainingInterruptedException) catchThrowable(() ->
                    Trainer.run(training(g.clientUri() + "?client=trainer", db), new RestartAfterFirstEpoch(server)));
            assertThat(stopped.getCause()).isInstanceOf(BoardRestartedException.class);
            try (RunStore store = RunStore.open(db)) {
                assertThat(store.run(stopped.runId()).orElseThrow().status()).isEqualTo(RunInfo.INTERRUPTED);
                assertThat(store.epochs(stopped.runId())).hasSize(1);
            }
            assertThat(g.stats().boardRestarts()).isEqualTo(1);
            assertThat(Files.readString(audit)).contains("\"board_restarted\"").contains(Long.toHexString(bootBefore));
            // The gateway serves the new board; a new client's Hello carries its boot id.
            try (CrossbarBoard b = Boards.open(g.clientUri() + "?client=after", DriverOptions.defaults())) {
                assertThat(b.readDevice(0, 0, 0)).isPositive();
            }
            assertThat(g.upstream().hello().getBootId()).isEqualTo(server.get().board().bootId())
                    .isNotEqualTo(bootBefore);
        } finally {
            server.get().close();
        }
    }

    @Test
    @Timeout(120)
    void aGatewayServesAgainSoonAfterAnOutageLongerThanItsReconnectWindow() throws Exception {
        SimulatorServer first = SimulatorServer.builder().config(SIM).listen("127.0.0.1", 0).start();
        int port = first.port();
        DriverOptions upstream = Gateway.upstreamOptions().newBuilder().reconnectWindow(Duration.ofMillis(500))
                .maxReconnectBackoff(Duration.ofMillis(500)).build();
        GatewayConfig config = GatewayConfig.builder().listen("127.0.0.1", 0).exitOnBoardLoss(Duration.ofSeconds(3)).build();
        try (Gateway g = Gateway.open("tcp://127.0.0.1:" + port, upstream, config);
                CrossbarBoard client = Boards.open(g.clientUri() + "?client=patient",
                        DriverOptions.defaults().newBuilder().requestTimeout(Duration.ofSeconds(2)).build())) {
            assertThat(client.readDevice(0, 0, 0)).isPositive();
            first.close();
            // Far past the upstream's reconnect window: the gateway must still be trying.
            assertThat(g.boardLost().get(30, java.util.concurrent.TimeUnit.SECONDS)).contains("unreachable for");
            assertThatThrownBy(() -> client.readDevice(0, 0, 0)).isInstanceOf(BoardLinkException.class)
                    .hasMessageContaining("has not been reachable for").hasMessageContaining("retry later");
            assertThat(g.stats().unavailable()).isPositive();
            try (SimulatorServer second = SimulatorServer.builder().config(SIM).listen("127.0.0.1", port).start()) {
                long back = System.nanoTime();
                org.crossbarhil.driver.fakes.Eventually.await("the gateway serving again", Duration.ofSeconds(5), () -> {
                    try {
                        client.acknowledgeRestart();
                        return client.readDevice(0, 0, 0) > 0;
                    } catch (BoardLinkException stillDown) {
                        return false;
                    }
                });
                System.out.printf("gateway served again %.2f s after the board's return%n", (System.nanoTime() - back) / 1e9);
                assertThat(g.stop()).endsWith("in safe idle");
            }
        }
    }

    @Test
    @Timeout(60)
    void aGatewayStoppedWithoutItsBoardSaysItCouldNotIdleIt() throws Exception {
        SimulatorServer s = SimulatorServer.builder().config(SIM).listen("127.0.0.1", 0).start();
        Gateway g = Gateway.open("tcp://127.0.0.1:" + s.port(), GatewayConfig.builder().listen("127.0.0.1", 0).build());
        s.close();
        org.crossbarhil.driver.fakes.Eventually.await("the link seen down", Duration.ofSeconds(10), () -> g.boardDownFor() != null);
        assertThat(g.stop()).contains("NOT put in safe idle").contains("no link to it for");
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected the run to be interrupted, but it completed");
    }
}
