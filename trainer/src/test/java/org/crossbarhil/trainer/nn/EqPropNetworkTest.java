package org.crossbarhil.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.crossbarhil.trainer.data.Braille;
import org.crossbarhil.trainer.data.DataSet;
import org.crossbarhil.trainer.data.Fold;
import org.junit.jupiter.api.Test;

class EqPropNetworkTest {
    @Test
    void theTwoRankOneTermsEqualTheDifferenceOfTheProducts() {
        SplittableRandom r = new SplittableRandom(1);
        float[][] ap = rand(r, 1, 5);
        float[][] am = rand(r, 1, 5);
        float[][] bp = rand(r, 1, 7);
        float[][] bm = rand(r, 1, 7);
        ActivityDifference d = new ActivityDifference(ap, bp, am, bm, false, 1f);
        float[] da = d.deltaPost(0);
        float[] ma = d.meanPost(0);
        float[] db = d.deltaPre(0);
        float[] mb = d.meanPre(0);
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < 7; i++) {
                double products = ap[0][j] * bp[0][i] - am[0][j] * bm[0][i];
                double terms = da[j] * mb[i] + ma[j] * db[i];
                assertThat(terms).isCloseTo(products, within(1e-6));
            }
        }
    }

    @Test
    void clampedInputsLeaveOneTerm() {
        float[][] x = {{0.5f, 1f}};
        ActivityDifference d = new ActivityDifference(new float[][] {{1f}}, x, new float[][] {{0f}}, x, true, 1f);
        assertThat(d.deltaPre(0)).containsOnly(0f);
        assertThat(d.meanPre(0)).containsExactly(0.5f, 1f);
    }

    @Test
    void floatSynapsesApplyTheActivityDifferenceToWeightsAndBias() {
        FloatSynapses s = new FloatSynapses(2, 1, new float[][] {{0f, 0f, 0f}});
        s.update(new ActivityDifference(new float[][] {{1f}}, new float[][] {{1f, 0.5f}}, new float[][] {{0.5f}},
                new float[][] {{1f, 1f}}, false, 0.1f));
        // ΔW = 0.1 (1·[1, 0.5] − 0.5·[1, 1]) = [0.05, 0], Δb = 0.1 (1 − 0.5)
        assertThat(s.weightsAndBias()[0]).containsExactly(new float[] {0.05f, 0f, 0.05f}, within(1e-7f));
    }

    @Test
    void forwardAndBackwardAreTheMatrixAndItsTranspose() {
        FloatSynapses s = new FloatSynapses(2, 2, new float[][] {{1f, 2f, 0.5f}, {3f, 4f, -1f}});
        assertThat(s.forward(new float[][] {{1f, 1f}})[0]).containsExactly(3.5f, 6f);
        assertThat(s.backward(new float[][] {{1f, 1f}})[0]).containsExactly(4f, 6f);
    }

    @Test
    void theFreePhaseStaysInsideTheHardSigmoidRange() {
        SplittableRandom r = new SplittableRandom(2);
        EqPropNetwork net = new EqPropNetwork(List.of(FloatSynapses.random(6, 8, 5, r), FloatSynapses.random(8, 3, 5, r)),
                new EqPropParams(10, 4, 0.5, Nudging.SYMMETRIC, new double[] {0.1}, 4));
        for (float[][] s : net.free(rand(r, 4, 6)).states()) {
            for (float[] row : s) {
                for (float v : row) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void nudgingPullsTheOutputTowardTheTarget() {
        SplittableRandom r = new SplittableRandom(3);
        EqPropNetwork net = new EqPropNetwork(List.of(FloatSynapses.random(6, 8, 1, r), FloatSynapses.random(8, 3, 1, r)),
                new EqPropParams(20, 10, 0.5, Nudging.SYMMETRIC, new double[] {0.1}, 1));
        float[][] x = rand(r, 1, 6);
        float[][] y = {{1f, 0f, 0f}};
        EqPropNetwork.Phase free = net.free(x);
        EqPropNetwork.Phase plus = net.nudged(free, y, 0.5);
        assertThat(plus.output()[0][0]).isGreaterThanOrEqualTo(free.output()[0][0]);
        assertThat(plus.output()[0][1]).isLessThanOrEqualTo(free.output()[0][1]);
    }

    @Test
    void floatEquilibriumPropagationLearnsBrailleWordsWellAboveChance() {
        DataSet d = Braille.generate(Braille.Options.DEFAULTS.withTrainSize(1000).withTestSize(1000), 1);
        Fold f = d.folds().get(0);
        SplittableRandom r = new SplittableRandom(1);
        EqPropNetwork net = new EqPropNetwork(List.of(FloatSynapses.random(24, 32, 1, r), FloatSynapses.random(32, 10, 1, r)),
                new EqPropParams(12, 6, 0.5, Nudging.SYMMETRIC, new double[] {0.02, 0.01}, 16));
        for (int e = 0; e < 3; e++) {
            Epochs.train(net, f.train(), d.task(), e, Epochs.BatchListener.NONE);
        }
        assertThat(Epochs.evaluate(net, f.test(), d.task()).accuracy()).isGreaterThan(0.9);
    }

    @Test
    void randomSignNudgingAlsoLearns() {
        DataSet d = Braille.generate(Braille.Options.DEFAULTS.withTrainSize(1000).withTestSize(1000), 1);
        Fold f = d.folds().get(0);
        SplittableRandom r = new SplittableRandom(1);
        EqPropNetwork net = new EqPropNetwork(List.of(FloatSynapses.random(24, 32, 1, r), FloatSynapses.random(32, 10, 1, r)),
                new EqPropParams(12, 6, 0.5, Nudging.RANDOM_SIGN, new double[] {0.02, 0.01}, 16));
        for (int e = 0; e < 3; e++) {
            Epochs.train(net, f.train(), d.task(), e, Epochs.BatchListener.NONE);
        }
        assertThat(Epochs.evaluate(net, f.test(), d.task()).accuracy()).isGreaterThan(0.85);
    }

    @Test
    void layersThatDoNotChainAreRefused() {
        SplittableRandom r = new SplittableRandom(1);
        assertThatThrownBy(() -> new EqPropNetwork(List.of(FloatSynapses.random(4, 5, 1, r), FloatSynapses.random(6, 2, 1, r)),
                new EqPropParams(1, 1, 0.5, Nudging.SYMMETRIC, new double[] {0.1}, 1)))
                .hasMessageContaining("layer 2 has 6 inputs but layer 1 has 5 outputs");
    }

    @Test
    void badParametersAreRefusedWithTheirRange() {
        assertThatThrownBy(() -> new EqPropParams(0, 1, 0.5, Nudging.SYMMETRIC, new double[] {0.1}, 1))
                .hasMessageContaining("free iterations 0");
        assertThatThrownBy(() -> new EqPropParams(1, 1, 0, Nudging.SYMMETRIC, new double[] {0.1}, 1))
                .hasMessageContaining("beta: 0.0 (expected: in (0, 1))");
        assertThatThrownBy(() -> new EqPropParams(1, 1, 0.5, Nudging.SYMMETRIC, new double[] {-1}, 1))
                .hasMessageContaining("learning rate: -1.0");
    }

    static float[][] rand(SplittableRandom r, int n, int m) {
        float[][] a = new float[n][m];
        for (float[] row : a) {
            for (int i = 0; i < m; i++) {
                row[i] = (float) r.nextDouble();
            }
        }
        return a;
    }
}
