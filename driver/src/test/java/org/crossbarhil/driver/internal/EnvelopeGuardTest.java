package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import org.crossbarhil.driver.Converters;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.EnvelopeException;
import org.crossbarhil.driver.Geometry;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.LimitsPair;
import org.crossbarhil.driver.OuterProductSpec;
import org.crossbarhil.driver.RampSpec;
import org.crossbarhil.driver.ReadConfig;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.VmmDirection;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.driver.WriteVerifySpec;
import org.junit.jupiter.api.Test;

/** One test per envelope rule, each asserting the message a user would read. */
class EnvelopeGuardTest {
    static final Limits HARD = new Limits(3.0, 0.5, 1.0, 10e-9, 1e-3, 1000, 1e-3, 1e-2, 0);
    static final Limits WORKING = new Limits(2.0, 0.3, 0.75, 20e-9, 1e-4, 100, 1e-4, 1e-3, 0);

    private final EnvelopeGuard guard = new EnvelopeGuard(new Geometry(2, 8, 16),
            new Converters(8, 0.3, 10, List.of(1e-4), 8), new LimitsPair(HARD, WORKING),
            new ReadConfig(0.2, 1e-6, 1e-4, 1));

    private static DevicePulse pulse(double volts, double width, int count) {
        return new DevicePulse(1, 2, volts, width, count);
    }

    private static String refused(String op, String why) {
        return op + " refused by the driver: OUT_OF_ENVELOPE: " + why + " (nothing sent)";
    }

    @Test
    void pulsesAtTheLimitsPass() {
        assertThatCode(() -> guard.checkPulses("pulse", 1, List.of(pulse(1.5, 20e-9, 50), pulse(-1.5, 1e-4, 50))))
                .doesNotThrowAnyException();
    }

    @Test
    void aPulseAboveMaxVoltsIsRefused() {
        assertThatThrownBy(() -> guard.checkPulses("pulse", 0, List.of(pulse(1.0, 1e-7, 1), pulse(-2.1, 1e-7, 1))))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage(refused("pulse", "pulse 1 at (1, 2): |volts| 2.1 V exceeds the working max_volts 2.0 V"));
    }

    @Test
    void aPulseWhoseHalfSelectExceedsTheLimitIsRefused() {
        assertThatThrownBy(() -> guard.checkPulses("pulse", 0, List.of(pulse(1.6, 1e-7, 1))))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage(refused("pulse", "pulse 0 at (1, 2): half-select |volts|/2 = 0.8 V exceeds the working "
                        + "max_half_select_volts 0.75 V"));
    }

    @Test
    void aPulseShorterThanTheMinimumWidthIsRefused() {
        assertThatThrownBy(() -> guard.checkPulses("pulse", 0, List.of(pulse(1.0, 10e-9, 1))))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage(refused("pulse", "pulse 0 at (1, 2): width 1.0E-8 s outside the working pulse width "
                        + "[2.0E-8, 1.0E-4] s"));
    }

    @Test
    void aPulseLongerThanTheMaximumWidthIsRefused() {
        assertThatThrownBy(() -> guard.checkPulses("pulse", 0, List.of(pulse(1.0, 2e-4, 1))))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("width 2.0E-4 s outside");
    }

    @Test
    void moreDevicePulsesThanAllowedPerCommandAreRefused() {
        assertThatThrownBy(() -> guard.checkPulses("pulse", 0, List.of(pulse(1.0, 1e-7, 60), pulse(1.0, 1e-7, 41))))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage(refused("pulse", "101 device pulses (sum of pulse counts) exceed the working "
                        + "max_pulses_per_command 100; split the command"));
    }

    @Test
    void aDeviceOutsideTheTileIsACallerBug() {
        assertThatThrownBy(() -> guard.checkPulses("pulse", 0, List.of(new DevicePulse(8, 0, 1.0, 1e-7, 1))))
                .isInstanceOf(IllegalArgumentException.class).isNotInstanceOf(EnvelopeException.class)
                .hasMessage("row: 8 (expected: 0..7)");
        assertThatThrownBy(() -> guard.checkPulses("pulse", 2, List.of(pulse(1.0, 1e-7, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tile: 2 (expected: 0..1)");
    }

    @Test
    void anEmptyPulseListIsACallerBug() {
        assertThatThrownBy(() -> guard.checkPulses("pulse", 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pulse: no pulses");
    }

    @Test
    void aPulseAndReadAboveTheReadLimitIsRefused() {
        assertThatThrownBy(() -> guard.checkPulseRead("pulse_read", 0, List.of(pulse(1.0, 1e-7, 1)), -0.35))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage(refused("pulse_read", "readVolts: |volts| 0.35 V exceeds the working max_read_volts 0.3 V"));
    }

    @Test
    void aConfiguredReadVoltageAboveATightenedLimitIsRefusedWhenUsed() {
        guard.updateReadConfig(new ReadConfig(0.4, 1e-6, 1e-4, 1));

        assertThatThrownBy(() -> guard.checkRead("read", ReadSpec.device(0, 0, 0)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("configured read voltage: |volts| 0.4 V exceeds the working max_read_volts 0.3 V");
        assertThatCode(() -> guard.checkRead("read", ReadSpec.device(0, 0, 0).withReadVolts(0.1)))
                .doesNotThrowAnyException();
    }

    @Test
    void aRowRangePastTheTileIsACallerBug() {
        assertThatThrownBy(() -> guard.checkRead("read", ReadSpec.rows(0, 6, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("read: rows [6, 9) outside 0..7");
    }

    @Test
    void anOuterProductCountsItsWorstCaseOverNonZeroLinesOnly() {
        float[] rows = {0.5f, 0f, -0.25f, 0f};
        float[] cols = {1f, 0.5f, 0f, 0.1f, 0.2f};
        // 10 slots x 2 non-zero rows x 4 non-zero cols = 80 <= 100
        assertThatCode(() -> guard.checkOuterProduct("outer_product_update",
                new OuterProductSpec(0, 0, 0, rows, cols, 10, 1.2, -1.1, 1e-7))).doesNotThrowAnyException();

        assertThatThrownBy(() -> guard.checkOuterProduct("outer_product_update",
                new OuterProductSpec(0, 0, 0, rows, cols, 13, 1.2, -1.1, 1e-7)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage(refused("outer_product_update", "104 device pulses (worst case pulseTrainLength 13 x "
                        + "2 non-zero rows x 4 non-zero cols) exceed the working max_pulses_per_command 100; split the command"));
    }

    @Test
    void anOuterProductChecksBothPolarities() {
        assertThatThrownBy(() -> guard.checkOuterProduct("outer_product_update",
                new OuterProductSpec(0, 0, 0, new float[] {1f}, new float[] {1f}, 1, 1.2, -1.7, 1e-7)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("resetVolts: half-select |volts|/2 = 0.85 V exceeds the working max_half_select_volts");
    }

    @Test
    void anOuterProductBlockPastTheTileIsACallerBug() {
        assertThatThrownBy(() -> guard.checkOuterProduct("outer_product_update",
                new OuterProductSpec(0, 6, 0, new float[] {1f, 1f, 1f}, new float[] {1f}, 1, 1.2, -1.1, 1e-7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("outer_product_update: rows [6, 9) outside 0..7");
    }

    @Test
    void aWriteVerifyCountsTargetsTimesMaxPulses() {
        List<DeviceTarget> targets = List.of(new DeviceTarget(0, 0, 1e-5), new DeviceTarget(0, 1, 1e-5),
                new DeviceTarget(0, 2, 1e-5));
        assertThatThrownBy(() -> guard.checkWriteVerify("write_verify",
                new WriteVerifySpec(0, targets, 1e-7, 34, 1.2, -1.1, 1e-7, 0)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("102 device pulses (3 targets x maxPulses 34) exceed the working max_pulses_per_command 100");
        assertThatCode(() -> guard.checkWriteVerify("write_verify",
                new WriteVerifySpec(0, targets, 1e-7, 33, 1.2, -1.1, 1e-7, 0))).doesNotThrowAnyException();
    }

    @Test
    void aRampIsCheckedStepByStepAgainstTheWorkingLimits() {
        assertThatThrownBy(() -> guard.checkRamp("ramp", new RampSpec(0, 0, 0, 0.5, 1.6, 0.1, 1e-7, 0, 0, 0, false)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage(refused("ramp", "step 11 (1.6 V): half-select |volts|/2 = 0.8 V exceeds the working "
                        + "max_half_select_volts 0.75 V"));
    }

    @Test
    void aFormingRampMayReachTheHardAmplitudeLimitsButNoFurther() {
        assertThatCode(() -> guard.checkRamp("ramp", new RampSpec(0, 0, 0, 1.0, 2.0, 0.1, 1e-7, 0, 0, 0, true)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkRamp("ramp", new RampSpec(0, 0, 0, 1.0, 2.2, 0.1, 1e-7, 0, 0, 0, true)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("step 11 (2.1 V): half-select |volts|/2 = 1.05 V exceeds the hard max_half_select_volts 1.0 V");

        guard.update(new LimitsPair(new Limits(3.0, 0.5, 2.0, 10e-9, 1e-3, 1000, 1e-3, 1e-2, 0), WORKING));
        assertThatThrownBy(() -> guard.checkRamp("ramp", new RampSpec(0, 0, 0, 2.5, 3.2, 0.1, 1e-7, 0, 0, 0, true)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("step 6 (3.1 V): |volts| 3.1 V exceeds the hard max_volts 3.0 V");
    }

    @Test
    void aRampCountsItsNonZeroStepsAsPulses() {
        // 0, -0.01, ..., -1.0: 101 steps, the first of 0 V applies nothing: 100 pulses.
        assertThatCode(() -> guard.checkRamp("ramp", new RampSpec(0, 0, 0, 0.0, -1.0, -0.01, 1e-7, 0, 0, 0, false)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkRamp("ramp", new RampSpec(0, 0, 0, -0.01, -1.01, -0.01, 1e-7, 0, 0, 0, false)))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("101 device pulses (ramp steps) exceed");
    }

    @Test
    void aRampLongerThanTheStepBoundIsRefusedForItsLengthBeforeAnyStepIsChecked() {
        // Whole volts: 0, 1, ..., 100000 V is exactly one step more than the bound.
        RampSpec tooLong = new RampSpec(0, 0, 0, 0, EnvelopeGuard.MAX_RAMP_STEPS, 1.0, 1e-7, 0, 0, 0, false);
        RampSpec longest = new RampSpec(0, 0, 0, 0, EnvelopeGuard.MAX_RAMP_STEPS - 1, 1.0, 1e-7, 0, 0, 0, false);

        assertThatThrownBy(() -> guard.checkRamp("ramp", tooLong)).isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(EnvelopeException.class)
                .hasMessage("ramp: 100001 steps (expected: at most 100000)");
        assertThatThrownBy(() -> guard.checkRamp("ramp", longest)).isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("step 2 (2.0 V): half-select |volts|/2 = 1.0 V exceeds the working");
    }

    @Test
    void theRampStepBoundIsTheOneTheSpecStates() throws java.io.IOException {
        java.nio.file.Path spec = java.nio.file.Path.of("..", "docs", "protocol.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(spec),
                "docs/protocol.md is not beside the driver module (not built from the repository)");
        // The paragraph may be wrapped anywhere: compare with line breaks as spaces.
        String text = java.nio.file.Files.readString(spec).replaceAll("\\s+", " ");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("the Java driver refuses more than ([0-9,]+) steps").matcher(text);

        assertThat(m.find()).as("docs/protocol.md states the driver's ramp step bound").isTrue();
        assertThat(Long.parseLong(m.group(1).replace(",", ""))).isEqualTo(EnvelopeGuard.MAX_RAMP_STEPS);
    }

    @Test
    void aVmmInputEqualToTheLimitAsAFloatIsWithinIt() {
        assertThatCode(() -> guard.checkVmm("vmm", new VmmSpec(0, VmmDirection.FORWARD, 1, 0, 1, 0, 0, new float[] {0.3f}, 0, 0)))
                .doesNotThrowAnyException();
    }

    @Test
    void aVmmInputAboveTheReadLimitIsRefusedNamingVectorAndInput() {
        float[] volts = {0.1f, 0.2f, 0.1f, -0.31f};
        assertThatThrownBy(() -> guard.checkVmm("vmm", new VmmSpec(0, VmmDirection.FORWARD, 2, 0, 2, 0, 0, volts, 0, 0)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("input 1 of vector 1: |volts| -0.31 V exceeds the working max_read_volts 0.3 V");
    }

    @Test
    void aVmmChecksDrivenAndSensedSidesByDirection() {
        float[] sixteen = new float[16];
        // Transposed drives the 16 columns: fine; forward drives only 8 rows.
        assertThatCode(() -> guard.checkVmm("vmm", new VmmSpec(0, VmmDirection.TRANSPOSED, 1, 0, 16, 0, 0, sixteen, 0, 0)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkVmm("vmm", new VmmSpec(0, VmmDirection.FORWARD, 1, 0, 16, 0, 0, sixteen, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("vmm: driven rows [0, 16) outside 0..7");
        assertThatThrownBy(() -> guard.checkVmm("vmm", new VmmSpec(0, VmmDirection.FORWARD, 1, 0, 1, 16, 0, new float[1], 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("vmm: outputOffset 16 (expected: < 16)");
    }

    @Test
    void averagingMoreReadsThanTheBoardCanIsACallerBug() {
        assertThatThrownBy(() -> guard.checkVmm("vmm", new VmmSpec(0, VmmDirection.FORWARD, 1, 0, 1, 0, 0, new float[1], 0, 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("vmm: readsAveraged 9 (expected: 0..8, 0 = configured)");
    }

    @Test
    void aNonFiniteVmmInputIsACallerBug() {
        assertThatThrownBy(() -> guard.checkVmm("vmm",
                new VmmSpec(0, VmmDirection.FORWARD, 1, 0, 1, 0, 0, new float[] {Float.NaN}, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("vmm: volts[0] = NaN (expected: finite)");
    }

    @Test
    void configuringAReadVoltageAboveTheLimitIsRefused() {
        assertThatThrownBy(() -> guard.checkConfigure("configure", new ReadConfig(0.31, 0, 0, 0)))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("readVolts: |volts| 0.31 V");
    }

    @Test
    void workingLimitsBeyondTheHardOnesAreRefusedNamingEachField() {
        Limits loose = new Limits(3.5, 0.5, 1.2, 5e-9, 1e-3, 1000, 1e-3, 1e-2, 0);

        assertThatThrownBy(() -> guard.checkSetLimits("set_limits", loose))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage(refused("set_limits", "working limits must stay within the hard limits (hard -> asked): max_volts 3 -> 3.5, "
                        + "max_half_select_volts 1 -> 1.2, min_pulse_seconds 1.0E-8 -> 5.0E-9"));
        assertThatCode(() -> guard.checkSetLimits("set_limits", HARD)).doesNotThrowAnyException();
    }

    @Test
    void anUpdateMaskBitPastTheTileIsACallerBug() {
        BitSet mask = new BitSet();
        mask.set(128);
        assertThatThrownBy(() -> guard.checkUpdateMask("set_update_mask", 0, mask))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("set_update_mask: mask bit 128 set (expected: < rows x cols = 128)");
    }

}
