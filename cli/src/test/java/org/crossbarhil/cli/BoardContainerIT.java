package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.crossbarhil.cli.containers.BoardContainer;
import org.crossbarhil.cli.containers.CrossbarImage;
import org.crossbarhil.conformance.CheckResult;
import org.crossbarhil.conformance.CheckStatus;
import org.crossbarhil.conformance.ConformanceOptions;
import org.crossbarhil.conformance.ConformanceReport;
import org.crossbarhil.conformance.ConformanceSuite;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Region;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.trainer.DatasetKind;
import org.crossbarhil.trainer.ProgressListener;
import org.crossbarhil.trainer.Trainer;
import org.crossbarhil.trainer.TrainingConfig;
import org.crossbarhil.trainer.TrainingSummary;
import org.crossbarhil.trainer.data.Braille;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product image in sim mode, built from this checkout, driven over its published port by the
 * real driver: what a lab's CI does with it. A fresh container per test, so neither test sees the
 * other's pulses.
 */
class BoardContainerIT {
    private BoardContainer board;

    @BeforeEach
    void startBoard() {
        CrossbarImage.assumeDocker();
        board = BoardContainer.startSim(Map.of("CROSSBAR_PROFILE", "taox-2x64", "CROSSBAR_SEED", "21"));
    }

    @AfterEach
    void stopBoard() {
        if (board != null) {
            board.close();
        }
    }

    @Test
    void theConformanceSuiteWithWritesInARegionPassesAgainstTheContainerAndItReportsHealthy() throws InterruptedException {
        ConformanceReport report = ConformanceSuite.run(BoardUri.parse(board.uri()), DriverOptions.defaults(),
                ConformanceOptions.builder().allowWrites(true).allowForming(true).region(Region.parse("0:8-11,20-23")).build());

        assertThat(report.failed()).as(report.summary() + "\n" + report.checks()).isZero();
        assertThat(report.check("idempotent-retransmission").status()).isEqualTo(CheckStatus.PASS);
        assertThat(report.check("region-restored").status()).isEqualTo(CheckStatus.PASS);
        for (CheckResult c : report.checks()) {
            if (c.status() == CheckStatus.SKIP) {
                // the simulator offers every capability: only what TCP cannot show may be skipped
                assertThat(c.name()).as(c.toString()).isEqualTo("request-before-hello");
            }
        }
        // The HEALTHCHECK runs `crossbar info` inside the container every 10 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!board.health().equals("healthy") && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(board.health()).as(board.logs()).isEqualTo("healthy");
    }

    @Test
    void aShortTrainingRunThroughThePublishedPortPulsesTheBoardAndLearns(@TempDir Path dir) {
        TrainingConfig config = TrainingConfig.builder().board(board.uri()).dataset(DatasetKind.BRAILLE).epochs(1).seed(3)
                .braille(Braille.Options.DEFAULTS.withTrainSize(200).withTestSize(100)).runDb(dir.resolve("runs.db")).build();

        TrainingSummary s = Trainer.run(config, ProgressListener.NONE);

        assertThat(s.pulses()).isPositive();
        // 10 words: chance is 0.1, and one short epoch on the board already does better
        assertThat(s.testAccuracy()).as(s.toString()).isGreaterThan(0.2);
        try (CrossbarBoard b = Boards.open(board.uri())) {
            assertThat(b.ledger().devicePulses() + b.ledger().writeVerifyPulses()).as("the board container counted the run's pulses")
                    .isPositive();
        }
    }
}
