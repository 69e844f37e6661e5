package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseTest {
    private static double[][] reads(int k, int devices, double relative, double absolute, long seed) {
        Random rnd = new Random(seed);
        double[][] reads = new double[k][devices];
        for (int d = 0; d < devices; d++) {
            double g = 1e-6 + 99e-6 * rnd.nextDouble();
            for (int i = 0; i < k; i++) {
                reads[i][d] = g * (1 + relative * rnd.nextGaussian()) + absolute * rnd.nextGaussian();
            }
        }
        return reads;
    }

    @Test
    void identicalReadsHaveNoNoise() {
        Noise n = Noise.fit(new double[][] {{1e-5, 2e-5}, {1e-5, 2e-5}, {1e-5, 2e-5}});

        assertThat(n.relativeSigma()).isZero();
        assertThat(n.absoluteSiemens()).isZero();
        assertThat(n.resolutionSiemens()).isZero();
    }

    @Test
    void theFitRecoversProportionalNoise() {
        Noise n = Noise.fit(reads(5, 2000, 0.01, 0, 1));

        assertThat(n.relativeSigma()).isCloseTo(0.01, within(0.001));
        assertThat(n.absoluteSiemens()).isLessThan(0.2e-6);
    }

    @Test
    void theFitSeparatesAnAmplifierFloorFromProportionalNoise() {
        Noise n = Noise.fit(reads(5, 4000, 0.01, 0.5e-6, 2));

        assertThat(n.relativeSigma()).isCloseTo(0.01, within(0.0015));
        assertThat(n.absoluteSiemens()).isCloseTo(0.5e-6, within(0.05e-6));
        assertThat(n.sigma(50e-6)).isCloseTo(Math.hypot(0.5e-6, 0.5e-6), within(0.1e-6));
    }

    @Test
    void aQuantisedNoiselessReadShowsItsStep() {
        Noise n = Noise.fit(new double[][] {{1e-5, 2e-5}, {1.1e-5, 2e-5}, {1e-5, 2e-5}});

        assertThat(n.resolutionSiemens()).isCloseTo(0.1e-5, within(1e-12));
    }

    @Test
    void oneReadCannotGiveASpread() {
        assertThatThrownBy(() -> Noise.fit(new double[][] {{1.0}})).hasMessageContaining("need at least 2 repeated reads");
    }

    @Test
    void theChangeThresholdIsFiveSigmaOfTheDifferenceOfMeansPlusFloors() {
        Noise n = new Noise(0.01, 0.5e-6, 1e-8);

        double thr = n.changeThreshold(50e-6, 3);

        assertThat(thr).isCloseTo(5 * Math.hypot(0.01 * 50e-6, 0.5e-6) * Math.sqrt(2.0 / 3) + 0.005 * 50e-6 + 1e-8, within(1e-15));
    }

    @Test
    void aNoiselessBoardStillAllowsTheRelativeFloor() {
        assertThat(new Noise(0, 0, 0).changeThreshold(10e-6, 1)).isCloseTo(0.005 * 10e-6, within(1e-18));
    }
}
