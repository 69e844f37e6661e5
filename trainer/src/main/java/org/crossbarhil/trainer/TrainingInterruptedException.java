package org.crossbarhil.trainer;

import org.crossbarhil.driver.BoardLinkException;

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

    /** Whether the run stopped because the link to the board failed (a {@link BoardLinkException} anywhere in the causes). */
    public boolean linkFailure() {
        return isLinkFailure(getCause());
    }

    static boolean isLinkFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BoardLinkException) {
                return true;
            }
        }
        return false;
    }
}
