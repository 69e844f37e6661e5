package org.crossbarhil.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackpropTest {
    /** ½‖h_L − y‖² of a network whose weights are copies of these. */
    private static double loss(List<float[][]> w, float[] x, float[] y) {
        FloatSynapses a = new FloatSynapses(3, 4, copy(w.get(0)));
        FloatSynapses b = new FloatSynapses(4, 2, copy(w.get(1)));
        float[][] h = a.forward(new float[][] {x});
        EqPropNetwork.clip(h);
        float[] out = b.forward(h)[0];
        double l = 0;
        for (int j = 0; j < 2; j++) {
            l += 0.5 * (out[j] - y[j]) * (out[j] - y[j]);
        }
        return l;
    }

    private static float[][] copy(float[][] w) {
        float[][] c = new float[w.length][];
        for (int i = 0; i < w.length; i++) {
            c[i] = w[i].clone();
        }
        return c;
    }

    @Test
    void aStepMovesEveryWeightAlongTheNumericalGradient() {
        SplittableRandom r = new SplittableRandom(4);
        FloatSynapses a = FloatSynapses.random(3, 4, 1, r);
        FloatSynapses b = FloatSynapses.random(4, 2, 1, r);
        List<float[][]> w0 = List.of(a.weightsAndBias(), b.weightsAndBias());
        float[] x = {0.3f, 0.9f, 0.5f};
        float[] y = {1f, 0f};
        double lr = 1e-3;
        new Backprop(List.of(a, b), new double[] {lr}, 1).trainBatch(new float[][] {x}, new float[][] {y}, r);
        List<float[][]> w1 = List.of(a.weightsAndBias(), b.weightsAndBias());
        double eps = 1e-3;
        for (int l = 0; l < 2; l++) {
            for (int j = 0; j < w0.get(l).length; j++) {
                for (int i = 0; i < w0.get(l)[j].length; i++) {
                    List<float[][]> plus = List.of(copy(w0.get(0)), copy(w0.get(1)));
                    List<float[][]> minus = List.of(copy(w0.get(0)), copy(w0.get(1)));
                    plus.get(l)[j][i] += eps;
                    minus.get(l)[j][i] -= eps;
                    double grad = (loss(plus, x, y) - loss(minus, x, y)) / (2 * eps);
                    double step = w1.get(l)[j][i] - w0.get(l)[j][i];
                    assertThat(step).as("layer %d weight (%d, %d)", l, j, i).isCloseTo(-lr * grad, within(2e-6));
                }
            }
        }
    }
}
