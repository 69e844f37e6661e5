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
 * <p>T comes from the same Jacobi sweeps on the cell currents the per-vector solver used,
 *
 * <pre>
 * drop(i, j) = r * sum_{k &lt;= j} sum_{m &gt;= k} I(i, m)     (current still to deliver past each segment)
 * rise(i, j) = r * sum_{k &gt;= i} sum_{m &lt;= k} I(m, j)     (current collected so far)
 * I(i, j)    = G(i, j) * (e_u(i) - drop(i, j) - rise(i, j))
 * </pre>
 *
 * run for all unit drives u at once, with u the innermost (contiguous) index so the sweeps
 * vectorise across drives, until no entry of T changes by more than {@link #TOLERANCE} of the
 * largest in a sweep. IrDropTest checks T against an exact nodal solution (EJML dense solve).
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
    record Response(TileViews.View view, float[] loss) {
    }

    static final int MAX_SWEEPS = 200;
    static final double TOLERANCE = 1e-7;
    /** Doubles of cell-current state per solve: 64 MiB; larger tiles solve their drives in chunks. */
    private static final int STATE_LIMIT = 1 << 23;

    private final double r;
    private double[] current = new double[0];
    private double[] total = new double[0];
    private double[] previous = new double[0];
    private double[] below = new double[0];
    private double[] rise = new double[0];
    private double[] remaining = new double[0];
    private double[] drop = new double[0];
    private double[] source = new double[0];
    private int lastSweeps;

    IrDrop(double wireOhms) {
        this.r = wireOhms;
    }

    /**
     * The response of {@code source}'s network: T in place of G and T squared in place of G squared
     * (the read-noise variance then sums the squared currents each drive delivers through the
     * wires), and T - G. Reuses {@code previous}'s arrays when they have the right size.
     */
    Response response(TileViews.View source, Response previous) {
        int driven = source.driven();
        int sensed = source.sensed();
        int cells = driven * sensed;
        boolean reuse = previous != null && previous.loss().length == cells;
        float[] t = reuse ? previous.view().g() : new float[cells];
        float[] t2 = reuse ? previous.view().g2() : new float[cells];
        float[] loss = reuse ? previous.loss() : new float[cells];
        int chunk = Math.max(1, Math.min(driven, STATE_LIMIT / cells));
        lastSweeps = 0;
        for (int first = 0; first < driven; first += chunk) {
            solve(source.g(), driven, sensed, first, Math.min(chunk, driven - first), t);
        }
        float[] g = source.g();
        for (int c = 0; c < cells; c++) {
            t2[c] = t[c] * t[c];
            loss[c] = t[c] - g[c];
        }
        return new Response(new TileViews.View(t, t2, driven, sensed), loss);
    }

    /** Sweeps of the last {@link #response} (the most any chunk needed), for tests and profiling. */
    int lastSweeps() {
        return lastSweeps;
    }

    /** Rows [first, first + units) of T: drive u of the chunk puts 1 V on driven line first + u. */
    private void solve(float[] g, int driven, int sensed, int first, int units, float[] t) {
        int lane = sensed * units;
        ensureScratch(driven * lane, lane, units);
        double[] cur = current;
        java.util.Arrays.fill(cur, 0, driven * lane, 0);
        for (int u = 0; u < units; u++) {
            int i = first + u;
            for (int j = 0; j < sensed; j++) {
                cur[(i * sensed + j) * units + u] = g[i * sensed + j];
            }
        }
        // Converged when no output of any drive moves by more than TOLERANCE of the largest.
        for (int sweep = 1; sweep <= MAX_SWEEPS && r > 0; sweep++) {
            collect(driven, lane);
            if (sweep > 1) {
                double largest = 0;
                double change = 0;
                for (int x = 0; x < lane; x++) {
                    largest = Math.max(largest, Math.abs(total[x]));
                    change = Math.max(change, Math.abs(total[x] - previous[x]));
                }
                if (change <= TOLERANCE * largest) {
                    break;
                }
            }
            lastSweeps = Math.max(lastSweeps, sweep);
            System.arraycopy(total, 0, previous, 0, lane);
            sweep(g, driven, sensed, first, units);
        }
        collect(driven, lane);
        for (int u = 0; u < units; u++) {
            int row = (first + u) * sensed;
            for (int j = 0; j < sensed; j++) {
                t[row + j] = (float) total[j * units + u];
            }
        }
    }

    /** total = the current each sensed line delivers to its TIA, per drive. */
    private void collect(int driven, int lane) {
        java.util.Arrays.fill(total, 0, lane, 0);
        for (int i = 0; i < driven; i++) {
            int base = i * lane;
            for (int x = 0; x < lane; x++) {
                total[x] += current[base + x];
            }
        }
    }

    /** One Jacobi sweep over every cell and drive of the chunk, from the currents in total. */
    private void sweep(float[] g, int driven, int sensed, int first, int units) {
        int lane = sensed * units;
        double[] cur = current;
        java.util.Arrays.fill(below, 0, lane, 0);
        java.util.Arrays.fill(rise, 0, lane, 0);
        for (int i = driven - 1; i >= 0; i--) {
            int base = i * lane;
            // The segment below cell (i, j) carries what rows 0..i put on line j; walked from the TIA end.
            for (int x = 0; x < lane; x++) {
                rise[x] += r * (total[x] - below[x]);
                below[x] += cur[base + x];
            }
            // The segment before cell (i, j) carries what cells j..end of row i draw.
            java.util.Arrays.fill(remaining, 0, units, 0);
            for (int j = sensed - 1; j >= 0; j--) {
                int at = base + j * units;
                for (int u = 0; u < units; u++) {
                    remaining[u] += cur[at + u];
                    drop[j * units + u] = remaining[u];
                }
            }
            int drivenUnit = i - first;
            boolean drivenHere = drivenUnit >= 0 && drivenUnit < units;
            if (drivenHere) {
                source[drivenUnit] = 1;
            }
            java.util.Arrays.fill(remaining, 0, units, 0);
            for (int j = 0; j < sensed; j++) {
                int at = base + j * units;
                int lj = j * units;
                double gij = g[i * sensed + j];
                for (int u = 0; u < units; u++) {
                    remaining[u] += r * drop[lj + u];
                    cur[at + u] = gij * (source[u] - remaining[u] - rise[lj + u]);
                }
            }
            if (drivenHere) {
                source[drivenUnit] = 0;
            }
        }
    }

    private void ensureScratch(int state, int lane, int units) {
        if (current.length < state) {
            current = new double[state];
        }
        if (total.length < lane) {
            total = new double[lane];
            previous = new double[lane];
            below = new double[lane];
            rise = new double[lane];
            drop = new double[lane];
        }
        if (remaining.length < units) {
            remaining = new double[units];
            source = new double[units];
        }
    }
}
