package org.crossbarhil.driver;

/**
 * Pulses of {@code widthSeconds} at startVolts, startVolts + stepVolts, ... up to stopVolts on one
 * device, reading after each, until G rises above {@code stopAboveSiemens} or falls below
 * {@code stopBelowSiemens} (0 = no such condition). {@code forming} must be set to use voltages
 * beyond the working limit (never beyond the hard limit).
 */
public record RampSpec(int tile, int row, int col, double startVolts, double stopVolts, double stepVolts,
        double widthSeconds, double readVolts, double stopAboveSiemens, double stopBelowSiemens, boolean forming) {
    public RampSpec {
        if (stepVolts == 0 || Math.signum(stepVolts) != Math.signum(stopVolts - startVolts)) {
            throw new IllegalArgumentException("stepVolts " + stepVolts + " must be non-zero and point from startVolts "
                    + startVolts + " toward stopVolts " + stopVolts);
        }
        if (!(widthSeconds > 0)) {
            throw new IllegalArgumentException("widthSeconds: " + widthSeconds + " (expected: > 0)");
        }
    }
}
