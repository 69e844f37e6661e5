package org.crossbarhil.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.junit.jupiter.api.Test;

class LimitChangesTest {
    private static final Limits WORKING = Limits.newBuilder().setMaxVolts(1.5).setMaxReadVolts(0.3).setMaxHalfSelectVolts(0.75)
            .setMinPulseSeconds(1e-8).setMaxPulseSeconds(1e-3).setMaxPulsesPerCommand(100).setMaxDeviceAmperes(1e-3)
            .setMaxLineAmperes(1e-2).setEnergyBudgetJoules(1e-3).build();

    @Test
    void tighteningEveryLimitLoosensNothing() {
        Limits tighter = WORKING.toBuilder().setMaxVolts(1.2).setMinPulseSeconds(2e-8).setMaxPulsesPerCommand(10)
                .setEnergyBudgetJoules(1e-4).build();
        assertThat(LimitChanges.loosened(WORKING, tighter)).isEmpty();
        assertThat(LimitChanges.loosened(WORKING, WORKING)).isEmpty();
    }

    @Test
    void eachLoosenedLimitIsNamedWithItsOldAndNewValue() {
        Limits looser = WORKING.toBuilder().setMaxVolts(2).setMinPulseSeconds(5e-9).setMaxPulsesPerCommand(1000)
                .setEnergyBudgetJoules(0).build();
        assertThat(LimitChanges.loosened(WORKING, looser)).containsExactly("max_volts 1.5 -> 2", "min_pulse_seconds 1.0E-8 -> 5.0E-9",
                "max_pulses_per_command 100 -> 1000", "energy_budget_joules 0.001 -> 0 (none)");
    }

    @Test
    void settingABudgetWhereThereWasNoneTightens() {
        Limits none = WORKING.toBuilder().setEnergyBudgetJoules(0).build();
        assertThat(LimitChanges.loosened(none, WORKING)).isEmpty();
    }

    @Test
    void pulsesPerCommandAboveTwoToThe31LoosenRatherThanReadingAsNegative() {
        Limits looser = WORKING.toBuilder().setMaxPulsesPerCommand((int) 3_000_000_000L).build();

        assertThat(LimitChanges.loosened(WORKING, looser)).containsExactly("max_pulses_per_command 100 -> 3000000000");
        assertThat(LimitChanges.loosened(looser, WORKING)).as("and back down from there tightens").isEmpty();
    }

    @Test
    void aHalfFilledChangeIsMalformedNamingTheFirstFieldItLeftOut() {
        Limits half = Limits.newBuilder().setMaxVolts(1.0).build();

        assertThat(LimitChanges.malformed(SetLimitsRequest.newBuilder().setWorkingLimits(half).build()))
                .contains("max_read_volts 0.0 (expected: > 0 and finite)");
        assertThat(LimitChanges.malformed(SetLimitsRequest.getDefaultInstance())).contains("set_limits: working_limits missing");
        assertThat(LimitChanges.malformed(SetLimitsRequest.newBuilder().setWorkingLimits(WORKING.toBuilder()
                .setMinPulseSeconds(1)).build())).contains("min_pulse_seconds 1.0 > max_pulse_seconds 0.001");
        assertThat(LimitChanges.malformed(SetLimitsRequest.newBuilder().setWorkingLimits(WORKING.toBuilder()
                .setMaxPulsesPerCommand(0)).build())).contains("max_pulses_per_command 0 (expected: >= 1)");
        assertThat(LimitChanges.malformed(SetLimitsRequest.newBuilder().setWorkingLimits(WORKING.toBuilder()
                .setEnergyBudgetJoules(0)).build())).as("budget 0 is none").isEmpty();
        assertThat(LimitChanges.malformed(SetLimitsRequest.newBuilder().setWorkingLimits(WORKING).build())).isEmpty();
    }
}
