package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.trainer.DatasetKind;
import org.crossbarhil.trainer.ReferenceKind;
import org.crossbarhil.trainer.TrainingConfig;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.runs.RunDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Flag parsing of train, runs and plot (no board is opened when parsing), and one tiny real run. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private static TrainingConfig parse(String... args) {
        TrainCommand c = new TrainCommand();
        new CommandLine(c).parseArgs(args);
        return c.config();
    }

    @Test
    void defaultsAreTheSimulatedBoardAndBraille() {
        TrainingConfig c = parse();
        assertThat(c.board()).isEqualTo("sim:");
        assertThat(c.dataset()).isEqualTo(DatasetKind.BRAILLE);
        assertThat(c.update()).isEqualTo(UpdateRule.MANHATTAN);
        assertThat(c.reference()).isEqualTo(ReferenceKind.NONE);
        assertThat(c.runDb()).isEqualTo(RunDatabase.file(Path.of("crossbar-runs.db")));
    }

    @Test
    void everyDocumentedFlagReachesTheConfiguration() {
        TrainingConfig c = parse("--board", "sim:?profile=taox-2x64", "--dataset", "mnist", "--data", "/d", "--epochs", "7", "--seed", "9",
                "--hidden", "64,32", "--update", "manhattan", "--reference", "backprop", "--run-db", "x.db", "--image-size", "8");
        assertThat(c.board()).isEqualTo("sim:?profile=taox-2x64");
        assertThat(c.dataset()).isEqualTo(DatasetKind.MNIST);
        assertThat(c.plan().dataChoice().path()).isEqualTo("/d");
        assertThat(c.epochs()).isEqualTo(7);
        assertThat(c.seed()).isEqualTo(9);
        assertThat(c.plan().network().hidden()).containsExactly(64, 32);
        assertThat(c.update()).isEqualTo(UpdateRule.MANHATTAN);
        assertThat(c.reference()).isEqualTo(ReferenceKind.BACKPROP);
        assertThat(c.plan().dataChoice().mnist().size()).isEqualTo(8);
        assertThat(c.sizes(64, 10)).containsExactly(64, 64, 32, 10);
    }

    @Test
    void hiddenNoneMeansASingleLayer() {
        assertThat(parse("--hidden", "none").plan().network().hidden()).isEmpty();
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> parse("--dataset", "cifar")).hasMessageContaining("data set 'cifar' (expected: braille, iris or mnist)");
        assertThatThrownBy(() -> parse("--update", "sgd")).hasMessageContaining("update rule 'sgd' (expected: stochastic, tiki-taka, manhattan)");
        assertThatThrownBy(() -> parse("--hidden", "12,x")).hasMessageContaining("'x' is not a layer size");
        assertThatThrownBy(() -> parse("--flip-rate", "0.7")).hasMessageContaining("flip rate: 0.7");
        assertThatThrownBy(() -> parse("--dataset", "mnist")).hasMessageContaining("MNIST needs --data");
    }

    @Test
    void aTinyFloatRunPrintsItsSummaryWritesJsonAndIsListedAndPlotted() throws Exception {
        Path db = dir.resolve("runs.db");
        Path json = dir.resolve("s.json");
        StringWriter out = new StringWriter();
        CommandLine train = new CommandLine(new TrainCommand());
        train.setOut(new PrintWriter(out));
        train.setErr(new PrintWriter(new StringWriter()));
        int code = train.execute("--board", "none", "--reference", "eqprop", "--epochs", "1", "--train-size", "200", "--test-size", "100",
                "--run-db", db.toString(), "--json", json.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("test accuracy").contains("best possible");
        JsonNode written = Json.MAPPER.readTree(Files.readString(json));
        // the keys a float-only Braille run's --json carried before the summary became a record, in their order
        List<String> keys = new ArrayList<>();
        written.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("run_id", "dataset", "board", "epochs", "train_accuracy", "test_accuracy", "seed", "network",
                "update", "pulses", "write_verify_pulses", "energy_joules", "hardware_seconds", "wall_seconds", "samples_per_second",
                "training_samples", "vocabulary_size", "word_length", "flip_rate", "train_size", "test_size", "task", "vocabulary",
                "optimal_test_accuracy", "eqprop");
        assertThat(written.get("update").asText()).isEqualTo("float-eqprop");
        assertThat(written.get("board").asText()).isEqualTo("none");
        assertThat(written.get("training_samples").asLong()).isEqualTo(200);
        assertThat(written.get("eqprop").get("nudging").asText()).isEqualTo("symmetric");
        assertThat(written.get("eqprop").get("learning_rates")).hasSize(2);

        StringWriter runs = new StringWriter();
        CommandLine list = new CommandLine(new RunsCommand());
        list.setOut(new PrintWriter(runs));
        assertThat(list.execute("--run-db", db.toString())).isZero();
        assertThat(runs.toString()).contains("completed").contains("braille");

        StringWriter plots = new StringWriter();
        CommandLine plot = new CommandLine(new PlotCommand());
        plot.setOut(new PrintWriter(plots));
        assertThat(plot.execute("1", "--run-db", db.toString(), "--out", dir.resolve("p").toString())).isZero();
        assertThat(plots.toString()).contains("run-1-accuracy.png");
    }

    @Test
    void listingAMissingDatabaseFailsWithItsPath() {
        StringWriter err = new StringWriter();
        CommandLine list = new CommandLine(new RunsCommand());
        list.setErr(new PrintWriter(err));
        assertThat(list.execute("--run-db", dir.resolve("nope.db").toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString()).contains("no run database at");
    }
}
