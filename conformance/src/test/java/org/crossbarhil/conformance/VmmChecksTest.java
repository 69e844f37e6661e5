package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.crossbarhil.driver.VmmDirection;
import org.junit.jupiter.api.Test;

class VmmChecksTest {
    private static final double[][] G = {{1e-6, 2e-6, 3e-6}, {4e-6, 5e-6, 6e-6}};

    @Test
    void forwardPredictionSumsDownEachColumn() {
        double[][] y = VmmChecks.predict(G, new float[][] {{0.1f, -0.2f}}, VmmDirection.FORWARD);

        assertThat(y[0]).hasSize(3);
        assertThat(y[0][0]).isCloseTo(0.1f * 1e-6 - 0.2f * 4e-6, within(1e-15));
        assertThat(y[0][2]).isCloseTo(0.1f * 3e-6 - 0.2f * 6e-6, within(1e-15));
    }

    @Test
    void transposedPredictionSumsAlongEachRow() {
        double[][] y = VmmChecks.predict(G, new float[][] {{0.1f, 0f, 0.2f}}, VmmDirection.TRANSPOSED);

        assertThat(y[0]).hasSize(2);
        assertThat(y[0][1]).isCloseTo(0.1f * 4e-6 + 0.2f * 6e-6, within(1e-15));
    }

    @Test
    void quantisingRoundsTowardZeroSoALimitIsNeverExceeded() {
        VmmChecks.Periphery p = new VmmChecks.Periphery(0.2, 0.2, 0.3 / 127, 9, List.of(1e-4));

        float q = p.quantise(0.2);
        float n = p.quantise(-0.2);

        assertThat(q).isLessThanOrEqualTo(0.2f).isGreaterThan(0.2f - 0.3f / 127);
        assertThat(n).isEqualTo(-q);
    }

    @Test
    void theSmallestRangeWithHeadroomIsChosen() {
        VmmChecks.Periphery p = new VmmChecks.Periphery(0.2, 0.2, 0, 9, List.of(1e-5, 1e-4, 1e-3));

        assertThat(p.rangeFor(7e-6)).isEqualTo(1e-5);
        assertThat(p.rangeFor(9e-6)).isEqualTo(1e-4);
        assertThat(p.rangeFor(1e-3)).isZero();
        assertThat(p.adcLsb(1e-4)).isCloseTo(1e-4 / 256, within(1e-18));
    }

    @Test
    void toleranceCoversSystematicNoiseAndConverterSteps() {
        VmmChecks.Periphery p = new VmmChecks.Periphery(0.2, 0.2, 0, 9, List.of(1e-4));
        Noise noise = new Noise(0.01, 0.5e-6, 0);
        float[][] v = {{0.1f, 0.1f}};

        double[][] tol = VmmChecks.tolerance(G, v, VmmDirection.FORWARD, noise, p, 1e-4, 0.05, 2, 0);

        double abs = 0.1f * 1e-6 + 0.1f * 4e-6;
        double deviceVar = Math.pow(0.1f * 0.01 * 1e-6, 2) + Math.pow(0.1f * 0.01 * 4e-6, 2);
        double amplifier = 0.5e-6 * 0.2;
        double expected = 0.05 * abs + 5 * Math.sqrt(2 * (deviceVar + amplifier * amplifier)) + 2 * 1e-4 / 256;
        assertThat(tol[0][0]).isCloseTo(expected, within(1e-15));
    }

    @Test
    void comparingWithReadsAlsoAllowsForTheNoiseOfTheReads() {
        VmmChecks.Periphery p = new VmmChecks.Periphery(0.2, 0.2, 0, 9, List.of(1e-4));
        Noise noise = new Noise(0.01, 0.5e-6, 0);
        float[][] v = {{0.1f, 0.1f}};

        double withReads = VmmChecks.tolerance(G, v, VmmDirection.FORWARD, noise, p, 1e-4, 0.05, 1, 5)[0][0];
        double without = VmmChecks.tolerance(G, v, VmmDirection.FORWARD, noise, p, 1e-4, 0.05, 1, 0)[0][0];

        assertThat(withReads).isGreaterThan(without);
    }
}
