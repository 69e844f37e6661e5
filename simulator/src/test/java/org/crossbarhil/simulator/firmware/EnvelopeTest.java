package org.crossbarhil.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.v1.DeviceTarget;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.OuterProductUpdateRequest;
import org.crossbarhil.protocol.v1.RampRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.crossbarhil.protocol.v1.WriteVerifyRequest;
import org.junit.jupiter.api.Test;

/** One test per envelope rule: the refusal names limit, value and bound, and nothing changes. */
class EnvelopeTest {
    private final FirmwareHarness h = FirmwareHarness.of("profile", "taox-2x64");

    private Response refusedAndNothingChanged(Request.Builder r) {
        float[] before = h.truth(0);
        long pulsesBefore = h.firmware.array().ledger().totals().devicePulses();
        Response resp = h.send(r);
        assertThat(resp.getStatus()).as(resp.getMessage()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(resp.getMessage()).contains("nothing applied");
        assertThat(h.truth(0)).isEqualTo(before);
        assertThat(h.firmware.array().ledger().totals().devicePulses()).isEqualTo(pulsesBefore);
        return resp;
    }

    @Test
    void aPulseAboveMaxVoltsIsRefused() {
        Response r = refusedAndNothingChanged(h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 2.5, 100e-9, 1)));
        assertThat(r.getMessage()).contains("max_volts").contains("2.5").contains("2.0");
    }

    @Test
    void aPulseWhoseHalfSelectExceedsThresholdIsRefusedAndChangesNothing() {
        // 1.7 V would put 0.85 V on every unselected device of its row and column: above Vth(SET) = 0.8 V.
        Response r = refusedAndNothingChanged(h.pulseRequest(0, FirmwareHarness.pulse(5, 5, 1.7, 100e-9, 1)));
        assertThat(r.getMessage()).contains("max_half_select_volts").contains("0.85").contains("0.6");
    }

    @Test
    void aPulseShorterThanTheMinimumWidthIsRefused() {
        Response r = refusedAndNothingChanged(h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 1e-9, 1)));
        assertThat(r.getMessage()).contains("min_pulse_seconds").contains("1.0E-9").contains("1.0E-8");
    }

    @Test
    void aPulseLongerThanTheMaximumWidthIsRefused() {
        Response r = refusedAndNothingChanged(h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 1e-3, 1)));
        assertThat(r.getMessage()).contains("max_pulse_seconds");
    }

    @Test
    void aPulseListOverTheCountLimitIsRefusedAsAWhole() {
        h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(
                h.firmware.session().description().getHardLimits().toBuilder().setMaxPulsesPerCommand(10))));
        Response r = refusedAndNothingChanged(h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 6),
                FirmwareHarness.pulse(1, 1, 1.2, 100e-9, 5)));
        assertThat(r.getMessage()).contains("11 device pulses").contains("max_pulses_per_command 10");
    }

    @Test
    void anOuterProductIsCountedAtItsWorstCase() {
        h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(
                h.firmware.session().description().getHardLimits().toBuilder().setMaxPulsesPerCommand(100))));
        Response r = refusedAndNothingChanged(h.request().setOuterProductUpdate(OuterProductUpdateRequest.newBuilder()
                .setTile(0).addRowValues(0.1f).addRowValues(0).addRowValues(-0.2f).addColValues(0.5f).addColValues(0.5f)
                .setPulseTrainLength(31).setSetVolts(1.2).setResetVolts(-1.1).setWidthSeconds(100e-9)));
        // 31 slots x 2 non-zero rows x 2 non-zero columns.
        assertThat(r.getMessage()).contains("124 device pulses").contains("max_pulses_per_command 100");
    }

    @Test
    void writeVerifyIsCountedAsTargetsTimesMaxPulses() {
        h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(
                h.firmware.session().description().getHardLimits().toBuilder().setMaxPulsesPerCommand(100))));
        WriteVerifyRequest.Builder wv = WriteVerifyRequest.newBuilder().setTile(0).setToleranceSiemens(1e-6).setMaxPulses(60)
                .setSetVolts(1.2).setResetVolts(-1.1).setWidthSeconds(100e-9);
        wv.addTargets(DeviceTarget.newBuilder().setRow(0).setCol(0).setTargetSiemens(50e-6));
        wv.addTargets(DeviceTarget.newBuilder().setRow(0).setCol(1).setTargetSiemens(50e-6));
        Response r = refusedAndNothingChanged(h.request().setWriteVerify(wv));
        assertThat(r.getMessage()).contains("120 device pulses");
    }

    @Test
    void aVmmInputAboveTheReadLimitIsRefused() {
        Response r = refusedAndNothingChanged(h.request().setVmm(VmmRequest.newBuilder().setTile(0)
                .setDirection(VmmDirection.VMM_DIRECTION_FORWARD).setVectorCount(1).setInputCount(2).addVolts(0.1f).addVolts(-0.3f)));
        assertThat(r.getMessage()).contains("max_read_volts").contains("0.3");
    }

    @Test
    void aReadAboveTheReadLimitIsRefused() {
        Response r = refusedAndNothingChanged(h.request().setRead(org.crossbarhil.protocol.v1.ReadRequest.newBuilder()
                .setTile(0).setScope(org.crossbarhil.protocol.v1.ReadScope.READ_SCOPE_DEVICE).setReadVolts(0.5)));
        assertThat(r.getMessage()).contains("max_read_volts");
    }

    @Test
    void lineComplianceRefusesAVmmThatCouldDrawTooMuchCurrent() {
        FirmwareHarness tight = FirmwareHarness.of("profile", "taox-2x64", "max_line_amperes", "1e-3");
        VmmRequest.Builder vmm = VmmRequest.newBuilder().setTile(0).setDirection(VmmDirection.VMM_DIRECTION_FORWARD)
                .setVectorCount(1).setInputCount(64);
        for (int i = 0; i < 64; i++) {
            vmm.addVolts(0.2f);
        }
        Response r = tight.send(tight.request().setVmm(vmm));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(r.getMessage()).contains("max_line_amperes 0.001");
    }

    @Test
    void deviceComplianceRefusesAPulseThatCouldDrawTooMuchCurrent() {
        FirmwareHarness tight = FirmwareHarness.of("profile", "taox-2x64", "max_device_amperes", "1e-4");
        Response r = tight.send(tight.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 1)));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(r.getMessage()).contains("max_device_amperes 1.0E-4");
    }

    @Test
    void theEnergyBudgetRefusesWhatWouldExceedIt() {
        FirmwareHarness budget = FirmwareHarness.of("profile", "taox-2x64", "energy_budget_joules", "1e-12");
        Response r = budget.send(budget.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 100)));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(r.getMessage()).contains("energy_budget_joules 1.0E-12");
    }

    @Test
    void tighteningLimitsTakesEffectAndLooseningBeyondHardIsRefused() {
        Limits hard = h.firmware.session().description().getHardLimits();
        Response tightened = h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder()
                .setWorkingLimits(hard.toBuilder().setMaxVolts(1.0))));
        assertThat(tightened.getLimits().getWorkingLimits().getMaxVolts()).isEqualTo(1.0);
        Response r = refusedAndNothingChanged(h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 1)));
        assertThat(r.getMessage()).contains("max_volts 1.0");

        Response beyond = h.send(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(hard.toBuilder().setMaxVolts(3))));
        assertThat(beyond.getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(beyond.getMessage()).contains("working limits beyond the hard limits (hard -> asked): max_volts 2 -> 3");
        // Loosening back to the hard limit is allowed on a direct connection.
        assertThat(h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(hard))).getLimits()
                .getWorkingLimits()).isEqualTo(hard);
    }

    @Test
    void malformedLimitsAreInvalidArguments() {
        Limits hard = h.firmware.session().description().getHardLimits();
        Response r = h.send(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(hard.toBuilder().setMaxVolts(-1))));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).contains("max_volts -1.0");
    }

    @Test
    void formingRampsMayUseTheHardLimitButNotBeyondIt() {
        Limits hard = h.firmware.session().description().getHardLimits();
        h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(hard.toBuilder().setMaxVolts(1.0))));
        RampRequest.Builder ramp = RampRequest.newBuilder().setTile(0).setRow(1).setCol(1).setStartVolts(0.9).setStopVolts(1.1)
                .setStepVolts(0.1).setWidthSeconds(100e-9);
        assertThat(h.send(h.request().setRamp(ramp)).getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(h.send(h.request().setRamp(ramp.setForming(true))).getStatus()).isEqualTo(Status.STATUS_OK);
        Response r = h.send(h.request().setRamp(ramp.setStopVolts(1.3).setForming(true)));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(r.getMessage()).contains("max_half_select_volts").contains("hard limit, forming");
    }
}
