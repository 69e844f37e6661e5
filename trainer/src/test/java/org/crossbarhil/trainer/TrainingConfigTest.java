package org.crossbarhil.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.trainer.board.BoardSettings;
import org.crossbarhil.trainer.board.UpdateRule;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
    @Test
    void brailleAndIrisDefaultToManhattanPulsesAndMnistToStochasticOnes() {
        assertThat(TrainingConfig.builder().build().update()).isEqualTo(UpdateRule.MANHATTAN);
        assertThat(TrainingConfig.builder().dataset(DatasetKind.IRIS).build().update()).isEqualTo(UpdateRule.MANHATTAN);
        assertThat(TrainingConfig.builder().dataset(DatasetKind.MNIST).data("digits").build().update()).isEqualTo(UpdateRule.STOCHASTIC);
    }

    @Test
    void anExplicitRuleOverridesTheDataSetDefaultAndNullRestoresIt() {
        assertThat(TrainingConfig.builder().update(UpdateRule.STOCHASTIC).build().update()).isEqualTo(UpdateRule.STOCHASTIC);
        assertThat(TrainingConfig.builder().update(UpdateRule.STOCHASTIC).update(null).build().update()).isEqualTo(UpdateRule.MANHATTAN);
    }

    @Test
    void theRecordedEpochsAndScheduleAreTheDefaults() {
        // docs/benchmarks.md records the Braille and Iris targets with these; a change here must re-run them
        TrainingConfig braille = TrainingConfig.builder().build();
        assertThat(braille.epochs()).isEqualTo(12);
        assertThat(braille.plan().schedule().learningRateDecay()).isEqualTo(0.7);
        TrainingConfig iris = TrainingConfig.builder().dataset(DatasetKind.IRIS).build();
        assertThat(iris.epochs()).isEqualTo(200);
        assertThat(iris.plan().schedule().learningRateDecay()).isEqualTo(0.99);
    }

    @Test
    void theDefaultBoardSettingsAreTheRecordedOnes() {
        // the benchmarks were recorded with these; a change here must re-run them (moved out of the
        // slow accuracy tests so that it runs in every build)
        assertThat(BoardSettings.DEFAULTS.headroom()).isEqualTo(5.0);
        assertThat(BoardSettings.DEFAULTS.pulses().pulseTrainLength()).isEqualTo(31);
    }
}
