package org.crossbarhil.simulator.config;

/**
 * A safety envelope in the simulator's own terms (the firmware converts it to and from the wire).
 * {@code energyBudgetJoules} 0 means no budget.
 */
public record EnvelopeLimits(
        double maxVolts,
        double maxReadVolts,
        double maxHalfSelectVolts,
        double minPulseSeconds,
        double maxPulseSeconds,
        long maxPulsesPerCommand,
        double maxDeviceAmperes,
        double maxLineAmperes,
        double energyBudgetJoules) {
}
