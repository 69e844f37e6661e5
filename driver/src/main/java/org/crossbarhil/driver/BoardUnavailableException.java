package org.crossbarhil.driver;

/**
 * A gateway answered UNAVAILABLE: its own link to the board is down (the message says for how
 * long) while it keeps trying. A link failure like any other, one hop further away; the link to
 * the gateway itself is fine, so the driver keeps it.
 */
public final class BoardUnavailableException extends BoardLinkException {
    public BoardUnavailableException(String message) {
        super(message);
    }
}
