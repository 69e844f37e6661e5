package org.crossbarhil.trainer.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.crossbarhil.trainer.data.Split;
import org.crossbarhil.trainer.data.Task;

/** One pass over a training split in shuffled batches, and evaluation of a split. */
public final class Epochs {
    private Epochs() {
    }

    /** Loss (mean ½‖y − out‖² over samples) and accuracy (fraction correct) of outputs. */
    public record Score(double loss, double accuracy, int samples) {
    }

    /** Called after each batch with the samples done so far in this epoch. */
    public interface BatchListener {
        BatchListener NONE = (done, total) -> { };

        void batchDone(int samplesDone, int samplesTotal);
    }

    /**
     * Trains one epoch in an order shuffled with {@code seed} (the same seed, the same order) and
     * returns the loss and accuracy of the outputs seen during the epoch, each before its batch's
     * update.
     */
    public static Score train(Model model, Split train, Task task, long seed, BatchListener listener) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = shuffled(train.size(), random.split());
        double loss = 0;
        int correct = 0;
        int b = model.batchSize();
        for (int from = 0; from < order.length; from += b) {
            int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + b));
            Split batch = train.select(idx);
            float[][] out = model.trainBatch(batch.inputs(), batch.targets(), random);
            for (int n = 0; n < idx.length; n++) {
                loss += loss(out[n], batch.targets()[n]);
                if (task.correct(out[n], batch.targets()[n], batch.labels()[n])) {
                    correct++;
                }
            }
            listener.batchDone(from + idx.length, order.length);
        }
        return new Score(loss / order.length, (double) correct / order.length, order.length);
    }

    public static Score evaluate(Model model, Split split, Task task) {
        float[][] out = model.predict(split.inputs());
        return score(out, split, task);
    }

    public static Score score(float[][] out, Split split, Task task) {
        double loss = 0;
        int correct = 0;
        for (int n = 0; n < out.length; n++) {
            loss += loss(out[n], split.targets()[n]);
            if (task.correct(out[n], split.targets()[n], split.labels()[n])) {
                correct++;
            }
        }
        return new Score(loss / out.length, (double) correct / out.length, out.length);
    }

    static double loss(float[] out, float[] target) {
        double l = 0;
        for (int j = 0; j < out.length; j++) {
            double d = target[j] - out[j];
            l += d * d;
        }
        return 0.5 * l;
    }

    static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
