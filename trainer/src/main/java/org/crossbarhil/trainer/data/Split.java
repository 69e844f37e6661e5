package org.crossbarhil.trainer.data;

import java.util.Objects;

/**
 * Samples of one split: inputs in [0, 1], target vectors in [0, 1] and class labels (for
 * reconstruction tasks, the index of the clean pattern). Arrays are owned by the split and never
 * changed after construction.
 */
public record Split(float[][] inputs, float[][] targets, int[] labels) {
    public Split {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(labels, "labels");
        if (inputs.length != targets.length || inputs.length != labels.length) {
            throw new IllegalArgumentException("split has " + inputs.length + " inputs, " + targets.length + " targets and "
                    + labels.length + " labels (expected: the same number)");
        }
    }

    public int size() {
        return inputs.length;
    }

    public int inputSize() {
        return inputs.length == 0 ? 0 : inputs[0].length;
    }

    public int targetSize() {
        return targets.length == 0 ? 0 : targets[0].length;
    }

    /** The samples at {@code indices}, in that order (arrays shared, not copied). */
    public Split select(int[] indices) {
        float[][] x = new float[indices.length][];
        float[][] t = new float[indices.length][];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            x[i] = inputs[indices[i]];
            t[i] = targets[indices[i]];
            l[i] = labels[indices[i]];
        }
        return new Split(x, t, l);
    }

    /** One-hot targets for class labels. */
    public static float[][] oneHot(int[] labels, int classes) {
        float[][] t = new float[labels.length][classes];
        for (int i = 0; i < labels.length; i++) {
            t[i][labels[i]] = 1f;
        }
        return t;
    }
}
