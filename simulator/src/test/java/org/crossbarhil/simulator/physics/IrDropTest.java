package org.crossbarhil.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.ejml.ops.DConvertMatrixStruct;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;
import org.junit.jupiter.api.Test;

/** The wire-resistance response against an exact nodal solution of the same resistor network. */
class IrDropTest {
    /** Largest error of y = T v against the exact solution, relative to the largest exact output. */
    static final double LINEAR_BOUND = 1e-5;

    /**
     * Kirchhoff's current law on every row-wire and column-wire node: row i is driven at its
     * column-0 end through one segment, column j ends in a virtual ground after its last row.
     * Returns the current into each column's TIA. The two nodes of a cell are numbered next to
     * each other, so the conductance matrix is banded (2 x cols) and its sparse Cholesky factor stays
     * small even for a 64x64 tile.
     */
    static double[] exact(float[] g, int rows, int cols, double[] v, double r) {
        int n = 2 * rows * cols;
        DMatrixSparseTriplet a = new DMatrixSparseTriplet(n, n, 10 * n);
        DMatrixRMaj b = new DMatrixRMaj(n, 1);
        double w = 1 / r;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int rn = 2 * (i * cols + j);   // row-wire node at cell (i, j)
                int cn = rn + 1;               // column-wire node at cell (i, j)
                double gij = g[i * cols + j];
                // Row node: left segment (to the driver or the previous node), right segment, cell.
                double rowDiagonal = w + gij;
                if (j == 0) {
                    b.add(rn, 0, w * v[i]);
                } else {
                    a.addItem(rn, rn - 2, -w);
                }
                if (j < cols - 1) {
                    rowDiagonal += w;
                    a.addItem(rn, rn + 2, -w);
                }
                a.addItem(rn, rn, rowDiagonal);
                a.addItem(rn, cn, -gij);
                // Column node: segment above (if any), segment below (to the next node or the TIA), cell.
                double colDiagonal = w + gij;
                a.addItem(cn, rn, -gij);
                if (i < rows - 1) {
                    a.addItem(cn, cn + 2 * cols, -w);
                }
                if (i > 0) {
                    colDiagonal += w;
                    a.addItem(cn, cn - 2 * cols, -w);
                }
                a.addItem(cn, cn, colDiagonal);
            }
        }
        DMatrixSparseCSC csc = DConvertMatrixStruct.convert(a, (DMatrixSparseCSC) null);
        LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> solver = LinearSolverFactory_DSCC.cholesky(FillReducing.NONE);
        if (!solver.setA(csc)) {
            throw new IllegalStateException("singular network");
        }
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        solver.solve(b, x);
        double[] y = new double[cols];
        for (int j = 0; j < cols; j++) {
            y[j] = x.get(2 * ((rows - 1) * cols + j) + 1, 0) * w;
        }
        return y;
    }

    /** y_j = sum_i T(i, j) f_i: the VMM kernel's product on the response. */
    static double[] through(TileViews.View t, double[] f) {
        double[] y = new double[t.sensed()];
        for (int i = 0; i < t.driven(); i++) {
            for (int j = 0; j < t.sensed(); j++) {
                y[j] += t.g()[i * t.sensed() + j] * f[i];
            }
        }
        return y;
    }

    static double relativeError(double[] y, double[] exact) {
        double largest = 0;
        double error = 0;
        for (int j = 0; j < y.length; j++) {
            largest = Math.max(largest, Math.abs(exact[j]));
            error = Math.max(error, Math.abs(y[j] - exact[j]));
        }
        return error / largest;
    }

    private static float[] uniform(int n, double lo, double hi, long seed) {
        Rng rng = new Rng(seed);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (lo + rng.nextDouble() * (hi - lo));
        }
        return g;
    }

    private static TileViews.View response(float[] g, int rows, int cols, double r) {
        return new IrDrop(r).response(new TileViews.View(g, null, rows, cols), null, 0, rows).view();
    }

    private static double largestLoss(float[] g, int rows, int cols, double[] v, double[] exact) {
        double lost = 0;
        for (int j = 0; j < cols; j++) {
            double ideal = 0;
            for (int i = 0; i < rows; i++) {
                ideal += v[i] * g[i * cols + j];
            }
            lost = Math.max(lost, Math.abs(ideal - exact[j]) / Math.abs(ideal));
        }
        return lost;
    }

    @Test
    void theResponseMatchesTheNodalSolutionForModerateDrops() {
        int rows = 16;
        int cols = 16;
        float[] g = uniform(rows * cols, 1e-6, 100e-6, 1);
        double[] v = new double[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = 0.2 * ((i % 3) - 1);
        }
        double r = 5;
        double[] e = exact(g, rows, cols, v, r);
        assertThat(relativeError(through(response(g, rows, cols, r), v), e)).isLessThan(LINEAR_BOUND);
        assertThat(largestLoss(g, rows, cols, v, e)).as("the case tests a visible drop").isGreaterThan(0.005);
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
        double[] e = exact(g, rows, cols, v, r);
        assertThat(relativeError(through(response(g, rows, cols, r), v), e)).isLessThan(LINEAR_BOUND);
        assertThat(e[cols - 1] / (rows * 0.2 * 100e-6)).as("the case is a large drop").isLessThan(0.8);
    }

    @Test
    void aTaoxTileThroughItsWiresMatchesTheNodalSolutionForEveryInput() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "ir_drop", "on");
        Tile tile = a.tile(0);
        int n = tile.rows;
        TileViews.View t = response(tile.g, n, n, 1.0);
        Rng rng = new Rng(3);
        double worst = 0;
        double worstLoss = 0;
        for (int trial = 0; trial < 4; trial++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                // Mixed signs and zeros on the last trial: lines at 0 V still conduct through the wires.
                v[i] = trial < 3 ? 0.2 * (1 - rng.nextDouble()) : 0.2 * ((i % 3) - 1);
            }
            double[] e = exact(tile.g, n, n, v, 1.0);
            worst = Math.max(worst, relativeError(through(t, v), e));
            if (trial < 3) {
                worstLoss = Math.max(worstLoss, largestLoss(tile.g, n, n, v, e));
            }
        }
        assertThat(worst).isLessThan(LINEAR_BOUND);
        assertThat(worstLoss).as("a 64x64 TaOx tile loses a visible share to its wires").isGreaterThan(0.05);
    }

    @Test
    void theVmmWithNonlinearCellsStaysWithinATenthOfAnAdcStepOfTheExactNonlinearSolution() {
        // The TaOx read path with its I-V nonlinearity, but ideal converters and no noise, so the
        // VMM returns the kernel's currents unquantised.
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "ir_drop", "on", "read_noise", "0", "tia_noise_amperes", "0",
                "dac_bits", "0", "adc_bits", "0");
        Tile tile = a.tile(0);
        int n = tile.rows;
        double k = a.config().readPath().ivNonlinearity();
        assertThat(k).isEqualTo(0.2);
        Rng rng = new Rng(5);
        double worst = 0;
        double worstChord = 0;
        TileViews.View t = response(tile.g, n, n, 1.0);
        for (int trial = 0; trial < 4; trial++) {
            float[] volts = new float[n];
            double[] v = new double[n];
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                // The read limit on every line is the worst case: k V^2 is largest at 0.2 V.
                volts[i] = trial == 0 ? 0.2f : (float) (0.2 * (1 - rng.nextDouble()));
                v[i] = volts[i];
                f[i] = v[i] * (1 + k * v[i] * v[i]);
            }
            double[] e = new double[n];
            new NodalFixedPoint(1.0, k).currents(tile.g, n, n, v, e, new double[n]);
            float[] y = a.vmm(0, false, 1, 0, n, 0, n, volts, 1e-2, 1, 1e-6).amperes();
            double[] yd = new double[n];
            for (int j = 0; j < n; j++) {
                yd[j] = y[j];
            }
            worst = Math.max(worst, relativeError(yd, e));
            worstChord = Math.max(worstChord, relativeError(through(t, f), e));
        }
        // A 9-bit ADC resolves 1/256 of its full scale; the largest output is within the full scale.
        assertThat(worst).isLessThan(0.1 / 256);
        assertThat(worstChord).as("without the tangent correction the error is visible").isGreaterThan(0.5 / 256);
    }

    @Test
    void withoutWireResistanceTheResponseIsTheConductanceMatrix() {
        float[] g = uniform(8 * 12, 1e-6, 100e-6, 2);
        TileViews.View t = response(g, 8, 12, 0);
        assertThat(t.g()).containsExactly(g);
    }

    @Test
    void theResponseIsReusedUntilTheConductancesChange() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "ir_drop", "on", "stuck_fraction", "0");
        Tile tile = a.tile(0);
        IrDrop ir = new IrDrop(1.0);
        IrDrop.Response first = tile.views.forward(null, 0, ir, 0, tile.rows);
        assertThat(tile.views.forward(null, 0, ir, 0, tile.rows)).isSameAs(first);
        float before = first.view().g()[5 * tile.cols + 7];
        a.pulse(0, 5, 7, 1.2, 100e-6, 20, Fixtures.NEVER);
        IrDrop.Response second = tile.views.forward(null, 0, ir, 0, tile.rows);
        assertThat(second).isNotSameAs(first);
        assertThat(second.view().g()[5 * tile.cols + 7]).isGreaterThan(before);
        float[] cold = response(tile.g, tile.rows, tile.cols, 1.0).g();
        double largest = 0;
        double error = 0;
        for (int c = 0; c < cold.length; c++) {
            largest = Math.max(largest, Math.abs(cold[c]));
            error = Math.max(error, Math.abs(cold[c] - second.view().g()[c]));
        }
        assertThat(error / largest).as("a warm start converges to the cold solution").isLessThan(LINEAR_BOUND);
        IrDrop.Response transposed = tile.views.transposed(null, 0, ir, 0, tile.cols);
        assertThat(transposed.view().driven()).isEqualTo(tile.cols);
        assertThat(tile.views.transposed(null, 0, ir, 0, tile.cols)).isSameAs(transposed);
    }

    @Test
    void onlyTheDrivenLinesAreSolvedAndTheyMatchTheWholeTilesResponse() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "ir_drop", "on");
        Tile tile = a.tile(0);
        IrDrop ir = new IrDrop(1.0);
        IrDrop.Response layer = tile.views.forward(null, 0, ir, 8, 25);
        assertThat(layer.covers(8, 25)).isTrue();
        assertThat(layer.covers(0, 25)).isFalse();
        float[] whole = response(tile.g, tile.rows, tile.cols, 1.0).g();
        for (int c = 8 * tile.cols; c < 33 * tile.cols; c++) {
            assertThat((double) layer.view().g()[c]).isCloseTo(whole[c], org.assertj.core.api.Assertions.within(LINEAR_BOUND * 1e-4));
        }
        // A second layer on other lines of the same tile widens the solve instead of replacing it.
        IrDrop.Response both = tile.views.forward(null, 0, ir, 40, 10);
        assertThat(both.covers(8, 25)).isTrue();
        assertThat(both.covers(40, 10)).isTrue();
        assertThat(tile.views.forward(null, 0, ir, 8, 25)).isSameAs(both);
    }
}
