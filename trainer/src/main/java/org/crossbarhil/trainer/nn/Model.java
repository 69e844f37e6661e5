package org.crossbarhil.trainer.nn;

import java.util.SplittableRandom;

/** Something trained batch by batch: equilibrium propagation (float or board) or backprop. */
public interface Model {
    /** One training step on a batch; returns the outputs the model gave before the step. */
    float[][] trainBatch(float[][] x, float[][] y, SplittableRandom random);

    /** Outputs for inputs, without learning. */
    float[][] predict(float[][] x);

    int batchSize();
}
