package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.v0.LedgerRequest;
import org.crossbarhil.protocol.v0.Limits;
import org.crossbarhil.protocol.v0.ReadRequest;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.SafeIdleRequest;
import org.crossbarhil.protocol.v0.SetLimitsRequest;
import org.crossbarhil.protocol.v0.VmmRequest;
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
    void tighteningEveryLimitLoosensNothing() {
        Limits tighter = WORKING.toBuilder().setMaxVolts(1.2).setMinPulseSeconds(2e-8).setMaxPulsesPerCommand(10)
                .setEnergyBudgetJoules(1e-4).build();
        assertThat(Access.loosened(WORKING, tighter)).isEmpty();
        assertThat(Access.loosened(WORKING, WORKING)).isEmpty();
    }

    @Test
    void eachLoosenedLimitIsNamedWithItsOldAndNewValue() {
        Limits looser = WORKING.toBuilder().setMaxVolts(2).setMinPulseSeconds(5e-9).setMaxPulsesPerCommand(1000)
                .setEnergyBudgetJoules(0).build();
        assertThat(Access.loosened(WORKING, looser)).containsExactly("max_volts 1.5 -> 2", "min_pulse_seconds 1.0E-8 -> 5.0E-9",
                "max_pulses_per_command 100 -> 1000", "energy_budget_joules 0.001 -> 0 (none)");
    }

    @Test
    void settingABudgetWhereThereWasNoneTightens() {
        Limits none = WORKING.toBuilder().setEnergyBudgetJoules(0).build();
        assertThat(Access.loosened(none, WORKING)).isEmpty();
    }
}
