package org.crossbarhil.driver;

/**
 * A parallel stochastic outer-product update on the block of a tile starting at
 * (rowOffset, colOffset): in each of {@code pulseTrainLength} slots row i fires with probability
 * |rowValues[i]| and column j with probability |colValues[j]| (values in [-1, 1]); coincident
 * pulses move device (i, j) by sign(u_i v_j) using {@code setVolts} (> 0) or {@code resetVolts}
 * (&lt; 0); lone pulses are V/2 half-selects.
 */
public record OuterProductSpec(int tile, int rowOffset, int colOffset, float[] rowValues, float[] colValues,
        int pulseTrainLength, double setVolts, double resetVolts, double widthSeconds) {
    public OuterProductSpec {
        if (rowValues.length == 0 || colValues.length == 0) {
            throw new IllegalArgumentException("rowValues and colValues must not be empty");
        }
        checkProbabilities("rowValues", rowValues);
        checkProbabilities("colValues", colValues);
        if (pulseTrainLength < 1) {
            throw new IllegalArgumentException("pulseTrainLength: " + pulseTrainLength + " (expected: >= 1)");
        }
        if (!(setVolts > 0) || !(resetVolts < 0)) {
            throw new IllegalArgumentException("setVolts " + setVolts + " (expected: > 0), resetVolts " + resetVolts + " (expected: < 0)");
        }
        if (!(widthSeconds > 0)) {
            throw new IllegalArgumentException("widthSeconds: " + widthSeconds + " (expected: > 0)");
        }
    }

    private static void checkProbabilities(String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(Math.abs(v) <= 1f)) {
                throw new IllegalArgumentException(name + "[" + i + "]: " + v + " (expected: in [-1, 1])");
            }
        }
    }
}
