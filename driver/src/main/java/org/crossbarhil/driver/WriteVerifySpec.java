package org.crossbarhil.driver;

import java.util.List;

/** Closed-loop programming: pulse each device toward its target until within tolerance or out of pulses. */
public record WriteVerifySpec(int tile, List<DeviceTarget> targets, double toleranceSiemens, int maxPulses,
        double setVolts, double resetVolts, double widthSeconds, double readVolts) {
    public WriteVerifySpec {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no targets");
        }
        if (!(toleranceSiemens > 0)) {
            throw new IllegalArgumentException("toleranceSiemens: " + toleranceSiemens + " (expected: > 0)");
        }
        if (maxPulses < 1) {
            throw new IllegalArgumentException("maxPulses: " + maxPulses + " (expected: >= 1)");
        }
        if (!(setVolts > 0) || !(resetVolts < 0) || !(widthSeconds > 0) || readVolts < 0) {
            throw new IllegalArgumentException("setVolts > 0, resetVolts < 0, widthSeconds > 0, readVolts >= 0 expected: "
                    + setVolts + ", " + resetVolts + ", " + widthSeconds + ", " + readVolts);
        }
    }
}
