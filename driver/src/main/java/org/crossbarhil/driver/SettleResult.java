package org.crossbarhil.driver;

import java.util.List;

/**
 * The settled states of every phase of a batch, and what the board converted for them.
 *
 * @param vmmVectors       VMM vectors the board converted, ADC reconversions included
 * @param adcReconversions VMMs repeated on a larger range because outputs clipped
 * @param clipped          outputs that clipped on the range finally used
 */
public record SettleResult(List<Phase> phases, long vmmVectors, int adcReconversions, int clipped) {
    public SettleResult {
        phases = List.copyOf(phases);
    }

    /**
     * One phase: {@code layers.get(l)} holds layer l's states, batch x units, sample after sample.
     *
     * @param changes each sweep's largest change, when asked for; else empty
     */
    public record Phase(List<float[]> layers, int iterationsRun, float[] changes) {
        public Phase {
            layers = List.copyOf(layers);
        }

        /** Layer {@code l}'s states as batch rows of units. */
        public float[][] states(int l, int batchSize) {
            float[] flat = layers.get(l);
            int units = flat.length / batchSize;
            float[][] out = new float[batchSize][];
            for (int s = 0; s < batchSize; s++) {
                out[s] = java.util.Arrays.copyOfRange(flat, s * units, (s + 1) * units);
            }
            return out;
        }
    }
}
