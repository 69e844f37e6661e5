package org.crossbarhil.driver;

/** The link to the board failed: cannot connect, timed out, closed, or the port vanished. */
public class BoardLinkException extends BoardException {
    public BoardLinkException(String message) {
        super(message);
    }

    public BoardLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
