package org.crossbarhil.driver;

/**
 * Physical cost the board accumulated since its last reset (docs/device-model.md gives the
 * formulas), and the frames it dropped meanwhile ({@code droppedFrames}: blocks it could not
 * take, from every host, docs/protocol.md section 2.5; 0 from a board that does not count them).
 */
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
        long requests,
        long droppedFrames) {
}
