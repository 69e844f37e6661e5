package org.crossbarhil.driver;

/**
 * A write-class request was sent but its response never came, even after retransmissions with
 * the same idempotency key: the pulses may or may not have been applied. Once the link is back,
 * {@link #seq()} can be asked again (the board answers from memory without applying anything
 * twice); do not issue a fresh request for the same pulses.
 */
public final class OutcomeUnknownException extends BoardLinkException {
    private final long seq;
    private final boolean resolvable;

    public OutcomeUnknownException(String message, long seq, Throwable cause) {
        this(message, seq, cause, true);
    }

    /** @param resolvable false when asking again cannot help: the board's memory of it is gone */
    public OutcomeUnknownException(String message, long seq, Throwable cause, boolean resolvable) {
        super(message, cause);
        this.seq = seq;
        this.resolvable = resolvable;
    }

    public long seq() {
        return seq;
    }

    /**
     * Whether {@code resolveOutcome(seq())} may still learn the outcome. False once the board is
     * known to have lost its memory of the request (it restarted, or the session expired): then
     * only reading the devices tells.
     */
    public boolean isResolvable() {
        return resolvable;
    }
}
