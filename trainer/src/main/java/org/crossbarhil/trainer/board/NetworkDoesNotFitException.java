package org.crossbarhil.trainer.board;

/** The network needs more tiles (or bigger ones) than the board has; the message says how many. */
public class NetworkDoesNotFitException extends IllegalArgumentException {
    private final int tilesNeeded;

    public NetworkDoesNotFitException(String message, int tilesNeeded) {
        super(message);
        this.tilesNeeded = tilesNeeded;
    }

    public int tilesNeeded() {
        return tilesNeeded;
    }
}
