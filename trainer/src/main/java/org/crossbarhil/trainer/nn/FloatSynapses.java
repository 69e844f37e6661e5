package org.crossbarhil.trainer.nn;

import java.util.SplittableRandom;

/** Weights in float arrays: the ideal reference. Row j of {@code w} holds W_j· and, last, b_j. */
public final class FloatSynapses implements Synapses {
    private final int inputs;
    private final int outputs;
    private final float[][] w;

    public FloatSynapses(int inputs, int outputs, float[][] weightsAndBias) {
        if (weightsAndBias.length != outputs) {
            throw new IllegalArgumentException("weights have " + weightsAndBias.length + " rows (expected: " + outputs + ")");
        }
        for (float[] row : weightsAndBias) {
            if (row.length != inputs + 1) {
                throw new IllegalArgumentException("weight row has " + row.length + " values (expected: " + (inputs + 1) + ")");
            }
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.w = weightsAndBias;
    }

    /** Uniform in ±gain/√inputs for weights and bias (the usual fan-in initialisation). */
    public static FloatSynapses random(int inputs, int outputs, double gain, SplittableRandom random) {
        float[][] w = new float[outputs][inputs + 1];
        double bound = gain / Math.sqrt(inputs);
        for (float[] row : w) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) ((2 * random.nextDouble() - 1) * bound);
            }
        }
        return new FloatSynapses(inputs, outputs, w);
    }

    /** A copy of the weights, bias last in each row. */
    public float[][] weightsAndBias() {
        float[][] c = new float[outputs][];
        for (int j = 0; j < outputs; j++) {
            c[j] = w[j].clone();
        }
        return c;
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public float[][] forward(float[][] x) {
        float[][] out = new float[x.length][outputs];
        for (int s = 0; s < x.length; s++) {
            float[] xs = x[s];
            float[] o = out[s];
            for (int j = 0; j < outputs; j++) {
                float[] wj = w[j];
                float acc = wj[inputs];
                for (int i = 0; i < inputs; i++) {
                    acc += wj[i] * xs[i];
                }
                o[j] = acc;
            }
        }
        return out;
    }

    @Override
    public float[][] backward(float[][] y) {
        float[][] out = new float[y.length][inputs];
        for (int s = 0; s < y.length; s++) {
            float[] ys = y[s];
            float[] o = out[s];
            for (int j = 0; j < outputs; j++) {
                float yj = ys[j];
                if (yj == 0f) {
                    continue;
                }
                float[] wj = w[j];
                for (int i = 0; i < inputs; i++) {
                    o[i] += wj[i] * yj;
                }
            }
        }
        return out;
    }

    @Override
    public void update(ActivityDifference d) {
        float rate = d.rate();
        for (int s = 0; s < d.batch(); s++) {
            float[] ap = d.postPlus()[s];
            float[] am = d.postMinus()[s];
            float[] bp = d.prePlus()[s];
            float[] bm = d.preMinus()[s];
            for (int j = 0; j < outputs; j++) {
                float cp = rate * ap[j];
                float cm = rate * am[j];
                if (cp == 0f && cm == 0f) {
                    continue;
                }
                float[] wj = w[j];
                for (int i = 0; i < inputs; i++) {
                    wj[i] += cp * bp[i] - cm * bm[i];
                }
                wj[inputs] += cp - cm;
            }
        }
    }

    /** W += rate · Σ_samples u vᵀ and b += rate · Σ u (a plain gradient step, for backprop). */
    public void addOuterProducts(float[][] u, float[][] v, float rate) {
        for (int s = 0; s < u.length; s++) {
            float[] us = u[s];
            float[] vs = v[s];
            for (int j = 0; j < outputs; j++) {
                float c = rate * us[j];
                if (c == 0f) {
                    continue;
                }
                float[] wj = w[j];
                for (int i = 0; i < inputs; i++) {
                    wj[i] += c * vs[i];
                }
                wj[inputs] += c;
            }
        }
    }
}
