package org.crossbarhil.simulator.physics;

/**
 * The per-vector solver the simulator used before {@link IrDrop}: the wire network with the
 * cells' I-V nonlinearity, solved per input vector by Jacobi sweeps on the cell currents,
 *
 * <pre>
 * drop(i, j) = r * sum_{k &lt;= j} sum_{m &gt;= k} I(i, m)
 * rise(i, j) = r * sum_{k &gt;= i} sum_{m &lt;= k} I(m, j)
 * I(i, j)    = G(i, j) * V * (1 + k V^2),  V = v_i - drop(i, j) - rise(i, j)
 * </pre>
 *
 * until the currents change by less than 1e-9 of the largest. Its fixed point is the exact
 * solution of the nonlinear network, so the tests use it as the reference where the cells are
 * nonlinear (the EJML nodal solve in IrDropTest is linear).
 */
final class NodalFixedPoint {
    static final int MAX_SWEEPS = 500;
    static final double TOLERANCE = 1e-9;

    private final double r;
    private final double k;
    private double[] current = new double[0];
    private double[] collected = new double[0];
    private double[] rowDrop = new double[0];
    private double[] rise = new double[0];

    NodalFixedPoint(double wireOhms, double ivNonlinearity) {
        this.r = wireOhms;
        this.k = ivNonlinearity;
    }

    /**
     * Currents with wire resistance. {@code v} holds the voltage of every driven line (0 for lines
     * held at ground). Fills {@code y} with the current into each sensed line's TIA and {@code s}
     * with the sum of squared cell currents (for the read-noise variance).
     */
    void currents(float[] g, int driven, int sensed, double[] v, double[] y, double[] s) {
        int n = driven * sensed;
        if (current.length < n) {
            current = new double[n];
            collected = new double[n];
        }
        if (rowDrop.length < sensed) {
            rowDrop = new double[sensed];
            rise = new double[sensed];
        }
        for (int i = 0; i < driven; i++) {
            double vi = v[i];
            double f = vi * (1 + k * vi * vi);
            int base = i * sensed;
            for (int j = 0; j < sensed; j++) {
                current[base + j] = g[base + j] * f;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double largest = 0;
            double change = 0;
            // Current collected by each sensed line down to (and including) driven line i.
            for (int j = 0; j < sensed; j++) {
                collected[j] = current[j];
            }
            for (int i = 1; i < driven; i++) {
                int base = i * sensed;
                int prev = base - sensed;
                for (int j = 0; j < sensed; j++) {
                    collected[base + j] = collected[prev + j] + current[base + j];
                }
            }
            java.util.Arrays.fill(rise, 0, sensed, 0);
            for (int i = driven - 1; i >= 0; i--) {
                int base = i * sensed;
                for (int j = 0; j < sensed; j++) {
                    rise[j] += r * collected[base + j];
                }
                // Grounded driven lines conduct too: the sensed lines above them are not at 0 V.
                double vi = v[i];
                // Drop along driven line i: the segment before cell j carries the current of cells j..end.
                double remaining = 0;
                for (int j = sensed - 1; j >= 0; j--) {
                    remaining += current[base + j];
                    rowDrop[j] = remaining;
                }
                double drop = 0;
                for (int j = 0; j < sensed; j++) {
                    drop += r * rowDrop[j];
                    double cell = vi - drop - rise[j];
                    double updated = g[base + j] * cell * (1 + k * cell * cell);
                    change = Math.max(change, Math.abs(updated - current[base + j]));
                    largest = Math.max(largest, Math.abs(updated));
                    current[base + j] = updated;
                }
            }
            if (change <= TOLERANCE * largest) {
                break;
            }
        }
        java.util.Arrays.fill(y, 0, sensed, 0);
        java.util.Arrays.fill(s, 0, sensed, 0);
        for (int i = 0; i < driven; i++) {
            int base = i * sensed;
            for (int j = 0; j < sensed; j++) {
                double c = current[base + j];
                y[j] += c;
                s[j] += c * c;
            }
        }
    }
}
