package org.crossbarhil.trainer;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.trainer.data.Fold;
import org.crossbarhil.trainer.nn.Backprop;
import org.crossbarhil.trainer.nn.Epochs;
import org.crossbarhil.trainer.nn.EqPropNetwork;
import org.crossbarhil.trainer.nn.FloatSynapses;
import org.crossbarhil.trainer.nn.Model;

/**
 * Trains the float reference: alongside a board run (its result recorded once, for the summary's
 * comparison) or as the primary run when there is no board (then every epoch is recorded with a
 * float checkpoint, and a resumed session continues from it).
 */
final class FloatRun {
    private final RunSession session;
    private final ReferenceKind kind;
    private final boolean primary;

    FloatRun(RunSession session, ReferenceKind kind, boolean primary) {
        this.session = session;
        this.kind = kind;
        this.primary = primary;
    }

    void train() {
        TrainingPlan plan = session.config.plan();
        session.listener.stage("float " + kind.label() + " reference");
        long tStart = System.nanoTime();
        List<Double> accs = new ArrayList<>();
        int fold0 = primary ? session.startFold : 0;
        for (int f = fold0; f < session.folds; f++) {
            Fold fold = session.data.folds().get(f);
            List<FloatSynapses> layers = session.initialLayers(f);
            int e0 = primary && f == session.startFold ? session.startEpoch : 0;
            if (primary && e0 > 0) {
                layers = restoreCheckpoint(f, e0);
            }
            Model model = kind == ReferenceKind.EQPROP ? new EqPropNetwork(layers, plan.eqprop())
                    : new Backprop(layers, plan.eqprop().learningRates(), plan.eqprop().batchSize());
            Epochs.Score test = null;
            for (int e = e0; e < plan.schedule().epochs(); e++) {
                if (model instanceof EqPropNetwork eq) {
                    eq.setLearningRateScale(plan.schedule().learningRateScale(e));
                }
                long te = System.nanoTime();
                int fi = f;
                int ei = e;
                Epochs.Score train = Epochs.train(model, fold.train(), session.data.task(), session.epochSeed(f, e),
                        primary ? (doneS, total) -> session.batchProgress(fi, ei, doneS, total, 0) : Epochs.BatchListener.NONE);
                double trainWall = (System.nanoTime() - te) / 1e9;
                test = Epochs.evaluate(model, fold.test(), session.data.task());
                if (!primary) {
                    session.listener.referenceEpoch(f + 1, e + 1, train.accuracy(), test.accuracy());
                }
                if (primary) {
                    session.store.saveWeights(session.id, "checkpoint", layers.stream().map(FloatSynapses::weightsAndBias).toList());
                    session.recordEpoch(f, e, train, test, RunSession.BoardWork.NONE, (System.nanoTime() - te) / 1e9,
                            EpochDetail.floating(trainWall, fold.train().size(), fold.test().size()));
                }
                session.checkCancel();
            }
            accs.add(test == null ? Double.NaN : test.accuracy());
            if (primary) {
                session.store.saveWeights(session.id, "final-fold-" + (f + 1), layers.stream().map(FloatSynapses::weightsAndBias).toList());
            }
        }
        if (!primary) {
            ReferenceResult result = new ReferenceResult(kind, accs, accs.stream().mapToDouble(Double::doubleValue).average()
                    .orElse(Double.NaN), (System.nanoTime() - tStart) / 1e9);
            session.store.putValue(session.id, "reference", RunJson.write(result));
        }
    }

    private List<FloatSynapses> restoreCheckpoint(int fold, int epoch) {
        int[] sizes = session.sizes;
        List<float[][]> w = session.store.weights(session.id, "checkpoint");
        if (w.size() != sizes.length - 1) {
            throw new IllegalStateException("run " + session.id + " has no float checkpoint to resume fold " + (fold + 1) + " epoch "
                    + (epoch + 1));
        }
        List<FloatSynapses> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            layers.add(new FloatSynapses(sizes[l - 1], sizes[l], w.get(l - 1)));
        }
        session.note("resumed from the float checkpoint of epoch " + epoch);
        return layers;
    }
}
