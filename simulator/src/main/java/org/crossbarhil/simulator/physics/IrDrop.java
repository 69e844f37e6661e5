package org.crossbarhil.simulator.physics;

/**
 * Wire resistance on a VMM (off by default), as a response matrix solved once per conductance
 * state. Driven lines are driven from their index-0 end, sensed lines end in a virtual-ground TIA
 * after their last index; every wire segment between two neighbouring cells has resistance r.
 *
 * <p>With linear cells the network is linear, so the current into sensed line j is
 * {@code y_j = sum_i T(i, j) v_i}, where T(i, j) is the current into TIA j with driven line i at
 * 1 V and every other driven line at 0 V. The VMM then runs the IR-free kernel on T instead of G,
 * which costs the same; T is recomputed only when the tile's conductances change (an update, a
 * write, drift). Training changes them once per batch of samples, after a few dozen VMMs.
 *
 * <p>T comes from the same Jacobi sweeps the per-vector solver used, on the cell voltages of
 * every unit drive u at once,
 *
 * <pre>
 * drop(i, j) = r * sum_{k &lt;= j} sum_{m &gt;= k} G(i, m) V(i, m)     (current still to deliver past each segment)
 * rise(i, j) = r * sum_{k &gt;= i} sum_{m &lt;= k} G(m, j) V(m, j)     (current collected so far)
 * V(i, j)    = e_u(i) - drop(i, j) - rise(i, j)
 * </pre>
 *
 * with u the innermost (contiguous) index, so the sweeps vectorise across drives, two passes over
 * each driven line per sweep, until no entry of T changes by more than {@link #TOLERANCE} of the
 * largest in a sweep. The voltages are kept with the response: after an update the next solve
 * starts from them (a warm start; an update moves a few conductances by a few percent, and the
 * voltages less). IrDropTest checks T against an exact nodal solution (EJML sparse solve).
 *
 * <p>The cells' I-V nonlinearity {@code f(V) = V (1 + k V^2)} makes the network nonlinear. The
 * kernel applies it at the driven voltage, {@code y_j = sum_i T(i, j) f(v_i)}, which treats the
 * voltage a cell loses to the wires as if it cost current at the chord slope f(v)/v = 1 + k v^2;
 * it costs the tangent slope f'(v) = 1 + 3 k v^2. To first order in the lost voltage the
 * difference is a share {@code c(v) = 2 k v^2 / (1 + k v^2)} of the current lost, and with
 * {@link Response#loss} = T - G (the current each drive loses to the wires) the kernel adds
 *
 * <pre>
 * y_j += sum_i c(v_i) f(v_i) (T(i, j) - G(i, j))
 * </pre>
 *
 * one more multiply-add per device. IrDropTest bounds what remains against the exact nonlinear
 * solution (docs/device-model.md, "IR drop").
 */
final class IrDrop {
    /** The network's response: T and T squared as a VMM view, and T - G for the nonlinear correction. */
    record Response(TileViews.View view, float[] loss, float[] volts, int first, int count) {
        /** Whether drives [from, from + n) are solved; the other rows of T are not meaningful. */
        boolean covers(int from, int n) {
            return from >= first && from + n <= first + count;
        }
    }

    static final int MAX_SWEEPS = 200;
    /**
     * Stop when a sweep moves no entry of T by more than this share of the largest: the error left
     * is then a few 1e-6 of the largest output, below the step of a 16-bit converter (1.5e-5 of
     * full scale) and far below the 9-bit VMM ADC's. Float state: rounding moves T by ~1e-7.
     */
    static final double TOLERANCE = 1e-5;
    /**
     * Cell voltages kept per response (4 bytes each, drives x cells): 4 MiB, a 128x128 tile. Larger
     * tiles solve their drives in chunks of this size and start every solve cold.
     */
    private static final int STATE_LIMIT = 1 << 20;

    private final float r;
    private float[] chunkVolts = new float[0];
    private float[] total = new float[0];
    private float[] next = new float[0];
    private float[] below = new float[0];
    private float[] rise = new float[0];
    private float[] drop = new float[0];
    private float[] remaining = new float[0];
    private float[] source = new float[0];
    private int lastSweeps;

    IrDrop(double wireOhms) {
        this.r = (float) wireOhms;
    }

    /**
     * The response of {@code source}'s network: T in place of G and T squared in place of G squared
     * (the read-noise variance then sums the squared currents each drive delivers through the
     * wires), and T - G, for driven lines [first, first + count) (a VMM drives only its layer's
     * lines; the others are held at 0 V and need no row of T). Reuses {@code previous}'s arrays
     * when they have the right size and starts from its voltages when it solved the same lines.
     */
    Response response(TileViews.View source, Response previous, int first, int count) {
        int driven = source.driven();
        int sensed = source.sensed();
        int cells = driven * sensed;
        boolean reuse = previous != null && previous.loss().length == cells;
        float[] t = reuse ? previous.view().g() : new float[cells];
        float[] t2 = reuse ? previous.view().g2() : new float[cells];
        float[] loss = reuse ? previous.loss() : new float[cells];
        int chunk = Math.max(1, Math.min(count, STATE_LIMIT / cells));
        lastSweeps = 0;
        float[] volts = null;
        if (chunk == count) {
            boolean warm = reuse && previous.volts() != null && previous.first() == first && previous.count() == count;
            volts = warm ? previous.volts() : new float[count * cells];
            solve(source.g(), driven, sensed, first, count, t, volts, warm);
        } else {
            ensureChunk(chunk * cells);
            for (int from = first; from < first + count; from += chunk) {
                solve(source.g(), driven, sensed, from, Math.min(chunk, first + count - from), t, chunkVolts, false);
            }
        }
        float[] g = source.g();
        for (int c = first * sensed; c < (first + count) * sensed; c++) {
            t2[c] = t[c] * t[c];
            loss[c] = t[c] - g[c];
        }
        return new Response(new TileViews.View(t, t2, driven, sensed), loss, volts, first, count);
    }

    /** Sweeps of the last {@link #response} (the most any chunk needed), for tests and profiling. */
    int lastSweeps() {
        return lastSweeps;
    }

    /**
     * Rows [first, first + units) of T: drive u of the chunk puts 1 V on driven line first + u.
     * {@code v} holds the cell voltages, [(i * sensed + j) * units + u]; {@code warm}: start from them.
     */
    private void solve(float[] g, int driven, int sensed, int first, int units, float[] t, float[] v, boolean warm) {
        int lane = sensed * units;
        ensureScratch(lane, units);
        if (!warm) {
            // The ideal network: the driven line at 1 V on every cell of its row, 0 V elsewhere.
            java.util.Arrays.fill(v, 0, driven * lane, 0f);
            for (int u = 0; u < units; u++) {
                int base = (first + u) * lane;
                for (int j = 0; j < sensed; j++) {
                    v[base + j * units + u] = 1f;
                }
            }
        }
        java.util.Arrays.fill(total, 0, lane, 0f);
        for (int i = 0; i < driven; i++) {
            int base = i * lane;
            for (int j = 0; j < sensed; j++) {
                float gij = g[i * sensed + j];
                int at = base + j * units;
                int lj = j * units;
                for (int u = 0; u < units; u++) {
                    total[lj + u] += gij * v[at + u];
                }
            }
        }
        // Converged when no output of any drive moves by more than TOLERANCE of the largest.
        for (int sweep = 1; sweep <= MAX_SWEEPS && r > 0; sweep++) {
            lastSweeps = Math.max(lastSweeps, sweep);
            sweep(g, driven, sensed, first, units, v);
            float largest = 0;
            float change = 0;
            for (int x = 0; x < lane; x++) {
                largest = Math.max(largest, Math.abs(next[x]));
                change = Math.max(change, Math.abs(next[x] - total[x]));
            }
            float[] swap = total;
            total = next;
            next = swap;
            if (change <= TOLERANCE * largest) {
                break;
            }
        }
        for (int u = 0; u < units; u++) {
            int row = (first + u) * sensed;
            for (int j = 0; j < sensed; j++) {
                t[row + j] = total[j * units + u];
            }
        }
    }

    /**
     * One Jacobi sweep over every cell and drive of the chunk: the drops and rises from the
     * currents of {@code v} (whose TIA currents are in total), new voltages into {@code v} and
     * their TIA currents into next.
     */
    private void sweep(float[] g, int driven, int sensed, int first, int units, float[] v) {
        int lane = sensed * units;
        java.util.Arrays.fill(below, 0, lane, 0f);
        java.util.Arrays.fill(rise, 0, lane, 0f);
        java.util.Arrays.fill(next, 0, lane, 0f);
        for (int i = driven - 1; i >= 0; i--) {
            int base = i * lane;
            int row = i * sensed;
            // From the far end of the row: the segment before cell (i, j) carries what cells j..end
            // draw; the segment below cell (i, j) carries what rows 0..i put on line j.
            java.util.Arrays.fill(remaining, 0, units, 0f);
            for (int j = sensed - 1; j >= 0; j--) {
                float gij = g[row + j];
                int at = base + j * units;
                int lj = j * units;
                for (int u = 0; u < units; u++) {
                    float c = gij * v[at + u];
                    rise[lj + u] += r * (total[lj + u] - below[lj + u]);
                    below[lj + u] += c;
                    remaining[u] += c;
                    drop[lj + u] = remaining[u];
                }
            }
            int drivenUnit = i - first;
            boolean drivenHere = drivenUnit >= 0 && drivenUnit < units;
            if (drivenHere) {
                source[drivenUnit] = 1f;
            }
            java.util.Arrays.fill(remaining, 0, units, 0f);
            for (int j = 0; j < sensed; j++) {
                float gij = g[row + j];
                int at = base + j * units;
                int lj = j * units;
                for (int u = 0; u < units; u++) {
                    remaining[u] += r * drop[lj + u];
                    float cell = source[u] - remaining[u] - rise[lj + u];
                    v[at + u] = cell;
                    next[lj + u] += gij * cell;
                }
            }
            if (drivenHere) {
                source[drivenUnit] = 0f;
            }
        }
    }

    private void ensureChunk(int state) {
        if (chunkVolts.length < state) {
            chunkVolts = new float[state];
        }
    }

    private void ensureScratch(int lane, int units) {
        if (total.length < lane) {
            total = new float[lane];
            next = new float[lane];
            below = new float[lane];
            rise = new float[lane];
            drop = new float[lane];
        }
        if (remaining.length < units) {
            remaining = new float[units];
            source = new float[units];
        }
    }
}
