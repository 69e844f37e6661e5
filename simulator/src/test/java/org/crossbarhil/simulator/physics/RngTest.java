package org.crossbarhil.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void theSameSeedGivesTheSameNumbers() {
        Rng a = Rng.derive(9, 1, 2);
        Rng b = Rng.derive(9, 1, 2);
        for (int i = 0; i < 1000; i++) {
            assertThat(a.nextGaussian()).isEqualTo(b.nextGaussian());
        }
        assertThat(Rng.derive(9, 1, 2).nextLong()).isNotEqualTo(Rng.derive(9, 2, 1).nextLong());
    }

    @Test
    void gaussiansHaveUnitVarianceAndNormalTails() {
        Rng r = new Rng(1);
        int n = 400_000;
        double sum = 0;
        double sumSq = 0;
        int beyond2 = 0;
        int beyond3 = 0;
        for (int i = 0; i < n; i++) {
            double z = r.nextGaussian();
            sum += z;
            sumSq += z * z;
            beyond2 += Math.abs(z) > 2 ? 1 : 0;
            beyond3 += Math.abs(z) > 3 ? 1 : 0;
        }
        assertThat(sum / n).isCloseTo(0, within(0.01));
        assertThat(sumSq / n).isCloseTo(1, within(0.01));
        assertThat(beyond2 / (double) n).isCloseTo(0.0455, within(0.002));
        assertThat(beyond3 / (double) n).isCloseTo(0.0027, within(0.0004));
    }

    @Test
    void batchedGaussiansFromHalfDrawsAreNormalToo() {
        Rng r = new Rng(3);
        float[] z = new float[400_000];
        r.fillGaussians(z, z.length);
        double sum = 0;
        double sumSq = 0;
        int beyond2 = 0;
        int beyond3 = 0;
        for (float v : z) {
            sum += v;
            sumSq += v * v;
            beyond2 += Math.abs(v) > 2 ? 1 : 0;
            beyond3 += Math.abs(v) > 3 ? 1 : 0;
        }
        assertThat(sum / z.length).isCloseTo(0, within(0.01));
        assertThat(sumSq / z.length).isCloseTo(1, within(0.01));
        assertThat(beyond2 / (double) z.length).isCloseTo(0.0455, within(0.002));
        assertThat(beyond3 / (double) z.length).isCloseTo(0.0027, within(0.0004));
    }

    @Test
    void bernoulliMasksSetBitsWithTheGivenProbability() {
        Rng r = new Rng(2);
        long bits = 0;
        for (int i = 0; i < 10_000; i++) {
            bits += Long.bitCount(r.bernoulliMask(0.3, 31));
        }
        assertThat(bits / (10_000.0 * 31)).isCloseTo(0.3, within(0.005));
        assertThat(r.bernoulliMask(1, 31)).isEqualTo((1L << 31) - 1);
        assertThat(r.bernoulliMask(1, 64)).isEqualTo(-1L);
        assertThat(r.bernoulliMask(0, 64)).isZero();
    }
}
