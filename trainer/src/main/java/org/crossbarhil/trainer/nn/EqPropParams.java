package org.crossbarhil.trainer.nn;

import java.util.Arrays;

/**
 * Settling and learning constants of equilibrium propagation.
 *
 * @param freeIterations  T_free: sweeps of the free phase (β = 0) from zero states
 * @param nudgeIterations T_nudge: sweeps of each nudged phase, from the free state
 * @param beta            nudging strength, 0 &lt; β &lt; 1
 * @param learningRates   η_l per weight layer, per sample (a batch applies the sum of its samples' updates)
 * @param batchSize       samples settled together (one batched VMM request each on a board)
 * @param averageLast     states reported for a phase are the mean over its last this many sweeps
 *                        (1 = the final sweep only); on a board this averages out read noise
 *                        at no extra cost, since the sweeps run anyway
 */
public record EqPropParams(int freeIterations, int nudgeIterations, double beta, Nudging nudging, double[] learningRates,
        int batchSize, int averageLast) {
    public EqPropParams {
        if (freeIterations < 1 || nudgeIterations < 1) {
            throw new IllegalArgumentException("free iterations " + freeIterations + ", nudge iterations " + nudgeIterations
                    + " (expected: >= 1)");
        }
        if (!(beta > 0 && beta < 1)) {
            // the −β phase's output fixed point (h − βy)/(1 − β) exists only below 1
            throw new IllegalArgumentException("beta: " + beta + " (expected: in (0, 1))");
        }
        if (nudging == null) {
            throw new NullPointerException("nudging");
        }
        learningRates = learningRates.clone();
        for (double lr : learningRates) {
            if (!(lr > 0) || lr > 10) {
                throw new IllegalArgumentException("learning rate: " + lr + " (expected: in (0, 10])");
            }
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("batch size: " + batchSize + " (expected: 1..4096)");
        }
        if (averageLast < 1 || averageLast > Math.min(freeIterations, nudgeIterations)) {
            throw new IllegalArgumentException("average last: " + averageLast + " sweeps (expected: 1.."
                    + Math.min(freeIterations, nudgeIterations) + ", at most the shorter phase)");
        }
    }

    public EqPropParams(int freeIterations, int nudgeIterations, double beta, Nudging nudging, double[] learningRates, int batchSize) {
        this(freeIterations, nudgeIterations, beta, nudging, learningRates, batchSize, 1);
    }

    @Override
    public double[] learningRates() {
        return learningRates.clone();
    }

    /** η of weight layer {@code l} (0-based); the last given rate serves deeper layers. */
    public double learningRate(int l) {
        return learningRates[Math.min(l, learningRates.length - 1)];
    }

    @Override
    public String toString() {
        return "EqPropParams[free=" + freeIterations + ", nudge=" + nudgeIterations + ", beta=" + beta + ", " + nudging + ", lr="
                + Arrays.toString(learningRates) + ", batch=" + batchSize + ", averageLast=" + averageLast + "]";
    }
}
