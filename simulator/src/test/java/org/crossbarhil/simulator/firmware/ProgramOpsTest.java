package org.crossbarhil.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import org.crossbarhil.protocol.v1.DeviceTarget;
import org.crossbarhil.protocol.v1.OuterProductUpdateRequest;
import org.crossbarhil.protocol.v1.OuterProductUpdateResponse;
import org.crossbarhil.protocol.v1.PulseReadRequest;
import org.crossbarhil.protocol.v1.RampRequest;
import org.crossbarhil.protocol.v1.RampResponse;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SetUpdateMaskRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.WriteVerifyRequest;
import org.crossbarhil.protocol.v1.WriteVerifyResponse;
import org.crossbarhil.protocol.v1.WriteVerifyResult;
import org.junit.jupiter.api.Test;

class ProgramOpsTest {
    private static OuterProductUpdateRequest.Builder outer(float[] u, float[] v, int bl) {
        OuterProductUpdateRequest.Builder b = OuterProductUpdateRequest.newBuilder().setTile(0).setPulseTrainLength(bl)
                .setSetVolts(1.2).setResetVolts(-1.1).setWidthSeconds(100e-9);
        for (float x : u) {
            b.addRowValues(x);
        }
        for (float x : v) {
            b.addColValues(x);
        }
        return b;
    }

    @Test
    void outerProductMovesEachDeviceBySignOfUTimesVAndLeavesZeroLinesAlone() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "initial_state", "mid");
        float[] before = h.truth(0);
        float[] u = {1f, -1f, 0f};
        float[] v = {1f, 0f, -1f};
        OuterProductUpdateResponse r = h.ok(h.request().setOuterProductUpdate(outer(u, v, 10))).getOuterProductUpdate();
        float[] after = h.truth(0);
        // Probability 1 on both lines: BL coincidences on each of the four non-zero devices.
        assertThat(r.getDevicePulses()).isEqualTo(4 * 10);
        assertThat(after[0]).isGreaterThan(before[0]);             // (+, +) SET
        assertThat(after[2]).isLessThan(before[2]);                // (+, -) RESET
        assertThat(after[64]).isLessThan(before[64]);              // (-, +) RESET
        assertThat(after[64 + 2]).isGreaterThan(before[64 + 2]);   // (-, -) SET
        assertThat(after[1]).isEqualTo(before[1]);                 // v = 0
        assertThat(after[2 * 64]).isEqualTo(before[2 * 64]);       // u = 0
        assertThat(r.getSlots()).isEqualTo(4 * 10);                // four polarity sub-phases
    }

    @Test
    void outerProductHalfSelectCountFollowsTheLineFormula() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        // One row and one column, always firing: per slot 63 + 63 half-selects.
        OuterProductUpdateResponse r = h.ok(h.request().setOuterProductUpdate(outer(new float[] {1f}, new float[] {1f}, 5)))
                .getOuterProductUpdate();
        assertThat(r.getDevicePulses()).isEqualTo(5);
        assertThat(r.getHalfSelectPulses()).isEqualTo(5 * (63 + 63));
    }

    @Test
    void expectedCoincidencesFollowTheProductOfProbabilities() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        float[] u = new float[64];
        float[] v = new float[64];
        java.util.Arrays.fill(u, 0.5f);
        java.util.Arrays.fill(v, 0.25f);
        OuterProductUpdateResponse r = h.ok(h.request().setOuterProductUpdate(outer(u, v, 31))).getOuterProductUpdate();
        double expected = 31 * 64 * 64 * 0.5 * 0.25;
        assertThat((double) r.getDevicePulses()).isCloseTo(expected, within(expected * 0.05));
    }

    @Test
    void outerProductValuesOutsideMinusOneToOneAreInvalid() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Response r = h.send(h.request().setOuterProductUpdate(outer(new float[] {1.5f}, new float[] {1f}, 5)));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).contains("row_values[0] = 1.5");
    }

    @Test
    void updateMasksNeedA1T1RArrayAndKeepMaskedDevicesOutOfUpdates() {
        FirmwareHarness passive = FirmwareHarness.of("profile", "ideal-2x64");
        Response refused = passive.send(passive.request().setSetUpdateMask(SetUpdateMaskRequest.newBuilder().setTile(0)));
        assertThat(refused.getStatus()).isEqualTo(Status.STATUS_UNSUPPORTED);
        assertThat(refused.getMessage()).contains("1T1R");

        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "array_type", "1t1r", "initial_state", "mid");
        byte[] mask = new byte[64 * 64 / 8];
        mask[0] = 0b0000_0010; // device (0, 1)
        assertThat(h.ok(h.request().setSetUpdateMask(SetUpdateMaskRequest.newBuilder().setTile(0).setMask(ByteString.copyFrom(mask))))
                .getSetUpdateMask().getMaskedDevices()).isEqualTo(1);
        float[] before = h.truth(0);
        OuterProductUpdateResponse r = h.ok(h.request().setOuterProductUpdate(outer(new float[] {1f}, new float[] {1f, 1f}, 3)))
                .getOuterProductUpdate();
        float[] after = h.truth(0);
        assertThat(after[0]).isGreaterThan(before[0]);
        assertThat(after[1]).isEqualTo(before[1]);
        assertThat(r.getHalfSelectPulses()).isZero();
    }

    @Test
    void writeVerifyConvergesWithinToleranceAndCountsItsPulses() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        WriteVerifyRequest.Builder wv = WriteVerifyRequest.newBuilder().setTile(0).setToleranceSiemens(1.5e-6).setMaxPulses(300)
                .setSetVolts(1.2).setResetVolts(-1.1).setWidthSeconds(100e-9);
        double[] targets = {10e-6, 50e-6, 90e-6};
        for (int i = 0; i < targets.length; i++) {
            wv.addTargets(DeviceTarget.newBuilder().setRow(i).setCol(i).setTargetSiemens(targets[i]));
        }
        WriteVerifyResponse r = h.ok(h.request().setWriteVerify(wv)).getWriteVerify();
        for (int i = 0; i < targets.length; i++) {
            WriteVerifyResult res = r.getResults(i);
            assertThat(res.getConverged()).isTrue();
            assertThat((double) res.getFinalSiemens()).isCloseTo(targets[i], within(1.5e-6));
            assertThat((double) h.truth(0)[i * 64 + i]).isCloseTo(targets[i], within(1.5e-6));
        }
        long pulses = r.getResultsList().stream().mapToLong(WriteVerifyResult::getPulses).sum();
        assertThat(r.getDevicePulses()).isEqualTo(pulses);
        assertThat(h.ok(h.ledger(false)).getLedger().getLedger().getWriteVerifyPulses()).isEqualTo(pulses);
    }

    @Test
    void writeVerifyGivesUpOnAStuckDevice() {
        FirmwareHarness h = FirmwareHarness.of("profile", "taox-2x64", "stuck_fraction", "1", "stuck_high_share", "0");
        WriteVerifyRequest.Builder wv = WriteVerifyRequest.newBuilder().setTile(0).setToleranceSiemens(1e-6).setMaxPulses(20)
                .setSetVolts(1.2).setResetVolts(-1.1).setWidthSeconds(100e-9)
                .addTargets(DeviceTarget.newBuilder().setRow(0).setCol(0).setTargetSiemens(60e-6));
        WriteVerifyResult res = h.ok(h.request().setWriteVerify(wv)).getWriteVerify().getResults(0);
        assertThat(res.getConverged()).isFalse();
        assertThat(res.getPulses()).isEqualTo(20);
    }

    @Test
    void rampStopsWhenTheConditionHolds() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "initial_state", "min", "step_set", "0.3");
        RampResponse r = h.ok(h.request().setRamp(RampRequest.newBuilder().setTile(0).setRow(2).setCol(3).setStartVolts(0.5)
                .setStopVolts(1.2).setStepVolts(0.05).setWidthSeconds(100e-9).setStopAboveSiemens(20e-6))).getRamp();
        assertThat(r.getStopConditionMet()).isTrue();
        assertThat(r.getPoints(r.getPointsCount() - 1).getSiemens()).isGreaterThanOrEqualTo(20e-6f);
        // Below threshold nothing moved: every point up to 0.8 V reads Gmin.
        assertThat(r.getPoints(0).getSiemens()).isEqualTo(r.getPoints(5).getSiemens());
        assertThat(r.getPointsCount()).isLessThan(15);
        assertThat(r.getDevicePulses()).isEqualTo(r.getPointsCount());
    }

    @Test
    void rampStepPointingAwayFromStopIsInvalid() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Response r = h.send(h.request().setRamp(RampRequest.newBuilder().setTile(0).setStartVolts(0.5).setStopVolts(1.0)
                .setStepVolts(-0.1).setWidthSeconds(100e-9)));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).contains("step_volts -0.1");
    }

    @Test
    void pulseReadReadsAfterEachPulseWhenAsked() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "initial_state", "min");
        Response r = h.ok(h.request().setPulseRead(PulseReadRequest.newBuilder().setTile(0)
                .addPulses(FirmwareHarness.pulse(1, 1, 1.2, 100e-9, 4)).setReadAfterEachPulse(true)));
        assertThat(r.getPulseRead().getSiemensCount()).isEqualTo(4);
        for (int i = 1; i < 4; i++) {
            assertThat(r.getPulseRead().getSiemens(i)).isGreaterThan(r.getPulseRead().getSiemens(i - 1));
        }
        Response once = h.ok(h.request().setPulseRead(PulseReadRequest.newBuilder().setTile(0)
                .addPulses(FirmwareHarness.pulse(1, 1, 1.2, 100e-9, 4)).addPulses(FirmwareHarness.pulse(2, 2, -1.1, 100e-9, 1))));
        assertThat(once.getPulseRead().getSiemensCount()).isEqualTo(2);
        assertThat(once.getPulseRead().getDevicePulses()).isEqualTo(5);
    }

    @Test
    void aPulseOutsideTheTileIsInvalidAndNamesTheDevice() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Response r = h.send(h.pulseRequest(0, FirmwareHarness.pulse(64, 0, 1.2, 100e-9, 1)));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).contains("(64, 0)").contains("64x64");
        Response tile = h.send(h.pulseRequest(2, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 1)));
        assertThat(tile.getMessage()).contains("tile 2 (expected: 0..1)");
    }

    @Test
    void aRampWhoseAnswerWouldNotFitAFrameIsRefusedBeforeAnyPulse() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "max_frame_bytes", "4096");
        float[] before = h.truth(0);
        Response r = h.send(h.request().setRamp(RampRequest.newBuilder().setTile(0).setRow(2).setCol(3).setStartVolts(0.1)
                .setStopVolts(1.1).setStepVolts(0.001).setWidthSeconds(100e-9)));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_RESOURCE_EXHAUSTED);
        assertThat(r.getMessage()).contains("ramp of 1001 steps").contains("split it");
        assertThat(h.truth(0)).isEqualTo(before);
    }
}
