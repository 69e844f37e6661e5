package org.crossbarhil.driver;

/**
 * A safety envelope. Values are checked as they are set: negative or non-finite values are
 * refused, never clamped. {@code energyBudgetJoules} 0 means no budget. On the wire
 * {@code max_pulses_per_command} is a uint32; a board that allows more than
 * {@link Integer#MAX_VALUE} is reported here as allowing {@link Integer#MAX_VALUE}, so the
 * driver's own check is then tighter than the board's, never looser.
 */
public record Limits(
        double maxVolts,
        double maxReadVolts,
        double maxHalfSelectVolts,
        double minPulseSeconds,
        double maxPulseSeconds,
        int maxPulsesPerCommand,
        double maxDeviceAmperes,
        double maxLineAmperes,
        double energyBudgetJoules) {

    public Limits {
        positive("maxVolts", maxVolts);
        positive("maxReadVolts", maxReadVolts);
        positive("maxHalfSelectVolts", maxHalfSelectVolts);
        positive("minPulseSeconds", minPulseSeconds);
        positive("maxPulseSeconds", maxPulseSeconds);
        if (minPulseSeconds > maxPulseSeconds) {
            throw new IllegalArgumentException("minPulseSeconds " + minPulseSeconds + " > maxPulseSeconds " + maxPulseSeconds);
        }
        if (maxPulsesPerCommand < 1) {
            throw new IllegalArgumentException("maxPulsesPerCommand: " + maxPulsesPerCommand + " (expected: >= 1)");
        }
        positive("maxDeviceAmperes", maxDeviceAmperes);
        positive("maxLineAmperes", maxLineAmperes);
        if (!(energyBudgetJoules >= 0) || Double.isInfinite(energyBudgetJoules)) {
            throw new IllegalArgumentException("energyBudgetJoules: " + energyBudgetJoules + " (expected: >= 0, 0 = none)");
        }
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0 and finite)");
        }
    }

    /** True when every limit of this envelope is at or inside {@code outer}'s. */
    public boolean within(Limits outer) {
        return maxVolts <= outer.maxVolts
                && maxReadVolts <= outer.maxReadVolts
                && maxHalfSelectVolts <= outer.maxHalfSelectVolts
                && minPulseSeconds >= outer.minPulseSeconds
                && maxPulseSeconds <= outer.maxPulseSeconds
                && maxPulsesPerCommand <= outer.maxPulsesPerCommand
                && maxDeviceAmperes <= outer.maxDeviceAmperes
                && maxLineAmperes <= outer.maxLineAmperes
                && (outer.energyBudgetJoules == 0 || (energyBudgetJoules > 0 && energyBudgetJoules <= outer.energyBudgetJoules));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies one envelope and changes some of its values, each checked when {@link #build()} runs. */
    public static final class Builder {
        private double maxVolts;
        private double maxReadVolts;
        private double maxHalfSelectVolts;
        private double minPulseSeconds;
        private double maxPulseSeconds;
        private int maxPulsesPerCommand;
        private double maxDeviceAmperes;
        private double maxLineAmperes;
        private double energyBudgetJoules;

        private Builder(Limits l) {
            maxVolts = l.maxVolts;
            maxReadVolts = l.maxReadVolts;
            maxHalfSelectVolts = l.maxHalfSelectVolts;
            minPulseSeconds = l.minPulseSeconds;
            maxPulseSeconds = l.maxPulseSeconds;
            maxPulsesPerCommand = l.maxPulsesPerCommand;
            maxDeviceAmperes = l.maxDeviceAmperes;
            maxLineAmperes = l.maxLineAmperes;
            energyBudgetJoules = l.energyBudgetJoules;
        }

        public Builder maxVolts(double v) {
            maxVolts = v;
            return this;
        }

        public Builder maxReadVolts(double v) {
            maxReadVolts = v;
            return this;
        }

        public Builder maxHalfSelectVolts(double v) {
            maxHalfSelectVolts = v;
            return this;
        }

        public Builder minPulseSeconds(double v) {
            minPulseSeconds = v;
            return this;
        }

        public Builder maxPulseSeconds(double v) {
            maxPulseSeconds = v;
            return this;
        }

        public Builder maxPulsesPerCommand(int v) {
            maxPulsesPerCommand = v;
            return this;
        }

        public Builder maxDeviceAmperes(double v) {
            maxDeviceAmperes = v;
            return this;
        }

        public Builder maxLineAmperes(double v) {
            maxLineAmperes = v;
            return this;
        }

        public Builder energyBudgetJoules(double v) {
            energyBudgetJoules = v;
            return this;
        }

        public Limits build() {
            return new Limits(maxVolts, maxReadVolts, maxHalfSelectVolts, minPulseSeconds, maxPulseSeconds,
                    maxPulsesPerCommand, maxDeviceAmperes, maxLineAmperes, energyBudgetJoules);
        }
    }
}
