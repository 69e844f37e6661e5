package org.crossbarhil.trainer.board;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crossbarhil.driver.Limits;
import org.junit.jupiter.api.Test;

class PulseSettingsTest {
    private final Limits limits = new Limits(1.5, 0.2, 0.6, 1e-8, 1e-4, 1000, 1e-3, 0.05, 0);

    @Test
    void theNominalPulsesPassTheDefaultEnvelope() {
        assertThatCode(() -> PulseSettings.DEFAULTS.check(limits)).doesNotThrowAnyException();
    }

    @Test
    void anAmplitudeAboveTheWorkingLimitIsRefusedNotClamped() {
        assertThatThrownBy(() -> new PulseSettings(1.8, -1.1, 1e-7, 31).check(limits))
                .hasMessageContaining("pulse amplitude 1.8 V exceeds the board's working limit of 1.5 V");
    }

    @Test
    void aPulseWhoseHalfSelectExceedsTheLimitIsRefused() {
        Limits tight = limits.toBuilder().maxHalfSelectVolts(0.5).build();
        assertThatThrownBy(() -> PulseSettings.DEFAULTS.check(tight)).hasMessageContaining("gives a 0.6 V half-select");
    }

    @Test
    void aWidthOutsideTheLimitsIsRefused() {
        assertThatThrownBy(() -> new PulseSettings(1.2, -1.1, 1e-3, 31).check(limits)).hasMessageContaining("pulse width 0.001 s outside");
    }

    @Test
    void signsAreChecked() {
        assertThatThrownBy(() -> new PulseSettings(-1.2, -1.1, 1e-7, 31)).hasMessageContaining("set volts: -1.2 (expected: > 0)");
        assertThatThrownBy(() -> new PulseSettings(1.2, 1.1, 1e-7, 31)).hasMessageContaining("reset volts: 1.1 (expected: < 0)");
    }
}
