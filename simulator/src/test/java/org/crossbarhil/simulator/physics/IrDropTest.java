package org.crossbarhil.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The first-order IR-drop model against an exact nodal solution of the same resistor network. */
class IrDropTest {
    /**
     * Kirchhoff's current law on every row-wire and column-wire node: row i is driven at its
     * column-0 end through one segment, column j ends in a virtual ground after its last row.
     * Returns the current into each column's TIA.
     */
    static double[] exact(float[] g, int rows, int cols, double[] v, double r) {
        int n = 2 * rows * cols;
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        DMatrixRMaj b = new DMatrixRMaj(n, 1);
        double w = 1 / r;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int rn = i * cols + j;              // row-wire node at cell (i, j)
                int cn = rows * cols + i * cols + j; // column-wire node at cell (i, j)
                double gij = g[i * cols + j];
                // Row node: left segment (to the driver or the previous node), right segment, cell.
                a.add(rn, rn, w + gij);
                if (j == 0) {
                    b.add(rn, 0, w * v[i]);
                } else {
                    a.add(rn, rn - 1, -w);
                }
                if (j < cols - 1) {
                    a.add(rn, rn, w);
                    a.add(rn, rn + 1, -w);
                }
                a.add(rn, cn, -gij);
                // Column node: segment above (if any), segment below (to the next node or the TIA), cell.
                a.add(cn, cn, w + gij);
                a.add(cn, rn, -gij);
                if (i < rows - 1) {
                    a.add(cn, cn + cols, -w);
                }
                if (i > 0) {
                    a.add(cn, cn, w);
                    a.add(cn, cn - cols, -w);
                }
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        if (!CommonOps_DDRM.solve(a, b, x)) {
            throw new IllegalStateException("singular network");
        }
        double[] y = new double[cols];
        for (int j = 0; j < cols; j++) {
            y[j] = x.get(rows * cols + (rows - 1) * cols + j, 0) * w;
        }
        return y;
    }

    private static float[] uniform(int n, double lo, double hi, long seed) {
        Rng rng = new Rng(seed);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (lo + rng.nextDouble() * (hi - lo));
        }
        return g;
    }

    @Test
    void theFirstOrderModelMatchesTheNodalSolutionForModerateDrops() {
        int rows = 16;
        int cols = 16;
        float[] g = uniform(rows * cols, 1e-6, 100e-6, 1);
        double[] v = new double[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = 0.2 * ((i % 3) - 1);
        }
        double r = 5;
        double[] y = new double[cols];
        double[] s = new double[cols];
        new IrDrop(r, 0).currents(g, rows, cols, v, y, s);
        double[] e = exact(g, rows, cols, v, r);
        double[] ideal = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                ideal[j] += v[i] * g[i * cols + j];
            }
        }
        double lostSomewhere = 0;
        for (int j = 0; j < cols; j++) {
            assertThat(y[j]).as("column %d", j).isCloseTo(e[j], within(1e-3 * Math.abs(ideal[j]) + 1e-9));
            lostSomewhere = Math.max(lostSomewhere, Math.abs(ideal[j] - e[j]) / Math.abs(ideal[j]));
        }
        assertThat(lostSomewhere).as("the case tests a visible drop").isGreaterThan(0.005);
    }

    @Test
    void largeDropsStillConvergeToTheNodalSolution() {
        int rows = 20;
        int cols = 20;
        float[] g = new float[rows * cols];
        java.util.Arrays.fill(g, 100e-6f);
        double[] v = new double[rows];
        java.util.Arrays.fill(v, 0.2);
        double r = 10;
        double[] y = new double[cols];
        double[] s = new double[cols];
        new IrDrop(r, 0).currents(g, rows, cols, v, y, s);
        double[] e = exact(g, rows, cols, v, r);
        for (int j = 0; j < cols; j++) {
            assertThat(y[j]).as("column %d", j).isCloseTo(e[j], within(0.01 * Math.abs(e[j])));
        }
        assertThat(e[cols - 1] / (rows * 0.2 * 100e-6)).as("the case is a large drop").isLessThan(0.8);
    }
}
