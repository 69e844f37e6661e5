package org.crossbarhil.simulator.firmware;

import java.util.List;
import org.crossbarhil.protocol.rules.LimitChanges;
import org.crossbarhil.simulator.config.EnvelopeLimits;
import org.crossbarhil.simulator.physics.ReadPathParams;

/**
 * The safety envelope: hard ceilings (fixed by the board) and working limits (set by clients,
 * always inside the hard ones). Every check runs before anything is applied and refuses with
 * {@code STATUS_OUT_OF_ENVELOPE}, naming the limit, the value and the bound. Nothing is ever
 * clamped.
 *
 * <p>Current compliance is checked against the worst case: every device at the board's highest
 * possible conductance ({@code gCeiling}), I-V nonlinearity included. A real board would trip
 * its compliance during the operation; checking first keeps "nothing applied" true.
 */
final class Envelope {
    private final EnvelopeLimits hard;
    private final double gCeiling;
    private final ReadPathParams readPath;
    private EnvelopeLimits working;

    Envelope(EnvelopeLimits hard, double gCeiling, ReadPathParams readPath) {
        this.hard = hard;
        this.working = hard;
        this.gCeiling = gCeiling;
        this.readPath = readPath;
    }

    EnvelopeLimits hard() {
        return hard;
    }

    EnvelopeLimits working() {
        return working;
    }

    /**
     * Replaces the working limits, which the caller found well-formed
     * ({@code LimitChanges.malformed}, the rule every board side shares); a value outside the
     * hard limits is OUT_OF_ENVELOPE, found by the same rule that says what a change loosens
     * ({@code LimitChanges.loosened}: beyond the hard limits is looser than them). A direct
     * connection is administrator, so loosening back up to the hard limits is allowed.
     */
    void setWorking(EnvelopeLimits w) {
        List<String> beyond = LimitChanges.loosened(Wire.limits(hard), Wire.limits(w));
        if (!beyond.isEmpty()) {
            throw Refusal.envelope("working limits beyond the hard limits (hard -> asked): " + String.join(", ", beyond)
                    + "; nothing changed");
        }
        working = w;
    }

    /**
     * A read or VMM input voltage. VMM inputs travel as 32-bit floats, so an input equal to the
     * limit rounded to a float is within it.
     */
    void checkReadVolts(String what, double volts) {
        double a = Math.abs(volts);
        if (a > working.maxReadVolts() && (float) a > (float) working.maxReadVolts()) {
            throw Refusal.envelope(what + ": |volts| " + Math.abs(volts) + " V exceeds max_read_volts " + working.maxReadVolts() + " V");
        }
        checkDeviceCurrent(what, volts);
    }

    /**
     * A programming pulse: amplitude, half-select amplitude, width, device current. With
     * {@code forming}, amplitudes are held to the hard limits instead of the working ones.
     */
    void checkPulse(String what, double volts, double widthSeconds, boolean forming) {
        EnvelopeLimits l = forming ? hard : working;
        String which = forming ? " (hard limit, forming)" : "";
        double a = Math.abs(volts);
        if (a > l.maxVolts()) {
            throw Refusal.envelope(what + ": |volts| " + a + " V exceeds max_volts " + l.maxVolts() + " V" + which);
        }
        if (a / 2 > l.maxHalfSelectVolts()) {
            throw Refusal.envelope(what + ": half-select |volts|/2 = " + a / 2 + " V exceeds max_half_select_volts "
                    + l.maxHalfSelectVolts() + " V" + which + " (unselected devices on its lines would see it)");
        }
        if (widthSeconds < working.minPulseSeconds()) {
            throw Refusal.envelope(what + ": width_seconds " + widthSeconds + " s is below min_pulse_seconds " + working.minPulseSeconds() + " s");
        }
        if (widthSeconds > working.maxPulseSeconds()) {
            throw Refusal.envelope(what + ": width_seconds " + widthSeconds + " s exceeds max_pulse_seconds " + working.maxPulseSeconds() + " s");
        }
        checkDeviceCurrent(what, volts);
    }

    void checkPulseCount(String what, long pulses) {
        if (pulses > working.maxPulsesPerCommand()) {
            throw Refusal.envelope(what + ": " + pulses + " device pulses exceed max_pulses_per_command " + working.maxPulsesPerCommand());
        }
    }

    private void checkDeviceCurrent(String what, double volts) {
        double i = Math.abs(readPath.current(gCeiling, volts));
        if (i > working.maxDeviceAmperes()) {
            throw Refusal.envelope(what + ": worst-case device current " + i + " A at " + volts + " V exceeds max_device_amperes "
                    + working.maxDeviceAmperes() + " A");
        }
    }

    /**
     * A line carrying {@code fullDevices} devices at |volts| and {@code halfDevices} at |volts|/2,
     * every one at the highest conductance.
     */
    void checkLineCurrent(String what, String line, double volts, long fullDevices, long halfDevices) {
        double a = Math.abs(volts);
        double i = fullDevices * Math.abs(readPath.current(gCeiling, a)) + halfDevices * Math.abs(readPath.current(gCeiling, a / 2));
        if (i > working.maxLineAmperes()) {
            throw Refusal.envelope(what + ": worst-case current " + i + " A on " + line + " exceeds max_line_amperes "
                    + working.maxLineAmperes() + " A");
        }
    }

    /** A line summing currents of devices driven at the given voltages (a VMM input vector). */
    void checkLineCurrent(String what, String line, double sumOfDeviceCurrentsAtCeiling) {
        if (sumOfDeviceCurrentsAtCeiling > working.maxLineAmperes()) {
            throw Refusal.envelope(what + ": worst-case current " + sumOfDeviceCurrentsAtCeiling + " A on " + line
                    + " exceeds max_line_amperes " + working.maxLineAmperes() + " A");
        }
    }

    double ceilingCurrent(double volts) {
        return Math.abs(readPath.current(gCeiling, volts));
    }

    /** Programming energy: refused when the worst case of this command would exceed the budget. */
    void checkEnergy(String what, double worstCaseJoules, double spentJoules) {
        double budget = working.energyBudgetJoules();
        if (budget > 0 && spentJoules + worstCaseJoules > budget) {
            throw Refusal.envelope(what + ": worst-case programming energy " + worstCaseJoules + " J on top of " + spentJoules
                    + " J spent exceeds energy_budget_joules " + budget + " J");
        }
    }

    /** Worst-case energy of {@code pulses} pulses of (volts, width) with their half-selects. */
    double worstCaseEnergy(double volts, double widthSeconds, long pulses, long halfSelects) {
        double a = Math.abs(volts);
        return widthSeconds * (pulses * a * ceilingCurrent(a) + halfSelects * (a / 2) * ceilingCurrent(a / 2));
    }
}
