package org.crossbarhil.driver;

/** Physical cost the board accumulated since its last reset (docs/device-model.md gives the formulas). */
public record Ledger(
        double readEnergyJoules,
        double pulseEnergyJoules,
        double halfSelectEnergyJoules,
        double converterEnergyJoules,
        double totalEnergyJoules,
        double busySeconds,
        long devicePulses,
        long halfSelectPulses,
        long deviceReads,
        long vmmVectors,
        long conversions,
        long writeVerifyPulses,
        long requests) {
}
