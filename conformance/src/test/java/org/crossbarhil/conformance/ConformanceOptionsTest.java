package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crossbarhil.driver.Region;
import org.junit.jupiter.api.Test;

class ConformanceOptionsTest {
    @Test
    void defaultsAreReadOnlyWithTheNominalPulse() {
        ConformanceOptions o = ConformanceOptions.readOnly();

        assertThat(o.allowWrites()).isFalse();
        assertThat(o.allowForming()).isFalse();
        assertThat(o.region()).isNull();
        assertThat(o.setVolts()).isEqualTo(1.2);
        assertThat(o.resetVolts()).isEqualTo(-1.1);
        assertThat(o.widthSeconds()).isEqualTo(100e-9);
        assertThat(o.selected("anything")).isTrue();
    }

    @Test
    void writesWithoutARegionAreRefused() {
        assertThatThrownBy(() -> ConformanceOptions.builder().allowWrites(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowWrites needs a region");
    }

    @Test
    void formingWithoutARegionIsRefused() {
        assertThatThrownBy(() -> ConformanceOptions.builder().allowForming(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowForming needs a region");
    }

    @Test
    void aNegativeSetVoltageIsRefusedNotFlipped() {
        assertThatThrownBy(() -> ConformanceOptions.builder().setVolts(-1.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setVolts: -1.2 (expected: > 0");
    }

    @Test
    void aPositiveResetVoltageIsRefused() {
        assertThatThrownBy(() -> ConformanceOptions.builder().resetVolts(1.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resetVolts: 1.1 (expected: < 0");
    }

    @Test
    void aZeroOrInfiniteWidthIsRefused() {
        assertThatThrownBy(() -> ConformanceOptions.builder().widthSeconds(0)).hasMessageContaining("widthSeconds: 0.0");
        assertThatThrownBy(() -> ConformanceOptions.builder().widthSeconds(Double.POSITIVE_INFINITY))
                .hasMessageContaining("expected: > 0 and finite");
    }

    @Test
    void onlySelectsTheNamedChecks() {
        ConformanceOptions o = ConformanceOptions.builder().allowWrites(true).region(Region.parse("0:0-1,0-1"))
                .only(" handshake ").build();

        assertThat(o.selected("handshake")).isTrue();
        assertThat(o.selected("info")).isFalse();
        assertThat(o.region()).isEqualTo(new Region(0, 0, 1, 0, 1));
    }
}
