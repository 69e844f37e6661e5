package org.crossbarhil.driver;

/**
 * A write-class request was sent but its response never came, even after retransmissions with
 * the same idempotency key: the pulses may or may not have been applied. Once the link is back,
 * {@link #seq()} can be asked again (the board answers from memory without applying anything
 * twice); do not issue a fresh request for the same pulses.
 */
public final class OutcomeUnknownException extends BoardLinkException {
    private final long seq;

    public OutcomeUnknownException(String message, long seq, Throwable cause) {
        super(message, cause);
        this.seq = seq;
    }

    public long seq() {
        return seq;
    }
}
