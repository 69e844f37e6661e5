package org.crossbarhil.protocol.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.SetLimitsRequest;

/**
 * What a change of the working limits is (docs/protocol.md section 7): malformed (refused
 * {@code STATUS_INVALID_ARGUMENT} by every board side, before anything else is looked at), and
 * what it loosens: anyone may tighten them, only an administrator may loosen them.
 */
public final class LimitChanges {
    private LimitChanges() {
    }

    /**
     * Why a set_limits request is malformed, or empty when it is not: working limits missing, a
     * zero, negative or non-finite value (zero is what an absent field reads as, so a half-filled
     * {@code Limits} would otherwise forbid everything it left out), a negative or non-finite
     * energy budget (0 alone means none), or {@code min_pulse_seconds > max_pulse_seconds}. The
     * hard limits are not looked at here: going beyond them is {@code STATUS_OUT_OF_ENVELOPE}.
     */
    public static Optional<String> malformed(SetLimitsRequest request) {
        if (!request.hasWorkingLimits()) {
            return Optional.of("set_limits: working_limits missing");
        }
        Limits w = request.getWorkingLimits();
        String[] names = {"max_volts", "max_read_volts", "max_half_select_volts", "min_pulse_seconds", "max_pulse_seconds",
            "max_device_amperes", "max_line_amperes"};
        double[] values = {w.getMaxVolts(), w.getMaxReadVolts(), w.getMaxHalfSelectVolts(), w.getMinPulseSeconds(),
            w.getMaxPulseSeconds(), w.getMaxDeviceAmperes(), w.getMaxLineAmperes()};
        for (int i = 0; i < names.length; i++) {
            if (!(values[i] > 0) || Double.isInfinite(values[i])) {
                return Optional.of(names[i] + " " + values[i] + " (expected: > 0 and finite)");
            }
        }
        if (w.getMaxPulsesPerCommand() == 0) {
            return Optional.of("max_pulses_per_command 0 (expected: >= 1)");
        }
        double budget = w.getEnergyBudgetJoules();
        if (!(budget >= 0) || Double.isInfinite(budget)) {
            return Optional.of("energy_budget_joules " + budget + " (expected: >= 0, 0 = none)");
        }
        if (w.getMinPulseSeconds() > w.getMaxPulseSeconds()) {
            return Optional.of("min_pulse_seconds " + w.getMinPulseSeconds() + " > max_pulse_seconds " + w.getMaxPulseSeconds());
        }
        return Optional.empty();
    }

    /**
     * The working limits {@code wanted} would loosen relative to {@code current}, each as
     * "max_volts 1.5 -> 2", in field order; empty when every value is the same or tighter. A
     * larger maximum, a smaller minimum pulse width and removing or raising the energy budget
     * loosen (budget 0 means none, so going from a budget to 0 loosens).
     * {@code max_pulses_per_command} is a uint32 and is compared as one: 3,000,000,000 is above
     * 100, not a negative number below it.
     */
    public static List<String> loosened(Limits current, Limits wanted) {
        List<String> out = new ArrayList<>();
        above(out, "max_volts", current.getMaxVolts(), wanted.getMaxVolts());
        above(out, "max_read_volts", current.getMaxReadVolts(), wanted.getMaxReadVolts());
        above(out, "max_half_select_volts", current.getMaxHalfSelectVolts(), wanted.getMaxHalfSelectVolts());
        if (wanted.getMinPulseSeconds() < current.getMinPulseSeconds()) {
            out.add("min_pulse_seconds " + number(current.getMinPulseSeconds()) + " -> " + number(wanted.getMinPulseSeconds()));
        }
        above(out, "max_pulse_seconds", current.getMaxPulseSeconds(), wanted.getMaxPulseSeconds());
        if (Integer.compareUnsigned(wanted.getMaxPulsesPerCommand(), current.getMaxPulsesPerCommand()) > 0) {
            out.add("max_pulses_per_command " + Integer.toUnsignedString(current.getMaxPulsesPerCommand()) + " -> "
                    + Integer.toUnsignedString(wanted.getMaxPulsesPerCommand()));
        }
        above(out, "max_device_amperes", current.getMaxDeviceAmperes(), wanted.getMaxDeviceAmperes());
        above(out, "max_line_amperes", current.getMaxLineAmperes(), wanted.getMaxLineAmperes());
        double budget = current.getEnergyBudgetJoules();
        double asked = wanted.getEnergyBudgetJoules();
        if (budget > 0 && (asked == 0 || asked > budget)) {
            out.add("energy_budget_joules " + number(budget) + " -> " + (asked == 0 ? "0 (none)" : number(asked)));
        }
        return out;
    }

    private static void above(List<String> out, String name, double current, double wanted) {
        if (wanted > current) {
            out.add(name + " " + number(current) + " -> " + number(wanted));
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
