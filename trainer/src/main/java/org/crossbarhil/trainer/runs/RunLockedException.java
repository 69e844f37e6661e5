package org.crossbarhil.trainer.runs;

/**
 * Another process writes the run: a second writer would pulse the same board state twice and
 * record two endings. The message names the holder and what to do.
 */
public class RunLockedException extends RuntimeException {
    private final long runId;
    private final RunWriter holder;

    public RunLockedException(long runId, RunWriter holder, String message) {
        super(message);
        this.runId = runId;
        this.holder = holder;
    }

    public long runId() {
        return runId;
    }

    /** The writer that holds the run. */
    public RunWriter holder() {
        return holder;
    }
}
