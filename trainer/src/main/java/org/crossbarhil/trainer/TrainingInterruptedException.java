package org.crossbarhil.trainer;

/** A run stopped before its last epoch (cancelled or failed); the message says how to resume it. */
public class TrainingInterruptedException extends RuntimeException {
    private final long runId;

    public TrainingInterruptedException(long runId, String message, Throwable cause) {
        super(message, cause);
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
