package org.crossbarhil.trainer.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Equilibrium propagation on a layered network, the same code for float weights and for board
 * tiles (only {@link Synapses} differ). States s_1..s_L live in [0, 1]; ρ is the hard sigmoid
 * (clip to [0, 1]). One sweep updates the layers in order:
 *
 * <pre>
 * s_l ← ρ( W_l s_{l-1} + b_l + W_{l+1}ᵀ s_{l+1} )          (no feedback term for the output layer)
 * s_L ← ρ( W_L s_{L-1} + b_L + β (y − s_L) )               (nudged phases only)
 * </pre>
 *
 * The nudged output equation is solved for s_L in each sweep, s_L = ρ((h + βy)/(1 + β)), which is
 * its exact fixed point; β must stay below 1 so that the −β phase has one.
 *
 * The input drive W_1 x + b_1 does not change while x is clamped, so it is computed once per batch
 * and shared by the free and both nudged phases: on a board that saves the largest VMMs, and the
 * phases share its read noise, which then cancels in the activity difference.
 */
public final class EqPropNetwork implements Model {
    private final List<? extends Synapses> layers;
    private final EqPropParams params;
    private double rateScale = 1;
    /** Where phases settle: null = here, by the sweeps below. */
    private Settling settling;

    public EqPropNetwork(List<? extends Synapses> layers, EqPropParams params) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).outputs()) {
                throw new IllegalArgumentException("layer " + (l + 1) + " has " + layers.get(l).inputs() + " inputs but layer " + l
                        + " has " + layers.get(l - 1).outputs() + " outputs");
            }
        }
        this.layers = List.copyOf(layers);
        this.params = params;
    }

    /** Multiplies every learning rate from now on (a schedule: the trainer decays it epoch by epoch). */
    public void setLearningRateScale(double scale) {
        if (!(scale > 0) || scale > 1) {
            throw new IllegalArgumentException("learning-rate scale: " + scale + " (expected: in (0, 1])");
        }
        rateScale = scale;
    }

    /** Settles phases with {@code s} from now on (a board's own loop); null = by the sweeps here. */
    public void settleWith(Settling s) {
        settling = s;
    }

    @Override
    public int batchSize() {
        return params.batchSize();
    }

    public List<? extends Synapses> layers() {
        return layers;
    }

    /** The clamped input, its drive W_1 x + b_1 (null when settled elsewhere), and the states s_1..s_L of one phase (batch x units each). */
    public record Phase(float[][] input, float[][] inputDrive, List<float[][]> states) {
        public float[][] output() {
            return states.get(states.size() - 1);
        }
    }

    public Phase free(float[][] x) {
        if (settling != null) {
            return phases(x, null, 0)[0];
        }
        float[][] drive = layers.get(0).forward(x);
        List<float[][]> states = new ArrayList<>();
        for (Synapses s : layers) {
            states.add(new float[x.length][s.outputs()]);
        }
        Phase p = new Phase(x, drive, states);
        settle(p, null, 0, params.freeIterations());
        return p;
    }

    /** A nudged phase starting from (a copy of) the free state. */
    public Phase nudged(Phase free, float[][] targets, double beta) {
        List<float[][]> states = new ArrayList<>();
        for (float[][] s : free.states()) {
            states.add(copy(s));
        }
        Phase p = new Phase(free.input(), free.inputDrive(), states);
        settle(p, targets, beta, params.nudgeIterations());
        return p;
    }

    /**
     * The free phase (β = 0) or phase 0 of {@code betas}, and every other phase from its states:
     * on the configured {@link Settling}, or here.
     */
    private Phase[] phases(float[][] x, float[][] targets, double... betas) {
        Phase[] out = new Phase[betas.length];
        if (settling != null) {
            int[] iterations = new int[betas.length];
            for (int p = 0; p < betas.length; p++) {
                iterations[p] = p == 0 ? params.freeIterations() : params.nudgeIterations();
            }
            List<List<float[][]>> states = settling.settle(x, targets, betas, iterations, params.averageLast());
            for (int p = 0; p < betas.length; p++) {
                out[p] = new Phase(x, null, states.get(p));
            }
            return out;
        }
        out[0] = free(x);
        for (int p = 1; p < betas.length; p++) {
            out[p] = nudged(out[0], targets, betas[p]);
        }
        return out;
    }

    private void settle(Phase p, float[][] targets, double beta, int iterations) {
        int last = layers.size() - 1;
        List<float[][]> s = p.states();
        int avg = params.averageLast();
        List<float[][]> sums = new ArrayList<>();
        for (int t = 0; t < iterations; t++) {
            for (int l = 0; l <= last; l++) {
                float[][] h = l == 0 ? copy(p.inputDrive()) : layers.get(l).forward(s.get(l - 1));
                if (l < last) {
                    add(h, layers.get(l + 1).backward(s.get(l + 1)));
                } else if (beta != 0) {
                    // the output's own fixed point under nudging, solved exactly instead of iterated:
                    // s = ρ(h + β(y − s))  ⇔  s = ρ((h + βy) / (1 + β)). Iterating it converges only by a
                    // factor β per sweep (and not at all for β ≥ 1: at β = 1 it flips between two values).
                    float b = (float) beta;
                    float inv = 1f / (1f + b);
                    for (int n = 0; n < h.length; n++) {
                        for (int j = 0; j < h[n].length; j++) {
                            h[n][j] = (h[n][j] + b * targets[n][j]) * inv;
                        }
                    }
                }
                clip(h);
                s.set(l, h);
            }
            if (avg > 1 && t >= iterations - avg) {
                for (int l = 0; l <= last; l++) {
                    if (sums.size() <= l) {
                        sums.add(copy(s.get(l)));
                    } else {
                        add(sums.get(l), s.get(l));
                    }
                }
            }
        }
        if (avg > 1) {
            for (int l = 0; l <= last; l++) {
                float[][] m = sums.get(l);
                for (float[] row : m) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] /= avg;
                    }
                }
                s.set(l, m);
            }
        }
    }

    /** Free phase, nudged phase(s), and the activity-difference update of every layer. */
    @Override
    public float[][] trainBatch(float[][] x, float[][] y, SplittableRandom random) {
        Phase free;
        Phase plus;
        Phase minus;
        double divisor;
        if (params.nudging() == Nudging.SYMMETRIC) {
            Phase[] p = phases(x, y, 0, params.beta(), -params.beta());
            free = p[0];
            plus = p[1];
            minus = p[2];
            divisor = 2 * params.beta();
        } else {
            // drawn before settling, which draws nothing from this generator: the same sign as when it was drawn after
            double signed = random.nextBoolean() ? params.beta() : -params.beta();
            Phase[] p = phases(x, y, 0, signed);
            free = p[0];
            plus = p[1];
            minus = free;
            divisor = signed;
        }
        for (int l = 0; l < layers.size(); l++) {
            float[][] prePlus = l == 0 ? x : plus.states().get(l - 1);
            float[][] preMinus = l == 0 ? x : minus.states().get(l - 1);
            float rate = (float) (rateScale * params.learningRate(l) / divisor);
            layers.get(l).update(new ActivityDifference(plus.states().get(l), prePlus, minus.states().get(l), preMinus, l == 0, rate));
        }
        return free.output();
    }

    /** Free-phase outputs for inputs, in batches of the configured size. */
    @Override
    public float[][] predict(float[][] x) {
        float[][] out = new float[x.length][];
        int b = params.batchSize();
        for (int from = 0; from < x.length; from += b) {
            int to = Math.min(x.length, from + b);
            float[][] chunk = java.util.Arrays.copyOfRange(x, from, to);
            float[][] o = free(chunk).output();
            System.arraycopy(o, 0, out, from, o.length);
        }
        return out;
    }

    static void add(float[][] a, float[][] b) {
        for (int n = 0; n < a.length; n++) {
            for (int j = 0; j < a[n].length; j++) {
                a[n][j] += b[n][j];
            }
        }
    }

    static void clip(float[][] a) {
        for (float[] row : a) {
            for (int j = 0; j < row.length; j++) {
                float v = row[j];
                row[j] = v < 0f ? 0f : (v > 1f ? 1f : v);
            }
        }
    }

    static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
