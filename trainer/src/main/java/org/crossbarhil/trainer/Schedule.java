package org.crossbarhil.trainer;

/**
 * How long a run trains and how its learning rates fall.
 *
 * @param epochs            epochs per fold
 * @param learningRateDecay factor applied to the learning rates after every epoch (1 = constant)
 */
public record Schedule(int epochs, double learningRateDecay) {
    static final int MAX_EPOCHS = 100_000;

    public Schedule {
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("epochs: " + epochs + " (expected: 1.." + MAX_EPOCHS + ")");
        }
        checkDecay(learningRateDecay);
    }

    static void checkDecay(double decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("learning-rate decay: " + decay + " (expected: in (0, 1], 1 = constant)");
        }
    }

    /** What the learning rates are multiplied by during epoch {@code epoch} (from 0). */
    public double learningRateScale(int epoch) {
        return Math.pow(learningRateDecay, epoch);
    }
}
