package org.crossbarhil.simulator.firmware;

import org.crossbarhil.simulator.physics.TileGeometry;

/** Argument checks shared by the operations: geometry and well-formed numbers (INVALID_ARGUMENT). */
final class Checks {
    private Checks() {
    }

    static void tile(TileGeometry g, int tile) {
        if (tile < 0 || tile >= g.tiles()) {
            throw Refusal.invalid("tile " + Integer.toUnsignedString(tile) + " (expected: 0.." + (g.tiles() - 1) + ")");
        }
    }

    static void device(TileGeometry g, String what, int row, int col) {
        if (row < 0 || row >= g.rows() || col < 0 || col >= g.cols()) {
            throw Refusal.invalid(what + ": device (" + Integer.toUnsignedString(row) + ", " + Integer.toUnsignedString(col)
                    + ") is outside the " + g.rows() + "x" + g.cols() + " tile");
        }
    }

    static void row(TileGeometry g, String what, int row) {
        if (row < 0 || row >= g.rows()) {
            throw Refusal.invalid(what + ": row " + Integer.toUnsignedString(row) + " (expected: 0.." + (g.rows() - 1) + ")");
        }
    }

    /** [offset, offset + count) within [0, size); uint32 fields arrive as possibly negative ints. */
    static void range(String what, int offset, long count, int size) {
        long off = Integer.toUnsignedLong(offset);
        if (count < 1 || off + count > size) {
            throw Refusal.invalid(what + ": lines [" + off + ", " + (off + count) + ") (expected: within 0.." + size + ", non-empty)");
        }
    }

    static void finite(String what, double v) {
        if (!Double.isFinite(v)) {
            throw Refusal.invalid(what + ": " + v + " (expected: a finite number)");
        }
    }

    static void width(String what, double widthSeconds) {
        if (!(widthSeconds > 0) || Double.isInfinite(widthSeconds)) {
            throw Refusal.invalid(what + ": width_seconds " + widthSeconds + " (expected: > 0)");
        }
    }

    static void pulseVolts(String what, double volts) {
        if (!Double.isFinite(volts) || volts == 0) {
            throw Refusal.invalid(what + ": volts " + volts + " (expected: non-zero and finite; > 0 SET, < 0 RESET)");
        }
    }

    /** The voltage a read uses: the request's, or the configured one when 0. */
    static double readVolts(String what, double requested, double configured) {
        finite(what + ": read_volts", requested);
        return requested == 0 ? configured : requested;
    }
}
