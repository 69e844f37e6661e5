package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.crossbarhil.cli.containers.BoardContainer;
import org.crossbarhil.cli.containers.CrossbarImage;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.trainer.DatasetKind;
import org.crossbarhil.trainer.ProgressListener;
import org.crossbarhil.trainer.Trainer;
import org.crossbarhil.trainer.TrainingConfig;
import org.crossbarhil.trainer.TrainingSummary;
import org.crossbarhil.trainer.data.Braille;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Network;

/**
 * docker/compose.yaml in miniature: a board container, a gateway container in front of it on a
 * private network, and training from the host through the gateway's published port with a token.
 */
class GatewayContainerIT {
    private static final String TOKEN = "container-it-token-0123456789";

    // Shared by the tests (the refusal changes nothing): two container starts fewer.
    private static Network network;
    private static BoardContainer board;
    private static BoardContainer gateway;

    @BeforeAll
    static void startBoardAndGateway() {
        CrossbarImage.assumeDocker();
        network = Network.newNetwork();
        board = BoardContainer.startSim(Map.of("CROSSBAR_PROFILE", "taox-2x64", "CROSSBAR_SEED", "7"), network, "board");
        gateway = BoardContainer.startGateway("tcp://board:7700", TOKEN, network);
    }

    @AfterAll
    static void stopAll() {
        if (gateway != null) {
            gateway.close();
        }
        if (board != null) {
            board.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void aClientWithoutTheTokenIsRefusedByName() {
        DriverOptions noRetry = DriverOptions.builder().reconnect(false).build();
        assertThatThrownBy(() -> Boards.open(gateway.uri(), noRetry).close()).isInstanceOf(BoardStatusException.class)
                .satisfies(e -> assertThat(((BoardStatusException) e).status()).isEqualTo(BoardStatus.UNAUTHENTICATED))
                .hasMessageContaining("requires a token");
    }

    @Test
    void trainingThroughTheGatewayReachesTheBoardBehindItAndIsAudited(@TempDir Path dir) throws InterruptedException {
        DriverOptions withToken = DriverOptions.builder().authToken(TOKEN).build();
        TrainingConfig config = TrainingConfig.builder().board(gateway.uri()).dataset(DatasetKind.BRAILLE).epochs(1).seed(3)
                .braille(Braille.Options.DEFAULTS.withTrainSize(200).withTestSize(100)).runDb(dir.resolve("runs.db"))
                .boardOpener(uri -> Boards.open(uri, withToken)).build();

        TrainingSummary s = Trainer.run(config, ProgressListener.NONE);

        assertThat(s.pulses()).isPositive();
        // The pulses landed on the board container itself, seen directly rather than through the gateway.
        try (CrossbarBoard direct = Boards.open(board.uri())) {
            assertThat(direct.info().identity().serialNumber()).contains("seed-7");
            assertThat(direct.ledger().devicePulses()).isPositive();
        }
        assertThat(gateway.readFile(BoardContainer.AUDIT_LOG)).contains("\"event\":\"command\"").doesNotContain(TOKEN);
        // The gateway's HEALTHCHECK authenticates with the token file it serves with.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!gateway.health().equals("healthy") && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(gateway.health()).as(gateway.logs()).isEqualTo("healthy");
    }
}
