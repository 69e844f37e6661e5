package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crossbarhil.trainer.DatasetKind;
import org.crossbarhil.trainer.TrainingConfig;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** crossbar train --config FILE: the file sets every option, flags win, unknown keys are refused by name. */
class ExperimentFileTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("experiment.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static TrainingConfig parse(String... args) {
        TrainCommand c = new TrainCommand();
        new CommandLine(c).parseArgs(args);
        return c.config();
    }

    @Test
    void theFileFixesBoardDatasetNetworkAndTrainingOptions() throws Exception {
        Path f = file("board: 'sim:?profile=taox-2x64&stuck_fraction=0.02'\ndataset: iris\nepochs: 7\nseed: 4\nhidden: [16, 8]\n"
                + "update: stochastic\nlr: [0.01, 0.02, 0.03]\nbatch-size: 5\nno-refresh: true\n");
        TrainingConfig c = parse("--config", f.toString());
        assertThat(c.board()).isEqualTo("sim:?profile=taox-2x64&stuck_fraction=0.02");
        assertThat(c.dataset()).isEqualTo(DatasetKind.IRIS);
        assertThat(c.epochs()).isEqualTo(7);
        assertThat(c.seed()).isEqualTo(4);
        assertThat(c.plan().network().hidden()).containsExactly(16, 8);
        assertThat(c.update()).isEqualTo(UpdateRule.STOCHASTIC);
        assertThat(c.eqprop().learningRates()).containsExactly(0.01, 0.02, 0.03);
        assertThat(c.eqprop().batchSize()).isEqualTo(5);
        assertThat(c.plan().boardUse().refresh()).isFalse();
    }

    @Test
    void flagsGivenOnTheCommandLineOverrideTheFile() throws Exception {
        Path f = file("dataset: iris\nepochs: 7\nseed: 4\n");
        TrainingConfig c = parse("--config", f.toString(), "--seed", "1", "--epochs", "2");
        assertThat(c.dataset()).isEqualTo(DatasetKind.IRIS);
        assertThat(c.seed()).as("given, even though it equals the default").isEqualTo(1);
        assertThat(c.epochs()).isEqualTo(2);
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheValidOnes() throws Exception {
        Path f = file("dataset: iris\nlearning_rate: 0.1\n");
        assertThatThrownBy(() -> parse("--config", f.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'learning_rate'").hasMessageContaining("valid keys: ")
                .hasMessageContaining("batch-size").hasMessageContaining("lr-decay").hasMessageNotContaining("resume");
    }

    @Test
    void aValueOfTheWrongKindIsRefusedNamingTheKey() throws Exception {
        assertThatThrownBy(() -> parse("--config", file("epochs: many\n").toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epochs: 'many' is not an integer");
        assertThatThrownBy(() -> parse("--config", file("no-refresh: perhaps\n").toString()))
                .hasMessageContaining("no-refresh: 'perhaps' (expected: true or false)");
        assertThatThrownBy(() -> parse("--config", file("- a list\n").toString())).hasMessageContaining("expected a mapping");
        assertThatThrownBy(() -> parse("--config", dir.resolve("missing.yaml").toString())).hasMessageContaining("cannot read it");
    }

    @Test
    void theResolvedSettingsAreRecordedWithTheRun() throws Exception {
        Path f = file("epochs: 1\ntrain-size: 120\ntest-size: 60\nhidden: 8\nseed: 5\n");
        Path db = dir.resolve("runs.db");
        CliRun r = CliRun.of("train", "--config", f.toString(), "--seed", "6", "--run-db", db.toString());
        assertThat(r.code()).as(r.err()).isZero();
        try (RunStore store = RunStore.open(db)) {
            RunInfo run = store.list().get(0);
            JsonNode settings = new ObjectMapper().readTree(run.settingsJson());
            assertThat(settings.get("seed").asLong()).isEqualTo(6);
            assertThat(settings.get("train-size").asInt()).isEqualTo(120);
            assertThat(settings.get("board").asText()).isEqualTo("sim:");
            assertThat(run.seed()).isEqualTo(6);
            assertThat(run.provenance().toolVersion()).isNotBlank();
            assertThat(run.provenance().simProfile()).isEqualTo("taox");
            assertThat(run.provenance().boardSerial()).isNotBlank();
        }
    }
}
