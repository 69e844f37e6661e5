package org.crossbarhil.trainer.data;

/** What the output layer is asked to do, and so what counts as a correct answer. */
public enum Task {
    /** One output per class, one-hot target; correct when the largest output is the label's. */
    CLASSIFICATION,
    /**
     * The output reproduces a clean pattern (Braille: the uncorrupted dots of the word); correct
     * when every output thresholded at 0.5 equals the clean pattern.
     */
    RECONSTRUCTION;

    /** Whether {@code output} is a correct answer for a sample with this target and label. */
    public boolean correct(float[] output, float[] target, int label) {
        if (this == CLASSIFICATION) {
            return argmax(output) == label;
        }
        for (int i = 0; i < output.length; i++) {
            if ((output[i] >= 0.5f) != (target[i] >= 0.5f)) {
                return false;
            }
        }
        return true;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
