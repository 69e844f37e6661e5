package org.crossbarhil.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** N SET then N RESET nominal pulses on every device of a tile trace the documented curves. */
class SoftBoundsCurveTest {
    private static final int N = 200;
    private static final int DEVICES = 64 * 64;

    /** Mean normalised state x = (G - Gmin) / (Gmax - Gmin) after each pulse: SET 0..N, then RESET. */
    private static double[] trace(CrossbarArray a) {
        Tile t = a.tile(0);
        double[] mean = new double[2 * N + 1];
        mean[0] = meanState(t);
        for (int p = 1; p <= 2 * N; p++) {
            double volts = p <= N ? 1.2 : -1.1;
            for (int i = 0; i < DEVICES; i++) {
                a.pulse(0, i / 64, i % 64, volts, 100e-9, 1, Fixtures.NEVER);
            }
            mean[p] = meanState(t);
        }
        return mean;
    }

    private static double meanState(Tile t) {
        double s = 0;
        for (int i = 0; i < DEVICES; i++) {
            s += (t.g[i] - t.gMin[i]) / (double) (t.gMax[i] - t.gMin[i]);
        }
        return s / DEVICES;
    }

    @Test
    void setThenResetIsMonotoneSaturatingAndAsymmetricOverManyDevices() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "stuck_fraction", "0", "initial_state", "min");
        double[] x = trace(a);
        for (int p = 1; p <= N; p++) {
            assertThat(x[p]).as("SET pulse %d", p).isGreaterThan(x[p - 1]);
        }
        for (int p = N + 1; p <= 2 * N; p++) {
            assertThat(x[p]).as("RESET pulse %d", p - N).isLessThan(x[p - 1]);
        }
        // Saturating: most of the range is crossed, and the last steps are far smaller than the first.
        assertThat(x[N]).isGreaterThan(0.9);
        assertThat(x[2 * N]).isLessThan(0.1);
        assertThat(x[N] - x[N - 1]).isLessThan((x[1] - x[0]) / 10);
        // About 100-200 nominal pulses span the range (95% of it).
        int to95 = 0;
        while (x[to95] < 0.95 * x[N]) {
            to95++;
        }
        assertThat(to95).isBetween(100, 200);
        // Asymmetry: the first RESET step from the top is 1.3x the first SET step from the bottom.
        double firstSet = x[1] - x[0];
        double firstReset = (x[N] - x[N + 1]) / x[N];
        assertThat(firstReset / firstSet).isCloseTo(1.3, within(0.1));
    }

    @Test
    void withoutDeviceSpreadTheMeanFollowsTheSoftBoundsFormula() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "stuck_fraction", "0", "initial_state", "min",
                "d2d_gain_spread", "0", "vth_spread", "0", "bound_spread", "0");
        double[] x = trace(a);
        for (int p : new int[] {1, 10, 50, 100, 200}) {
            assertThat(x[p]).as("after %d SET pulses", p).isCloseTo(1 - Math.pow(1 - 0.02, p), within(0.01));
        }
        double top = x[N];
        for (int p : new int[] {1, 10, 50, 200}) {
            assertThat(x[N + p]).as("after %d RESET pulses", p).isCloseTo(top * Math.pow(1 - 0.026, p), within(0.01));
        }
    }

    @Test
    void cycleToCycleNoiseIsThirtyPercentOfTheStep() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "stuck_fraction", "0", "initial_state", "min",
                "d2d_gain_spread", "0", "vth_spread", "0", "bound_spread", "0");
        Tile t = a.tile(0);
        double nominal = 0.02 * (t.gMax[0] - t.gMin[0]);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < DEVICES; i++) {
            float g0 = t.g[i];
            a.pulse(0, i / 64, i % 64, 1.2, 100e-9, 1, Fixtures.NEVER);
            double rel = (t.g[i] - g0) / nominal;
            sum += rel;
            sumSq += rel * rel;
        }
        double mean = sum / DEVICES;
        double sd = Math.sqrt(sumSq / DEVICES - mean * mean);
        assertThat(mean).isCloseTo(1.0, within(0.02));
        assertThat(sd).isCloseTo(0.3, within(0.02));
    }

    @Test
    void deviceToDeviceGainSpreadsFirstStepsLogNormally() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "stuck_fraction", "0", "initial_state", "min",
                "c2c_noise", "0", "vth_spread", "0", "bound_spread", "0");
        Tile t = a.tile(0);
        double nominal = 0.02 * (t.gMax[0] - t.gMin[0]);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < DEVICES; i++) {
            float g0 = t.g[i];
            a.pulse(0, i / 64, i % 64, 1.2, 100e-9, 1, Fixtures.NEVER);
            double ln = Math.log((t.g[i] - g0) / nominal);
            sum += ln;
            sumSq += ln * ln;
        }
        double mean = sum / DEVICES;
        assertThat(mean).isCloseTo(0, within(0.02));
        assertThat(Math.sqrt(sumSq / DEVICES - mean * mean)).isCloseTo(0.3, within(0.02));
    }
}
