package org.crossbarhil.trainer.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightMappingTest {
    private final DeviceWindow window = new DeviceWindow(10e-6, 90e-6, 5e-6, 95e-6, 50e-6, 1e-6, 1.3e-6, 32, 0);

    @Test
    void theLargestWeightIsHeadroomTimesTheInitialisationBound() {
        WeightMapping m = WeightMapping.fromInit(0.1, 4, window);
        assertThat(m.maxWeight()).isCloseTo(0.4, within(1e-12));
        assertThat(m.k()).isCloseTo(0.4 / 80e-6, within(1e-6));
    }

    @Test
    void aWeightRoundTripsThroughItsPairTargets() {
        WeightMapping m = WeightMapping.fromInit(0.1, 4, window);
        double w = -0.13;
        assertThat(m.weight(m.plusTarget(w), m.minusTarget(w))).isCloseTo(w, within(1e-9));
        assertThat((m.plusTarget(w) + m.minusTarget(w)) / 2).isCloseTo(50e-6, within(1e-15));
    }

    @Test
    void weightsBeyondTheWindowSaturateAtItsEdges() {
        WeightMapping m = WeightMapping.fromInit(0.1, 4, window);
        assertThat(m.plusTarget(10)).isCloseTo(90e-6, within(1e-15));
        assertThat(m.minusTarget(10)).isCloseTo(10e-6, within(1e-15));
    }

    @Test
    void thePairStepCountsOneSetAndOneReset() {
        WeightMapping m = WeightMapping.fromInit(0.1, 4, window);
        assertThat(m.pairStep()).isCloseTo(m.k() * 2.3e-6, within(1e-12));
    }

    @Test
    void anEmptyWindowIsRefused() {
        DeviceWindow flat = new DeviceWindow(50e-6, 50e-6, 50e-6, 50e-6, 50e-6, 1e-6, 1e-6, 4, 0);
        assertThatThrownBy(() -> WeightMapping.fromInit(0.1, 4, flat)).hasMessageContaining("no usable conductance window");
    }
}
