package org.crossbarhil.trainer.runs;

/**
 * A run as listed: identity, status, what it trains, its progress and its result. JSON columns are raw text.
 *
 * @param epochs       epochs per fold, as asked for
 * @param lastFold     the fold of the latest recorded epoch (from 1; 0 when none)
 * @param lastEpoch    the latest recorded epoch of that fold (from 1; 0 when none)
 * @param testAccuracy the run's result: a completed run's recorded test accuracy (the mean over
 *                     folds of each fold's last epoch), or, while unfinished, the same mean over the
 *                     epochs recorded so far; null before the first epoch
 * @param settingsJson the resolved experiment settings (experiment-file keys), null for runs before them
 * @param sweepId      the sweep the run belongs to, or null
 * @param sweepPoint   its grid point in the sweep (from 0), or null
 */
public record RunInfo(long id, String created, String updated, String status, String dataset, String board, String network,
        String update, long seed, int epochs, int folds, int lastFold, int lastEpoch, Double testAccuracy, String configJson,
        String stateJson, String summaryJson, String settingsJson, String sweepId, Integer sweepPoint, Provenance provenance) {

    public static final String RUNNING = "running";
    public static final String INTERRUPTED = "interrupted";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public boolean finished() {
        return COMPLETED.equals(status);
    }

    /** Epochs recorded, over all folds: the same unit as {@link #epochsTotal()}. */
    public int epochsDone() {
        return lastFold > 0 ? (lastFold - 1) * epochs + lastEpoch : 0;
    }

    /** Epochs the run trains in all: epochs per fold times folds. */
    public int epochsTotal() {
        return epochs * Math.max(1, folds);
    }
}
