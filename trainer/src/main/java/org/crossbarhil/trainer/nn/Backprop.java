package org.crossbarhil.trainer.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * The float backprop reference on the same architecture as the equilibrium network: the same
 * layer sizes, hard-sigmoid hidden units, squared-error loss, plain SGD with a per-sample learning
 * rate per layer (a batch applies the sum of its samples' gradients). The loss is taken on the
 * output pre-activation h_L (½‖h_L − y‖²): with the clip's zero gradient at the output, an output
 * unit pushed below 0 would never recover (measured: about 78% on MNIST 196-128-10 against 95%
 * this way). Predictions are ρ(h_L) as in the equilibrium network.
 */
public final class Backprop implements Model {
    private final List<FloatSynapses> layers;
    private final double[] learningRates;
    private final int batchSize;

    public Backprop(List<FloatSynapses> layers, double[] learningRates, int batchSize) {
        this.layers = List.copyOf(layers);
        this.learningRates = learningRates.clone();
        this.batchSize = batchSize;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /** Activities a_0 = x, a_1, ..., a_{L-1} and, last, the output pre-activation h_L (not clipped). */
    private List<float[][]> forward(float[][] x) {
        List<float[][]> acts = new ArrayList<>();
        acts.add(x);
        float[][] a = x;
        for (int l = 0; l < layers.size(); l++) {
            a = layers.get(l).forward(a);
            if (l < layers.size() - 1) {
                EqPropNetwork.clip(a);
            }
            acts.add(a);
        }
        return acts;
    }

    /** One SGD step on a batch; returns the outputs before the step. */
    @Override
    public float[][] trainBatch(float[][] x, float[][] y, java.util.SplittableRandom random) {
        List<float[][]> acts = forward(x);
        int last = layers.size();
        float[][] h = acts.get(last);
        float[][] delta = new float[h.length][];
        for (int n = 0; n < h.length; n++) {
            delta[n] = new float[h[n].length];
            for (int j = 0; j < h[n].length; j++) {
                delta[n][j] = h[n][j] - y[n][j];
            }
        }
        float[][] out = EqPropNetwork.copy(h);
        EqPropNetwork.clip(out);
        for (int l = last - 1; l >= 0; l--) {
            FloatSynapses syn = layers.get(l);
            float[][] below = acts.get(l);
            float[][] next = l > 0 ? syn.backward(delta) : null;
            syn.addOuterProducts(delta, below, (float) -learningRates[Math.min(l, learningRates.length - 1)]);
            if (l > 0) {
                for (int n = 0; n < next.length; n++) {
                    for (int i = 0; i < next[n].length; i++) {
                        // ρ' of the hard sigmoid: 1 inside (0, 1), 0 where the unit is clipped
                        float a = below[n][i];
                        if (!(a > 0f && a < 1f)) {
                            next[n][i] = 0f;
                        }
                    }
                }
                delta = next;
            }
        }
        return out;
    }

    @Override
    public float[][] predict(float[][] x) {
        float[][] out = forward(x).get(layers.size());
        EqPropNetwork.clip(out);
        return out;
    }
}
