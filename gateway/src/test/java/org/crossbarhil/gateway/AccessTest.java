package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.v1.LedgerRequest;
import org.crossbarhil.protocol.v1.LedgerResponse;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.LimitsResponse;
import org.crossbarhil.protocol.v1.PulseResponse;
import org.crossbarhil.protocol.v1.RampRequest;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleRequest;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.junit.jupiter.api.Test;

class AccessTest {
    private static final Limits WORKING = Limits.newBuilder().setMaxVolts(1.5).setMaxReadVolts(0.3).setMaxHalfSelectVolts(0.75)
            .setMinPulseSeconds(1e-8).setMaxPulseSeconds(1e-3).setMaxPulsesPerCommand(100).setMaxDeviceAmperes(1e-3)
            .setMaxLineAmperes(1e-2).setEnergyBudgetJoules(1e-3).build();

    @Test
    void readsAndVmmObserveWhileSettingLimitsAndResettingTheLedgerWrite() {
        assertThat(Access.of(Request.newBuilder().setRead(ReadRequest.getDefaultInstance()).build())).isEqualTo(Access.Kind.OBSERVE);
        assertThat(Access.of(Request.newBuilder().setVmm(VmmRequest.getDefaultInstance()).build())).isEqualTo(Access.Kind.OBSERVE);
        assertThat(Access.of(Request.newBuilder().setLedger(LedgerRequest.newBuilder().setReset(false)).build()))
                .isEqualTo(Access.Kind.OBSERVE);
        assertThat(Access.of(Request.newBuilder().setLedger(LedgerRequest.newBuilder().setReset(true)).build()))
                .isEqualTo(Access.Kind.WRITE);
        assertThat(Access.of(Request.newBuilder().setSetLimits(SetLimitsRequest.getDefaultInstance()).build()))
                .isEqualTo(Access.Kind.WRITE);
        assertThat(Access.of(Request.newBuilder().setSafeIdle(SafeIdleRequest.getDefaultInstance()).build()))
                .isEqualTo(Access.Kind.STOP);
    }

    @Test
    void aNonAdministratorMayNotLoosenPulsesPerCommandToThreeBillion() {
        Request loosen = Request.newBuilder().setSetLimits(SetLimitsRequest.newBuilder()
                .setWorkingLimits(WORKING.toBuilder().setMaxPulsesPerCommand((int) 3_000_000_000L))).build();

        assertThat(Access.administratorOnly(loosen, WORKING)).startsWith("set_limits would loosen max_pulses_per_command 100 -> "
                + "3000000000; on a gateway a client may only tighten the working limits");
    }

    @Test
    void tighteningNeedsNoAdministratorButFormingDoes() {
        Request tighten = Request.newBuilder().setSetLimits(SetLimitsRequest.newBuilder()
                .setWorkingLimits(WORKING.toBuilder().setMaxPulsesPerCommand(10))).build();
        Request forming = Request.newBuilder().setRamp(RampRequest.newBuilder().setForming(true)).build();

        assertThat(Access.administratorOnly(tighten, WORKING)).isNull();
        assertThat(Access.administratorOnly(Request.newBuilder().setRamp(RampRequest.getDefaultInstance()).build(), WORKING))
                .isNull();
        assertThat(Access.administratorOnly(forming, WORKING)).startsWith("a forming ramp is checked against the board's hard "
                + "limits");
    }

    @Test
    void onlyAnAnswerThatOnlyAWriteGetsSaysTheBoardChanged() {
        assertThat(Access.changedTheBoard(Response.newBuilder().setPulse(PulseResponse.getDefaultInstance()).build())).isTrue();
        assertThat(Access.changedTheBoard(Response.newBuilder().setRead(ReadResponse.getDefaultInstance()).build())).isFalse();
        assertThat(Access.changedTheBoard(Response.newBuilder().setLimits(LimitsResponse.getDefaultInstance()).build()))
                .as("get_limits and set_limits share it").isFalse();
        assertThat(Access.changedTheBoard(Response.newBuilder().setLedger(LedgerResponse.getDefaultInstance()).build()))
                .as("a write only when it reset").isFalse();
    }
}
