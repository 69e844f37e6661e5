package org.crossbarhil.trainer.nn;

import java.util.List;

/**
 * Settles the phases of one batch somewhere other than in {@link EqPropNetwork}'s own sweeps (on
 * a board that runs the loop itself). The equations, the order of the sweeps and the sharing of
 * the input drive between phases are {@link EqPropNetwork}'s.
 */
public interface Settling {
    /**
     * Phase 0 (β = {@code betas[0]}, 0 for the free phase) from zero states, every later phase
     * from phase 0's settled states; {@code iterations[p]} sweeps each, the states of each phase
     * the mean of its last {@code averageLast} sweeps.
     *
     * @param targets batch x outputs, or null when no β is non-zero
     * @return for each phase, the states s_1..s_L (batch x units each)
     */
    List<List<float[][]>> settle(float[][] x, float[][] targets, double[] betas, int[] iterations, int averageLast);
}
