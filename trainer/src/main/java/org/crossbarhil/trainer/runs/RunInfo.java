package org.crossbarhil.trainer.runs;

/** A run as listed: identity, status, what it trains, and its progress. JSON columns are raw text. */
public record RunInfo(long id, String created, String updated, String status, String dataset, String board, String network,
        String update, long seed, int epochs, int folds, int lastFold, int lastEpoch, Double testAccuracy, String configJson,
        String stateJson, String summaryJson) {

    public static final String RUNNING = "running";
    public static final String INTERRUPTED = "interrupted";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public boolean finished() {
        return COMPLETED.equals(status);
    }
}
