package org.crossbarhil.protocol.rules;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.protocol.v0.Limits;

/**
 * What a change of the working limits loosens (docs/protocol.md section 7): anyone may tighten
 * them, only an administrator may loosen them.
 */
public final class LimitChanges {
    private LimitChanges() {
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
