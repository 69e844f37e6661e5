package org.crossbarhil.trainer;

/**
 * A request to stop a run at the next batch boundary (Ctrl-C). The run records itself as
 * interrupted; its completed epochs are already in the run database.
 */
public final class Cancellation {
    private volatile String reason;

    public void cancel(String why) {
        reason = why;
    }

    public boolean cancelled() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }
}
