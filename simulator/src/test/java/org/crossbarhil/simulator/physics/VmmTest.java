package org.crossbarhil.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VmmTest {
    private static final int N = 64;
    private static final int VECTORS = 32;

    private static float[] randomVolts(int count, double max, long seed) {
        Rng r = new Rng(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) ((2 * r.nextDouble() - 1) * max);
        }
        return v;
    }

    /** sum_i V_i (1 + k V_i^2) G_ij with the DAC applied, and the predicted noise sd of each output. */
    private static double[][] expected(CrossbarArray a, float[] volts, int b, boolean transposed) {
        ReadPathParams rp = a.config().readPath();
        Tile t = a.tile(0);
        double[] mean = new double[N];
        double[] var = new double[N];
        for (int i = 0; i < N; i++) {
            double q = rp.dac(volts[b * N + i]);
            double f = q * (1 + rp.ivNonlinearity() * q * q);
            for (int j = 0; j < N; j++) {
                double g = transposed ? t.conductance(j, i) : t.conductance(i, j);
                mean[j] += f * g;
                var[j] += f * f * g * g;
            }
        }
        double[] sd = new double[N];
        for (int j = 0; j < N; j++) {
            sd[j] = Math.sqrt(rp.readNoise() * rp.readNoise() * var[j] + rp.tiaNoiseAmperes() * rp.tiaNoiseAmperes());
        }
        return new double[][] {mean, sd};
    }

    @Test
    void forwardVmmEqualsTheSumOfVTimesGWithinNoiseAndQuantisation() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64");
        float[] volts = randomVolts(VECTORS * N, 0.2, 3);
        double range = 500e-6;
        VmmOutput out = a.vmm(0, false, VECTORS, 0, N, 0, N, volts, range, 1, 1e-6);
        double lsb = range / 256;
        for (int b = 0; b < VECTORS; b++) {
            double[][] e = expected(a, volts, b, false);
            for (int j = 0; j < N; j++) {
                assertThat((double) out.amperes()[b * N + j]).as("vector %d output %d", b, j)
                        .isCloseTo(e[0][j], within(5.5 * e[1][j] + lsb / 2 + 1e-12));
            }
        }
        assertThat(out.clipped()).isZero();
    }

    @Test
    void withAnIdealAdcTheResidualsHaveThePredictedSpread() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "adc_bits", "0");
        float[] volts = randomVolts(VECTORS * N, 0.2, 4);
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int rep = 0; rep < 4; rep++) {
            VmmOutput out = a.vmm(0, false, VECTORS, 0, N, 0, N, volts, 1e-3, 1, 1e-6);
            for (int b = 0; b < VECTORS; b++) {
                double[][] e = expected(a, volts, b, false);
                for (int j = 0; j < N; j++) {
                    double z = (out.amperes()[b * N + j] - e[0][j]) / e[1][j];
                    sum += z;
                    sumSq += z * z;
                    n++;
                }
            }
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0, within(0.05));
        assertThat(Math.sqrt(sumSq / n - mean * mean)).isCloseTo(1.0, within(0.05));
    }

    @Test
    void averagingKReadsShrinksTheNoiseBySqrtK() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "adc_bits", "0");
        float[] volts = randomVolts(VECTORS * N, 0.2, 5);
        double one = residualSpread(a, volts, 1);
        double sixteen = residualSpread(a, volts, 16);
        assertThat(one / sixteen).isCloseTo(4.0, within(0.4));
    }

    private static double residualSpread(CrossbarArray a, float[] volts, int k) {
        VmmOutput out = a.vmm(0, false, VECTORS, 0, N, 0, N, volts, 1e-3, k, 1e-6);
        double sumSq = 0;
        for (int b = 0; b < VECTORS; b++) {
            double[][] e = expected(a, volts, b, false);
            for (int j = 0; j < N; j++) {
                double z = (out.amperes()[b * N + j] - e[0][j]) / e[1][j];
                sumSq += z * z;
            }
        }
        return Math.sqrt(sumSq / (VECTORS * N));
    }

    @Test
    void theTransposedVmmIsTheTransposeOfTheForward() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64");
        float[] unit = new float[N * N];
        for (int i = 0; i < N; i++) {
            unit[i * N + i] = 0.2f;
        }
        float[] forward = a.vmm(0, false, N, 0, N, 0, N, unit, 1e-3, 1, 1e-6).amperes();
        float[] transposed = a.vmm(0, true, N, 0, N, 0, N, unit, 1e-3, 1, 1e-6).amperes();
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                // forward(e_i)[j] = 0.2 G_ij = transposed(e_j)[i]
                assertThat(forward[i * N + j]).isEqualTo(transposed[j * N + i]);
                assertThat((double) forward[i * N + j]).isCloseTo(0.2 * a.tile(0).conductance(i, j), within(1e-6 * 0.2 * a.tile(0).conductance(i, j)));
            }
        }
    }

    @Test
    void transposedVmmWithNoiseEqualsTheSumOverColumns() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "adc_bits", "0");
        float[] volts = randomVolts(8 * N, 0.2, 6);
        VmmOutput out = a.vmm(0, true, 8, 0, N, 0, N, volts, 1e-3, 1, 1e-6);
        for (int b = 0; b < 8; b++) {
            double[][] e = expected(a, volts, b, true);
            for (int j = 0; j < N; j++) {
                assertThat((double) out.amperes()[b * N + j]).isCloseTo(e[0][j], within(5.5 * e[1][j]));
            }
        }
    }

    @Test
    void offsetsSelectTheDrivenAndSensedLines() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64");
        float[] v = {0.1f, -0.2f};
        float[] out = a.vmm(0, false, 1, 10, 2, 20, 3, v, 1e-3, 1, 1e-6).amperes();
        Tile t = a.tile(0);
        for (int j = 0; j < 3; j++) {
            double e = 0.1 * t.conductance(10, 20 + j) - 0.2 * t.conductance(11, 20 + j);
            assertThat((double) out[j]).isCloseTo(e, within(1e-6 * Math.abs(e)));
        }
    }

    @Test
    void currentsBeyondTheAdcRangeClipAtTheRailAndAreCounted() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64");
        float[] volts = new float[N];
        java.util.Arrays.fill(volts, 0.2f);
        double range = 10e-6;
        VmmOutput out = a.vmm(0, false, 1, 0, N, 0, N, volts, range, 1, 1e-6);
        assertThat(out.clipped()).isEqualTo(N);
        double lsb = range / 256;
        for (float y : out.amperes()) {
            assertThat((double) y).isCloseTo(255 * lsb, within(1e-6 * 255 * lsb));
        }
    }

    @Test
    void theDacQuantisesInputsToItsSteps() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64", "dac_bits", "8");
        float[] v = new float[N];
        v[0] = 0.0011f; // 0.2 V / 127 = 1.575 mV per step: rounds to 1 step
        float y = a.vmm(0, false, 1, 0, N, 0, 1, v, 1e-3, 1, 1e-6).amperes()[0];
        double e = 0.2 / 127 * a.tile(0).conductance(0, 0);
        assertThat((double) y).isCloseTo(e, within(1e-6 * e));
    }

    @Test
    void irDropLowersCurrentsMostFarFromTheDrivers() {
        CrossbarArray ideal = Fixtures.array("profile", "ideal-2x64", "initial_state", "max");
        CrossbarArray ir = Fixtures.array("profile", "ideal-2x64", "initial_state", "max", "ir_drop", "on", "wire_ohms", "2");
        CrossbarArray zero = Fixtures.array("profile", "ideal-2x64", "initial_state", "max", "ir_drop", "on", "wire_ohms", "0");
        float[] v = new float[N];
        java.util.Arrays.fill(v, 0.2f);
        float[] y0 = ideal.vmm(0, false, 1, 0, N, 0, N, v, 1e-2, 1, 1e-6).amperes();
        float[] y1 = ir.vmm(0, false, 1, 0, N, 0, N, v, 1e-2, 1, 1e-6).amperes();
        float[] yz = zero.vmm(0, false, 1, 0, N, 0, N, v, 1e-2, 1, 1e-6).amperes();
        for (int j = 0; j < N; j++) {
            assertThat((double) yz[j]).isCloseTo(y0[j], within(1e-6 * y0[j]));
            assertThat(y1[j]).isLessThan(y0[j]);
        }
        assertThat(y1[N - 1] / y0[N - 1]).isLessThan(y1[0] / y0[0]);
        // A first-order model: a visible but modest loss at 2 ohm per cell on a 64x64 tile at Gmax.
        assertThat((double) (y1[N - 1] / y0[N - 1])).isBetween(0.5, 0.99);
    }
}
