package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.crossbarhil.conformance.CheckStatus;
import org.crossbarhil.conformance.ConformanceOptions;
import org.crossbarhil.conformance.ConformanceReport;
import org.crossbarhil.conformance.ConformanceSuite;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.trainer.ProgressListener;
import org.crossbarhil.trainer.Trainer;
import org.crossbarhil.trainer.TrainingConfig;
import org.crossbarhil.trainer.TrainingSummary;
import org.crossbarhil.trainer.data.Braille;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The opt-in board suite: {@code ./mvnw verify -Phardware -Dcrossbar.board=URI} runs these tests,
 * and only tests tagged {@code hardware}, against the board the URI names: a real board, or
 * {@code sim:} or a {@code crossbar sim --listen} server to try the suite itself. The read-only
 * conformance run goes first and a board that fails it is not written to; the training then
 * programs devices wherever the trainer places its network.
 */
@Tag("hardware")
@ResourceLock(HardwareSuiteIT.BOARD_PROPERTY)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HardwareSuiteIT {
    static final String BOARD_PROPERTY = "crossbar.board";

    private static String board;
    private static boolean conformant;

    @BeforeAll
    static void theBoardIsNamed() {
        String uri = System.getProperty(BOARD_PROPERTY, "").strip();
        if (uri.isEmpty()) {
            fail("the hardware suite needs the board to run against: -D" + BOARD_PROPERTY
                    + "=URI (for example serial:/dev/ttyUSB0, tcp://127.0.0.1:7700 or sim:)");
        }
        board = uri;
    }

    @Test
    @Order(1)
    @Timeout(300)
    void theReadOnlyConformanceChecksPass() {
        ConformanceReport report = ConformanceSuite.run(BoardUri.parse(board), DriverOptions.defaults(), ConformanceOptions.readOnly());
        // whoever runs the suite against a board reads what it found in the build log
        System.out.printf("read-only conformance (%s): %s%n", report.board(), report.summary());

        assertThat(report.checks()).as(report.summary()).filteredOn(c -> c.status() == CheckStatus.FAIL).isEmpty();
        assertThat(report.check("handshake").status()).isEqualTo(CheckStatus.PASS);
        // read-only checks may skip what the board does not offer; writes are off, so write checks all skip
        assertThat(report.passed()).as(report.summary()).isGreaterThan(1);
        conformant = true;
    }

    @Test
    @Order(2)
    @Timeout(900)
    void aShortBrailleTrainingEndsWellAboveChance(@TempDir Path dir) {
        assumeTrue(conformant, "the read-only conformance checks did not pass on " + board + ": nothing is written to it");
        Braille.Options words = Braille.Options.DEFAULTS.withTrainSize(800).withTestSize(400);
        double chance = 1.0 / words.vocabularySize();

        TrainingSummary s = Trainer.run(TrainingConfig.builder().board(board).braille(words).epochs(2)
                .runDb(dir.resolve("runs.db")).build(), ProgressListener.NONE);

        System.out.printf("Braille training (%s): test accuracy %.3f (chance %.2f), %d pulses%n", board, s.testAccuracy(), chance,
                s.pulses());
        assertThat(s.pulses()).as("pulses the training applied").isPositive();
        // 400 test words put a board that only guesses within a few points of chance; twice chance is learning
        assertThat(s.testAccuracy()).as("test accuracy (chance %.2f)", chance).isGreaterThan(2 * chance);
    }
}
