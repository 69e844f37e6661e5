package org.crossbarhil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void valuesFallIntoEqualBinsOverTheirRangeTheMaximumInTheLast() {
        TrainingView.Histogram h = TrainingView.Histogram.of("w", new float[] {-1, -0.5f, 0, 0.4f, 1}, 4);
        assertThat(h.min()).isEqualTo(-1);
        assertThat(h.max()).isEqualTo(1);
        assertThat(h.counts()).containsExactly(1, 1, 2, 1);
    }

    @Test
    void equalValuesGoIntoTheFirstBin() {
        assertThat(TrainingView.Histogram.of("w", new float[] {2, 2, 2}, 3).counts()).containsExactly(3, 0, 0);
    }

    @Test
    void noBinsIsRefused() {
        assertThatThrownBy(() -> TrainingView.Histogram.of("w", new float[] {1}, 0)).hasMessage("histogram w: 0 bins (expected: > 0)");
    }

    @Test
    void aHeatmapKnowsItsRangeAndRefusesAWrongShape() {
        TrainingView.Heatmap m = TrainingView.Heatmap.of("t", 1, 3, new float[] {3, -1, 2});
        assertThat(m.min()).isEqualTo(-1);
        assertThat(m.max()).isEqualTo(3);
        assertThatThrownBy(() -> TrainingView.Heatmap.of("t", 2, 2, new float[3])).hasMessage("heatmap t: 3 values for 2x2");
    }
}
