package org.crossbarhil.driver;

/**
 * The board restarted under a session: a reconnect found another boot id, or a board that no
 * longer knew the session (docs/driver.md, "Board restarts"). Every device state the host read
 * or programmed before is gone from the chip, so nothing that was pending is resent and every
 * later call fails with this too, until the caller has dealt with the new chip and says so with
 * {@link CrossbarBoard#acknowledgeRestart()} (or opens the board again).
 *
 * <p>A link failure: the CLI exits 3 on it, as on any {@link BoardLinkException}.
 */
public final class BoardRestartedException extends BoardLinkException {
    private final long previousBootId;
    private final long bootId;

    public BoardRestartedException(String message, long previousBootId, long bootId) {
        super(message);
        this.previousBootId = previousBootId;
        this.bootId = bootId;
    }

    /** The same restart, told again to a later call; the stack is the new caller's. */
    public BoardRestartedException again(String operation) {
        return new BoardRestartedException(operation + " not sent: " + getMessage(), previousBootId, bootId);
    }

    /** The boot id the session knew before, 0 when the board did not state one. */
    public long previousBootId() {
        return previousBootId;
    }

    /** The boot id the board reports now, 0 when it did not state one. */
    public long bootId() {
        return bootId;
    }
}
