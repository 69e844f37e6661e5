package org.crossbarhil.driver;

/**
 * One settling phase: β = 0 is the free phase, β ≠ 0 nudges the output toward the targets.
 *
 * @param averageLast states reported are the mean of the last this many sweeps (1 = the last only)
 */
public record SettlePhase(double beta, int iterations, int averageLast) {
    public SettlePhase {
        if (!(Math.abs(beta) < 1)) {
            throw new IllegalArgumentException("beta: " + beta + " (expected: |beta| < 1)");
        }
        if (iterations < 1 || averageLast < 1 || averageLast > iterations) {
            throw new IllegalArgumentException(iterations + " iterations, average last " + averageLast
                    + " (expected: iterations >= 1, 1 <= average last <= iterations)");
        }
    }

    public static SettlePhase free(int iterations, int averageLast) {
        return new SettlePhase(0, iterations, averageLast);
    }

    public static SettlePhase nudged(double beta, int iterations, int averageLast) {
        if (beta == 0) {
            throw new IllegalArgumentException("a nudged phase needs beta != 0");
        }
        return new SettlePhase(beta, iterations, averageLast);
    }

    public boolean nudges() {
        return beta != 0;
    }
}
