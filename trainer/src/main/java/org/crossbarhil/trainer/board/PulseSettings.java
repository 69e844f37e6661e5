package org.crossbarhil.trainer.board;

import org.crossbarhil.driver.Limits;

/**
 * Programming pulses the trainer uses: SET and RESET amplitudes, width, and the pulse-train
 * length BL of the stochastic outer-product update. Checked against the board's working limits
 * before anything is sent: a setting outside them is refused, never clamped.
 */
public record PulseSettings(double setVolts, double resetVolts, double widthSeconds, int pulseTrainLength) {
    /** The nominal TaOx pulses (+1.2 V SET, -1.1 V RESET, 100 ns) and aihwkit's BL = 31. */
    public static final PulseSettings DEFAULTS = new PulseSettings(1.2, -1.1, 100e-9, 31);

    public PulseSettings {
        if (!(setVolts > 0) || Double.isInfinite(setVolts)) {
            throw new IllegalArgumentException("set volts: " + setVolts + " (expected: > 0)");
        }
        if (!(resetVolts < 0) || Double.isInfinite(resetVolts)) {
            throw new IllegalArgumentException("reset volts: " + resetVolts + " (expected: < 0)");
        }
        if (!(widthSeconds > 0) || widthSeconds > 1) {
            throw new IllegalArgumentException("pulse width: " + widthSeconds + " s (expected: in (0, 1])");
        }
        if (pulseTrainLength < 1 || pulseTrainLength > 1024) {
            throw new IllegalArgumentException("pulse train length BL: " + pulseTrainLength + " (expected: 1..1024)");
        }
    }

    /** Refuses settings the working limits would refuse, naming the limit. */
    public void check(Limits working) {
        for (double v : new double[] {setVolts, resetVolts}) {
            if (Math.abs(v) > working.maxVolts()) {
                throw new IllegalArgumentException("pulse amplitude " + v + " V exceeds the board's working limit of "
                        + working.maxVolts() + " V (choose a smaller amplitude; the trainer never clamps)");
            }
            if (Math.abs(v) / 2 > working.maxHalfSelectVolts()) {
                throw new IllegalArgumentException("pulse amplitude " + v + " V gives a " + Math.abs(v) / 2
                        + " V half-select, above the board's limit of " + working.maxHalfSelectVolts() + " V");
            }
        }
        if (widthSeconds < working.minPulseSeconds() || widthSeconds > working.maxPulseSeconds()) {
            throw new IllegalArgumentException("pulse width " + widthSeconds + " s outside the board's working limits ["
                    + working.minPulseSeconds() + ", " + working.maxPulseSeconds() + "] s");
        }
    }
}
