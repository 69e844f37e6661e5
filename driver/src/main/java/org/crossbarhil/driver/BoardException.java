package org.crossbarhil.driver;

/** Base of every failure a board operation reports. Unchecked: callers choose what to handle. */
public abstract class BoardException extends RuntimeException {
    protected BoardException(String message) {
        super(message);
    }

    protected BoardException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The same failure, rethrown on the caller's thread: the caller's stack is attached as a
     * suppressed exception, so both the I/O thread's and the caller's stacks are kept.
     */
    BoardException withCallerStack() {
        addSuppressed(new CallerStack());
        return this;
    }

    private static final class CallerStack extends Exception {
        CallerStack() {
            super("awaited here");
        }
    }
}
