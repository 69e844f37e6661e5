package org.crossbarhil.trainer;

/** Progress of a run, for progress bars and logs. Called on the training thread; keep it quick. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    /** A step outside the epochs: "calibrating devices", "probing device health", "float reference", ... */
    default void stage(String message) {
    }

    /** Samples done in the current epoch (after each batch). */
    default void batch(EpochProgress progress) {
    }

    /** An epoch finished and was recorded. */
    default void epoch(EpochReport report) {
    }

    /** Where training stands within a run. {@code epochIndex} counts from 0 over all folds. */
    record EpochProgress(int fold, int folds, int epoch, int epochs, int samplesDone, int samplesTotal, int epochIndex, int epochsTotal,
            long updatePulses, double elapsedSeconds) {
    }

    /** One recorded epoch (1-based {@code epoch} within its fold). */
    record EpochReport(int fold, int folds, int epoch, int epochs, int epochIndex, int epochsTotal, double trainLoss, double trainAccuracy,
            double testLoss, double testAccuracy, long updatePulses, long writeVerifyPulses, int refreshedPairs, double wallSeconds,
            double etaSeconds) {
    }
}
