package org.crossbarhil.trainer.runs;

/**
 * One completed epoch of a run ({@code fold} and {@code epoch} from 1). Pulses, energy and time
 * are those of this epoch alone.
 */
public record EpochRecord(int fold, int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
        long updatePulses, long writeVerifyPulses, int refreshedPairs, double energyJoules, double hardwareSeconds, double wallSeconds,
        String extraJson) {
}
