package org.crossbarhil.trainer;

/**
 * Per-data-set defaults: network, epochs and equilibrium-propagation constants
 * (docs/benchmarks.md records the runs that chose them).
 */
record Defaults(int[] hidden, int epochs, int freeIterations, int nudgeIterations, double beta, double[] learningRates, int batchSize,
        double learningRateDecay, int readsAveraged, int evaluationReadsAveraged) {
    static Defaults of(DatasetKind d) {
        return switch (d) {
            case BRAILLE -> new Defaults(new int[] {32}, 8, 12, 6, 0.5, new double[] {0.02, 0.01}, 16, 0.7, 2, 0);
            case IRIS -> new Defaults(new int[] {32}, 100, 12, 6, 0.5, new double[] {0.02, 0.01}, 4, 0.98, 1, 0);
            case MNIST -> new Defaults(new int[] {128}, 15, 20, 8, 0.5, new double[] {0.01, 0.005}, 20, 1.0, 1, 0);
        };
    }
}
