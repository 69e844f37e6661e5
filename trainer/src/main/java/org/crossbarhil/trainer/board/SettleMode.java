package org.crossbarhil.trainer.board;

import java.util.Locale;

/** Where the phases of a batch settle. */
public enum SettleMode {
    /** On the board when it offers settling (Capabilities.settle), else on the host. */
    AUTO,
    /** On the board, in one request per batch; a board without it is refused. */
    BOARD,
    /** On the host: a forward and a transposed VMM per layer and sweep. */
    HOST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SettleMode parse(String s) {
        for (SettleMode m : values()) {
            if (m.label().equals(s.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("settle '" + s + "' (expected: board, host or auto)");
    }

    /**
     * Whether to settle on a board that does or does not offer it.
     *
     * @throws IllegalArgumentException when {@link #BOARD} is asked of a board without it
     */
    public boolean onBoard(boolean offered, String board) {
        if (this == BOARD && !offered) {
            throw new IllegalArgumentException("--settle board: " + board + " does not settle networks itself (Capabilities.settle is "
                    + "false); use --settle host");
        }
        return this != HOST && offered;
    }
}
