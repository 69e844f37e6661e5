package org.crossbarhil.simulator.physics;

/**
 * What a parallel outer-product update did.
 *
 * @param devicePulses     coincidences: full-amplitude device pulses
 * @param halfSelectPulses device half-selects (V/2)
 * @param slots            time slots used, over every polarity sub-phase run
 * @param subPhases        polarity sub-phases run (at most 4)
 * @param interrupted      stopped by an abort before the last sub-phase ended
 */
public record OuterProductOutcome(long devicePulses, long halfSelectPulses, int slots, int subPhases, boolean interrupted) {
}
