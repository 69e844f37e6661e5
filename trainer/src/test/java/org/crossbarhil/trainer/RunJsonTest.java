package org.crossbarhil.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.crossbarhil.trainer.board.NetworkState;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.data.Task;
import org.crossbarhil.trainer.nn.Nudging;
import org.junit.jupiter.api.Test;

/** Run records in the JSON recorded runs already carry: what runs of earlier versions wrote must still read. */
class RunJsonTest {
    /** The configuration a default Braille run recorded before the plan was a record (38 keys, written out by hand). */
    private static final String RECORDED_BRAILLE = """
            {
              "board" : "sim:", "dataset" : "braille", "data" : null, "epochs" : 12, "seed" : 1, "hidden" : [ 32 ],
              "update" : "manhattan", "reference" : "none",
              "braille_vocabulary_size" : 10, "braille_word_length" : 4, "braille_flip_rate" : 0.1, "braille_train_size" : 8000,
              "braille_test_size" : 2000, "braille_task" : "classification",
              "mnist_size" : 14, "mnist_max_train" : 0, "mnist_max_test" : 0, "iris_folds" : 5,
              "free_iterations" : 12, "nudge_iterations" : 6, "beta" : 0.5, "nudging" : "symmetric", "learning_rates" : [ 0.02, 0.01 ],
              "batch_size" : 16, "average_last" : 1,
              "set_volts" : 1.2, "reset_volts" : -1.1, "pulse_width_seconds" : 1.0E-7, "pulse_train_length" : 31, "reads_averaged" : 2,
              "reference_fraction" : 0.5, "weight_headroom" : 5.0, "pipeline_depth" : 16, "probe_health" : true,
              "refresh" : true, "refresh_every_batches" : 0, "learning_rate_decay" : 0.7, "evaluation_reads_averaged" : 2
            }""";

    private static final List<String> RECORDED_KEYS = List.of("board", "dataset", "data", "epochs", "seed", "hidden", "update", "reference",
            "braille_vocabulary_size", "braille_word_length", "braille_flip_rate", "braille_train_size", "braille_test_size",
            "braille_task", "mnist_size", "mnist_max_train", "mnist_max_test", "iris_folds", "free_iterations", "nudge_iterations",
            "beta", "nudging", "learning_rates", "batch_size", "average_last", "set_volts", "reset_volts", "pulse_width_seconds",
            "pulse_train_length", "reads_averaged", "reference_fraction", "weight_headroom", "pipeline_depth", "probe_health", "refresh",
            "refresh_every_batches", "learning_rate_decay", "evaluation_reads_averaged");

    @Test
    void aConfigurationRecordedByAnEarlierVersionReadsAsTheSamePlan() {
        TrainingPlan recorded = RunJson.readPlan(RECORDED_BRAILLE);
        assertThat(recorded).usingRecursiveComparison().isEqualTo(TrainingConfig.builder().build().plan());
        assertThat(recorded.dataChoice().braille().task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(recorded.eqprop().nudging()).isEqualTo(Nudging.SYMMETRIC);
        assertThat(recorded.boardUse().settings().update()).isEqualTo(UpdateRule.MANHATTAN);
        assertThat(recorded.boardUse().settings().pulses().widthSeconds()).isEqualTo(1e-7);
    }

    @Test
    void aPlanIsWrittenUnderExactlyTheKeysRunsWereRecordedWith() {
        TrainingPlan plan = TrainingConfig.builder().dataset(DatasetKind.MNIST).data("/d").nudging(Nudging.RANDOM_SIGN).build().plan();
        assertThat(JsonKeys.of(RunJson.tree(plan))).containsExactlyInAnyOrderElementsOf(RECORDED_KEYS);
        assertThat(RunJson.tree(plan).get("nudging").asText()).isEqualTo("random_sign");
        assertThat(RunJson.tree(plan).get("data").asText()).isEqualTo("/d");
        assertThat(RunJson.readPlan(RunJson.write(plan))).usingRecursiveComparison().isEqualTo(plan);
    }

    @Test
    void aRecordedConfigurationLackingAKeyIsRefusedNamingIt() {
        String damaged = RECORDED_BRAILLE.replace("\"braille_flip_rate\" : 0.1,", "");
        assertThatThrownBy(() -> RunJson.readPlan(damaged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recorded configuration").hasMessageContaining("braille_flip_rate");
        String noSeed = RECORDED_BRAILLE.replace("\"seed\" : 1,", "");
        assertThatThrownBy(() -> RunJson.readPlan(noSeed)).hasMessageContaining("'seed'");
    }

    @Test
    void aRecordedValueOutOfRangeIsRefusedWithTheRecordsOwnMessage() {
        assertThatThrownBy(() -> RunJson.readPlan(RECORDED_BRAILLE.replace("\"beta\" : 0.5", "\"beta\" : 1.5")))
                .hasMessage("the run's recorded configuration is unreadable: beta: 1.5 (expected: in (0, 1))");
        assertThatThrownBy(() -> RunJson.readPlan(RECORDED_BRAILLE.replace("\"board\" : \"sim:\"", "\"board\" : \"none\"")))
                .hasMessageContaining("choose --reference eqprop or backprop");
        assertThatThrownBy(() -> RunJson.readPlan(RECORDED_BRAILLE.replace("\"update\" : \"manhattan\"", "\"update\" : \"sgd\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sgd");
    }

    @Test
    void epochDetailsReadAsRecordedForFloatAndBoardEpochs() {
        EpochDetail floating = RunJson.read("""
                { "train_wall_seconds" : 0.14, "samples" : 200, "test_samples" : 100 }""", EpochDetail.class);
        assertThat(floating.samples()).isEqualTo(200);
        assertThat(floating.trainWallSeconds()).isEqualTo(0.14);
        // written without a board part, a float epoch reads back with one of zeros, which sums the same
        assertThat(floating.board().trainEnergyJoules()).isZero();
        assertThat(floating.refresh().pairsChecked()).isZero();
        String board = """
                {
                  "refresh_pairs_checked" : 1130, "refresh_pairs_refreshed" : 2, "refresh_pairs_neutralised" : 14,
                  "refresh_write_verify_pulses" : 579, "train_wall_seconds" : 0.44, "samples" : 200, "test_samples" : 100,
                  "train_energy_joules" : 3.5E-6, "train_hardware_seconds" : 0.0024, "eval_energy_joules" : 8.0E-7,
                  "eval_hardware_seconds" : 5.5E-4, "adc_retries" : 14, "clipped_outputs" : 1, "capped_probabilities" : 3
                }""";
        EpochDetail onBoard = RunJson.read(board, EpochDetail.class);
        assertThat(onBoard.refresh().pairsNeutralised()).isEqualTo(14);
        assertThat(onBoard.board().trainEnergyJoules()).isEqualTo(3.5e-6);
        assertThat(onBoard.board().cappedProbabilities()).isEqualTo(3);
        assertThat(RunJson.tree(onBoard)).isEqualTo(RunJson.tree(RunJson.read(RunJson.write(onBoard), EpochDetail.class)));
        assertThat(JsonKeys.of(RunJson.tree(onBoard))).containsExactly("refresh_pairs_checked", "refresh_pairs_refreshed",
                "refresh_pairs_neutralised", "refresh_write_verify_pulses", "train_wall_seconds", "samples", "test_samples",
                "train_energy_joules", "train_hardware_seconds", "eval_energy_joules", "eval_hardware_seconds", "adc_retries",
                "clipped_outputs", "capped_probabilities");
        assertThat(JsonKeys.of(RunJson.tree(EpochDetail.floating(0.1, 2, 1)))).containsExactly("train_wall_seconds", "samples",
                "test_samples");
    }

    @Test
    void theSetupAndTheReferenceReadAsRecorded() {
        BoardSetup setup = RunJson.read("""
                { "energy_joules" : 3.36E-5, "hardware_seconds" : 0.0175, "write_verify_pulses" : 32399, "probe_pulses" : 95196,
                  "wall_seconds" : 0.26, "faulty_devices" : 37, "devices_probed" : 2260 }""", BoardSetup.class);
        assertThat(setup.writeVerifyPulses()).isEqualTo(32399);
        assertThat(setup.devicesProbed()).isEqualTo(2260);
        ReferenceResult ref = RunJson.read("""
                { "kind" : "eqprop", "fold_test_accuracies" : [ 0.37 ], "test_accuracy" : 0.37, "wall_seconds" : 0.022 }""",
                ReferenceResult.class);
        assertThat(ref.kind()).isEqualTo(ReferenceKind.EQPROP);
        assertThat(ref.foldTestAccuracies()).containsExactly(0.37);
        assertThat(JsonKeys.of(RunJson.tree(ref))).containsExactly("kind", "fold_test_accuracies", "test_accuracy", "wall_seconds");
    }

    @Test
    void aBoardStateRecordedWithCamelCaseKeysStillReads() {
        String state = """
                {
                  "window" : { "low" : 1.69E-6, "high" : 8.97E-5, "medianMin" : 1.03E-6, "medianMax" : 1.006E-4, "reference" : 4.57E-5,
                               "setStep" : 1.06E-6, "resetStep" : 1.11E-6, "devicesMeasured" : 32, "pulsesUsed" : 40292 },
                  "faulty" : { "0" : [ 68719509504 ] },
                  "tile_cols" : 64, "devices_probed" : 518,
                  "mappings" : [ { "k" : 28420.7, "reference" : 4.57E-5, "halfWindow" : 4.398E-5, "pairStep" : 0.0616 } ],
                  "update" : "manhattan", "update_note" : "",
                  "sizes" : [ 4, 3 ],
                  "blocks" : [ { "layer" : 0, "tile" : 0, "firstInput" : 0, "inputCount" : 5, "firstUnit" : 0, "unitCount" : 3 } ]
                }""";
        NetworkState s = RunJson.readState(state);
        assertThat(s.window().medianMax()).isEqualTo(1.006e-4);
        assertThat(s.window().pulsesUsed()).isEqualTo(40292);
        assertThat(s.mappings().get(0).halfWindow()).isEqualTo(4.398e-5);
        assertThat(RunJson.readBlocks(state).get(0).inputCount()).isEqualTo(5);
        assertThat(RunJson.readSizes(state)).containsExactly(4, 3);
        String rewritten = RunJson.writeState(s, new int[] {4, 3}, RunJson.readBlocks(state));
        assertThat(RunJson.tree(RunJson.readState(rewritten).window())).isEqualTo(RunJson.tree(s.window()));
        assertThat(rewritten).contains("\"medianMax\"").contains("\"halfWindow\"").contains("\"firstInput\"");
    }
}
