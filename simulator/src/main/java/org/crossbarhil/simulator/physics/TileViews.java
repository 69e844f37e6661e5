package org.crossbarhil.simulator.physics;

/**
 * Arrays the VMM kernel streams through, derived from a tile and cached until it changes: the
 * conductance matrix as seen from the driven side (G for forward, G transposed for transposed),
 * and its element-wise square for the read-noise variance. With drift on, the matrix holds the
 * relaxed conductances at the current hardware time. With IR drop on, the wired views hold the
 * tile's response through its wires ({@link IrDrop}) in place of G, recomputed only when the
 * underlying view changes.
 */
final class TileViews {
    /** Driven lines x sensed lines, row-major. */
    record View(float[] g, float[] g2, int driven, int sensed) {
    }

    private final Tile tile;
    private View forward;
    private long forwardVersion = -1;
    private double forwardTime = Double.NaN;
    private View transposed;
    private long transposedVersion = -1;
    private double transposedTime = Double.NaN;
    private IrDrop.Response forwardWired;
    private View forwardWiredOf;
    private IrDrop.Response transposedWired;
    private View transposedWiredOf;

    TileViews(Tile tile) {
        this.tile = tile;
    }

    View forward(Drift drift, double now) {
        if (forward == null || forwardVersion != tile.version() || (drift != null && forwardTime != now)) {
            float[] g = drift == null ? tile.g : drift.relaxed(tile, now);
            forward = new View(g, squares(g, forward == null ? null : forward.g2()), tile.rows, tile.cols);
            forwardVersion = tile.version();
            forwardTime = now;
        }
        return forward;
    }

    View transposed(Drift drift, double now) {
        if (transposed == null || transposedVersion != tile.version() || (drift != null && transposedTime != now)) {
            View f = forward(drift, now);
            int rows = tile.rows;
            int cols = tile.cols;
            float[] t = transposed == null ? new float[rows * cols] : transposed.g();
            float[] src = f.g();
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    t[c * rows + r] = src[base + c];
                }
            }
            transposed = new View(t, squares(t, transposed == null ? null : transposed.g2()), cols, rows);
            transposedVersion = tile.version();
            transposedTime = now;
        }
        return transposed;
    }

    /** The forward view's response through the wires, solved at least for driven lines [first, first + count). */
    IrDrop.Response forward(Drift drift, double now, IrDrop irDrop, int first, int count) {
        View v = forward(drift, now);
        forwardWired = wired(irDrop, v, forwardWiredOf, forwardWired, first, count);
        forwardWiredOf = v;
        return forwardWired;
    }

    /** The transposed view's response through the wires, solved at least for driven lines [first, first + count). */
    IrDrop.Response transposed(Drift drift, double now, IrDrop irDrop, int first, int count) {
        View v = transposed(drift, now);
        transposedWired = wired(irDrop, v, transposedWiredOf, transposedWired, first, count);
        transposedWiredOf = v;
        return transposedWired;
    }

    /**
     * {@code current} if it was solved for {@code v} and covers the lines; else a new solve over the
     * union of these lines and those solved before: two layers sharing a tile then do not evict
     * each other, and after an update the same lines solve again from the last voltages.
     */
    private static IrDrop.Response wired(IrDrop irDrop, View v, View solvedFor, IrDrop.Response current, int first, int count) {
        if (current == null) {
            return irDrop.response(v, null, first, count);
        }
        if (solvedFor == v && current.covers(first, count)) {
            return current;
        }
        int lo = Math.min(first, current.first());
        int hi = Math.max(first + count, current.first() + current.count());
        return irDrop.response(v, current, lo, hi - lo);
    }

    private static float[] squares(float[] g, float[] reuse) {
        float[] out = reuse != null && reuse.length == g.length ? reuse : new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] * g[i];
        }
        return out;
    }
}
