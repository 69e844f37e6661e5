package org.crossbarhil.simulator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.crossbarhil.simulator.physics.DeviceModelKind;
import org.junit.jupiter.api.Test;

class SimConfigTest {
    @Test
    void noProfileMeansTaoxWith32TilesOf64x64() {
        SimConfig c = SimConfig.fromParameters(Map.of());
        assertThat(c.profile()).isEqualTo("taox");
        assertThat(c.physics().geometry().tiles()).isEqualTo(32);
        assertThat(c.physics().geometry().rows()).isEqualTo(64);
        assertThat(c.physics().device().model()).isEqualTo(DeviceModelKind.SOFT_BOUNDS);
        assertThat(c.physics().readPath().readNoise()).isEqualTo(0.01);
        assertThat(c.physics().device().stuckFraction()).isEqualTo(0.01);
    }

    @Test
    void everyProfileBuildsWithItsGeometry() {
        assertThat(SimConfig.fromParameters(Map.of("profile", "taox-2x64")).physics().geometry().tiles()).isEqualTo(2);
        assertThat(SimConfig.fromParameters(Map.of("profile", "ideal-2x64")).physics().geometry().tiles()).isEqualTo(2);
        SimConfig big = SimConfig.fromParameters(Map.of("profile", "taox-16x128"));
        assertThat(big.physics().geometry().tiles()).isEqualTo(16);
        assertThat(big.physics().geometry().cols()).isEqualTo(128);
        assertThat(Profiles.names()).containsExactly("taox", "taox-2x64", "taox-16x128", "ideal", "ideal-2x64");
    }

    @Test
    void idealProfilesSwitchEveryNonIdealityOff() {
        SimConfig c = SimConfig.fromParameters(Map.of("profile", "ideal"));
        assertThat(c.physics().geometry().tiles()).isEqualTo(32);
        assertThat(c.physics().device().model()).isEqualTo(DeviceModelKind.LINEAR);
        assertThat(c.physics().device().c2cNoise()).isZero();
        assertThat(c.physics().device().d2dGainSpread()).isZero();
        assertThat(c.physics().device().boundSpread()).isZero();
        assertThat(c.physics().device().vthSpread()).isZero();
        assertThat(c.physics().device().stuckFraction()).isZero();
        assertThat(c.physics().device().asymmetry()).isEqualTo(1.0);
        assertThat(c.physics().readPath().readNoise()).isZero();
        assertThat(c.physics().readPath().tiaNoiseAmperes()).isZero();
        assertThat(c.physics().readPath().ivNonlinearity()).isZero();
        assertThat(c.physics().readPath().adcBits()).isZero();
        assertThat(c.physics().readPath().dacBits()).isZero();
        assertThat(c.physics().readPath().irDrop()).isFalse();
        assertThat(c.physics().device().drift()).isFalse();
    }

    @Test
    void overridesByNameApplyOnTopOfTheProfile() {
        SimConfig c = SimConfig.fromParameters(Map.of("profile", "taox-2x64", "stuck_fraction", "0.05", "ir_drop", "on",
                "read_noise", "0.02", "seed", "9"));
        assertThat(c.physics().device().stuckFraction()).isEqualTo(0.05);
        assertThat(c.physics().readPath().irDrop()).isTrue();
        assertThat(c.physics().readPath().readNoise()).isEqualTo(0.02);
        assertThat(c.seed()).isEqualTo(9);
        assertThat(c.overrides()).containsEntry("ir_drop", "on");
    }

    @Test
    void anUnknownNameIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("stuck_fractoin", "0.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown simulator parameter 'stuck_fractoin'")
                .hasMessageContaining("stuck_fraction").hasMessageContaining("read_noise").hasMessageContaining("profile");
    }

    @Test
    void anUnknownProfileIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("profile", "hfox")))
                .hasMessageContaining("unknown simulator profile 'hfox'").hasMessageContaining("taox-2x64");
    }

    @Test
    void aValueOutOfRangeIsRefusedWithItsBound() {
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("stuck_fraction", "1.5")))
                .hasMessage("stuck_fraction=1.5 (expected: 0.0 <= stuck_fraction <= 1.0)");
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("read_noise", "lots")))
                .hasMessageContaining("read_noise=lots is not a number");
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("ir_drop", "maybe")))
                .hasMessage("ir_drop=maybe (expected: on or off)");
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("adc_bits", "1")))
                .hasMessageContaining("expected: 0 for ideal, or 2..16");
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("rows", "2048")))
                .hasMessage("rows=2048 (expected: 1..1024)");
    }

    @Test
    void rulesAcrossValuesAreCheckedWhenBuilding() {
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("g_min", "2e-4")))
                .hasMessageContaining("g_min 2.0E-4 must be below g_max 1.0E-4");
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("device_model", "lut")))
                .hasMessageContaining("lut_file");
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("read_volts", "0.3")))
                .hasMessageContaining("read_volts 0.3 exceeds max_read_volts 0.2");
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("adc_full_scale_amperes", "3e-4")))
                .hasMessageContaining("not a selectable range");
        assertThatThrownBy(() -> SimConfig.fromParameters(Map.of("nominal_set_volts", "0.7")))
                .hasMessageContaining("nominal_set_volts 0.7 must exceed vth_set 0.8");
    }

    @Test
    void theAdcRangeFollowsTheTileSizeWhenLeftAutomatic() {
        assertThat(SimConfig.fromParameters(Map.of()).readDefaults().adcFullScaleAmperes()).isEqualTo(500e-6);
        assertThat(SimConfig.fromParameters(Map.of("profile", "taox-16x128")).readDefaults().adcFullScaleAmperes()).isEqualTo(1e-3);
    }

    @Test
    void everyParameterHasADescriptionAndReadsBackItsValue() {
        SimConfig.Builder b = SimConfig.builder();
        for (SimParameter p : SimParameter.all()) {
            assertThat(p.description()).as(p.name()).isNotBlank();
            String value = b.get(p.name());
            if (!p.name().equals("lut_file")) {
                b.set(p.name(), value);
            }
        }
        assertThat(b.build().profile()).isEqualTo("taox");
    }

    @Test
    void tilesUpTo1024x1024Work() {
        SimConfig c = SimConfig.fromParameters(Map.of("tiles", "1", "rows", "1024", "cols", "1024", "max_line_amperes", "1"));
        org.crossbarhil.simulator.physics.CrossbarArray a = new org.crossbarhil.simulator.physics.CrossbarArray(c.physics());
        float[] v = new float[1024];
        java.util.Arrays.fill(v, 0.1f);
        float[] y = a.vmm(0, false, 1, 0, 1024, 0, 1024, v, 0.1, 1, 1e-6).amperes();
        assertThat(y).hasSize(1024);
        assertThat(y[0]).isPositive();
    }
}
