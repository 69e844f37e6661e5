package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.gateway.Gateway;
import org.crossbarhil.gateway.GatewayConfig;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board lost behind the gateway during {@code crossbar train}: the gateway answers its clients
 * that the board is unreachable, and train reports a link failure (exit 3, README) naming the
 * board behind the gateway and how to resume, not a board refusal (exit 1).
 */
class GatewayBoardLossIT {
    private static final SimConfig SIM = SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "41"));

    @Test
    @Timeout(300)
    void aBoardLostBehindTheGatewayMidRunExitsThreeSayingSoAndHowToResume(@TempDir Path dir) throws Exception {
        SimulatorServer board = SimulatorServer.builder().config(SIM).listen("127.0.0.1", 0).start();
        // a short upstream reconnect window, so that requests pending at the lost board fail within seconds
        DriverOptions upstream = Gateway.upstreamOptions().newBuilder().reconnectWindow(Duration.ofMillis(500))
                .maxReconnectBackoff(Duration.ofMillis(500)).build();
        Path db = dir.resolve("runs.db");
        try (Gateway g = Gateway.open("tcp://127.0.0.1:" + board.port(), upstream,
                GatewayConfig.builder().listen("127.0.0.1", 0).build())) {
            CompletableFuture<Void> lost = CompletableFuture.runAsync(() -> {
                awaitFirstEpoch(db);
                board.close();
            });
            CliRun r = CliRun.of("train", "--board", g.clientUri(), "--epochs", "4", "--seed", "3", "--train-size", "240",
                    "--test-size", "120", "--run-db", db.toString());
            lost.get(10, TimeUnit.SECONDS);

            // Requests at the board when it went are not answered by the gateway: the trainer's own timeout ends the run.
            assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_LINK);
            assertThat(r.err()).contains("the link to the gateway " + g.clientUri() + " or to its board failed")
                    .contains("resume with --resume 1").doesNotContain("internal error");
            try (RunStore store = RunStore.open(db)) {
                assertThat(store.run(1).orElseThrow().status()).isEqualTo(RunInfo.FAILED);
                assertThat(store.epochs(1)).isNotEmpty();
            }

            awaitUnavailable(g.clientUri());
            CliRun resume = CliRun.of("train", "--resume", "1", "--run-db", db.toString());

            assertThat(resume.code()).as(resume.err()).isEqualTo(Main.EXIT_LINK);
            assertThat(resume.err()).contains("the board behind the gateway " + g.clientUri() + " was lost")
                    .contains("has not been reachable for").contains("resume with --resume 1");
        } finally {
            board.close();
        }
    }

    /** Asks the gateway until it answers that its board is away (past its grace, UNAVAILABLE at once), for at most 30 s. */
    private static void awaitUnavailable(String gateway) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        CliRun info;
        do {
            info = CliRun.of("info", gateway);
            if (info.code() == Main.EXIT_LINK && info.err().contains("has not been reachable")) {
                return;
            }
        } while (System.nanoTime() < until);
        throw new AssertionError("the gateway never said its board was unreachable: " + info.code() + " " + info.err());
    }

    /** Polls the run store (the trainer writes it from this process) until run 1 has an epoch, for at most 4 minutes. */
    private static void awaitFirstEpoch(Path db) {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < until) {
            if (Files.exists(db)) {
                try (RunStore store = RunStore.open(db)) {
                    if (store.run(1).isPresent() && !store.epochs(1).isEmpty()) {
                        return;
                    }
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("run 1 recorded no epoch within 4 minutes");
    }
}
