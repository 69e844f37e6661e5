package org.crossbarhil.trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.Ledger;
import org.crossbarhil.trainer.board.BoardCounters;
import org.crossbarhil.trainer.board.BoardNetwork;
import org.crossbarhil.trainer.board.NetworkState;
import org.crossbarhil.trainer.board.PairProgrammer;
import org.crossbarhil.trainer.board.Placement;
import org.crossbarhil.trainer.board.TileSnapshot;
import org.crossbarhil.trainer.data.Braille;
import org.crossbarhil.trainer.data.DataSet;
import org.crossbarhil.trainer.data.Fold;
import org.crossbarhil.trainer.data.Iris;
import org.crossbarhil.trainer.data.Mnist;
import org.crossbarhil.trainer.nn.Backprop;
import org.crossbarhil.trainer.nn.Epochs;
import org.crossbarhil.trainer.nn.EqPropNetwork;
import org.crossbarhil.trainer.nn.FloatSynapses;
import org.crossbarhil.trainer.nn.Model;
import org.crossbarhil.trainer.runs.EpochRecord;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunStore;

/**
 * The library entry point: trains a network on a board (or only a float reference) as a
 * {@link TrainingConfig} says, records everything in the run database, and returns the summary.
 *
 * <pre>
 * TrainingSummary s = Trainer.run(TrainingConfig.builder().board("sim:?profile=taox-2x64").build(), listener, new Cancellation());
 * </pre>
 *
 * A run interrupted by {@link Cancellation} or a failure stays in the database with its completed
 * epochs; {@link #resume} continues it from the last completed epoch.
 */
public final class Trainer {
    private Trainer() {
    }

    public static TrainingSummary run(TrainingConfig config, ProgressListener listener) {
        return run(config, listener, new Cancellation());
    }

    public static TrainingSummary run(TrainingConfig config, ProgressListener listener, Cancellation cancel) {
        DataSet data = loadData(config);
        int[] sizes = config.sizes(data.inputSize(), data.outputSize());
        CrossbarBoard board = null;
        if (config.hasBoard()) {
            // a network that does not fit is refused before anything is recorded or programmed
            board = config.openBoard();
            try {
                Placement.plan(sizes, board.info().geometry());
            } catch (RuntimeException e) {
                board.close();
                throw e;
            }
        }
        RunStore store;
        try {
            store = RunStore.open(config.runDb());
        } catch (RuntimeException e) {
            if (board != null) {
                board.close();
            }
            throw e;
        }
        try {
            String update = config.hasBoard() ? config.update().label() : "float-" + config.reference().label();
            long id = store.createRun(RunJson.write(config.toMap()), config.dataset().label(), config.board(), network(sizes), update,
                    config.seed(), config.epochs(), data.folds().size());
            store.addEvent(id, "started");
            return new RunSession(config, data, store, id, listener, cancel, 0, 0, board).execute(true);
        } finally {
            store.close();
        }
    }

    /**
     * Continues a run that did not complete, from its last completed epoch. On a board the chip
     * cannot be rolled back: when the board still holds the run's last checkpoint (within the
     * write-verify tolerance) training continues from the board's measured state; when it does not
     * (a restarted simulator, a replaced chip), the recorded conductances are programmed back by
     * write-verify. Either way the measured state is recorded and the summary says which.
     *
     * @param opener how the recorded board URI is opened (null: {@link org.crossbarhil.driver.Boards#open(String)})
     */
    public static TrainingSummary resume(long runId, Path runDb, Function<String, CrossbarBoard> opener, ProgressListener listener,
            Cancellation cancel) {
        RunStore store = RunStore.open(runDb);
        try {
            RunInfo info = store.run(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId + " in " + runDb
                    + " (crossbar runs --run-db " + runDb + " lists them)"));
            if (info.finished()) {
                throw new IllegalArgumentException("run " + runId + " already completed; nothing to resume");
            }
            TrainingConfig.Builder b = TrainingConfig.fromMap(RunJson.readMap(info.configJson())).runDb(runDb);
            if (opener != null) {
                b.boardOpener(opener);
            }
            TrainingConfig config = b.build();
            DataSet data = loadData(config);
            List<EpochRecord> done = store.epochs(runId);
            int startFold = 0;
            int startEpoch = 0;
            if (!done.isEmpty()) {
                EpochRecord last = done.get(done.size() - 1);
                startFold = last.fold() - 1;
                startEpoch = last.epoch();
                if (startEpoch >= config.epochs()) {
                    startFold++;
                    startEpoch = 0;
                }
            }
            store.setStatus(runId, RunInfo.RUNNING);
            store.addEvent(runId, "resumed at fold " + (startFold + 1) + ", epoch " + (startEpoch + 1));
            return new RunSession(config, data, store, runId, listener, cancel, startFold, startEpoch, null).execute(false);
        } finally {
            store.close();
        }
    }

    /** The data set a configuration names; a missing or corrupt file is a DataSetException naming it. */
    public static DataSet loadData(TrainingConfig c) {
        return switch (c.dataset()) {
            case BRAILLE -> Braille.generate(c.braille(), c.seed());
            case IRIS -> Iris.folds(c.irisFolds(), c.seed());
            case MNIST -> Mnist.load(c.data(), c.mnist());
        };
    }

    static String network(int[] sizes) {
        return org.crossbarhil.trainer.board.Placement.describe(sizes);
    }

    /** Float initial weights of a fold (row j: W_j· then b_j), shared by the board run and the references. */
    static List<FloatSynapses> initialLayers(int[] sizes, long seed, int fold) {
        SplittableRandom r = new SplittableRandom(Seeds.of(seed, Seeds.INIT, fold));
        List<FloatSynapses> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            layers.add(FloatSynapses.random(sizes[l - 1], sizes[l], 1.0, r));
        }
        return layers;
    }

    static double[] initBounds(int[] sizes) {
        double[] b = new double[sizes.length - 1];
        for (int l = 1; l < sizes.length; l++) {
            b[l - 1] = 1.0 / Math.sqrt(sizes[l - 1]);
        }
        return b;
    }

    /** One session of a run: a fresh start or a resume. */
    private static final class RunSession {
        private final TrainingConfig config;
        private final DataSet data;
        private final RunStore store;
        private final long id;
        private final ProgressListener listener;
        private final Cancellation cancel;
        private final int startFold;
        private final int startEpoch;
        private final int[] sizes;
        private final int folds;
        private final int epochsTotal;
        private final int unitsBefore;
        private final long t0 = System.nanoTime();
        private final List<String> notes = new ArrayList<>();
        private CrossbarBoard opened;

        RunSession(TrainingConfig config, DataSet data, RunStore store, long id, ProgressListener listener, Cancellation cancel,
                int startFold, int startEpoch, CrossbarBoard opened) {
            this.opened = opened;
            this.config = config;
            this.data = data;
            this.store = store;
            this.id = id;
            this.listener = listener;
            this.cancel = cancel;
            this.startFold = startFold;
            this.startEpoch = startEpoch;
            this.sizes = config.sizes(data.inputSize(), data.outputSize());
            this.folds = data.folds().size();
            this.epochsTotal = folds * config.epochs();
            this.unitsBefore = startFold * config.epochs() + startEpoch;
        }

        TrainingSummary execute(boolean fresh) {
            try {
                if (config.reference() != ReferenceKind.NONE && store.value(id, "reference").isEmpty()) {
                    trainFloat(config.reference(), !config.hasBoard(), fresh);
                }
                if (config.hasBoard()) {
                    trainOnBoard(fresh);
                }
                TrainingSummary s = summarise();
                store.saveSummary(id, RunJson.write(s.toMap()));
                store.setStatus(id, RunInfo.COMPLETED);
                store.addEvent(id, "completed");
                return s;
            } catch (Stop stop) {
                store.setStatus(id, RunInfo.INTERRUPTED);
                store.addEvent(id, "interrupted: " + stop.getMessage());
                throw new TrainingInterruptedException(id, "run " + id + " interrupted (" + stop.getMessage() + "); its completed epochs "
                        + "are recorded: resume with --resume " + id, null);
            } catch (RuntimeException e) {
                store.setStatus(id, RunInfo.FAILED);
                store.addEvent(id, "failed: " + e);
                throw new TrainingInterruptedException(id, "run " + id + " failed: " + e.getMessage() + " (completed epochs are recorded: "
                        + "resume with --resume " + id + ")", e);
            } finally {
                if (opened != null) {
                    opened.close();
                }
            }
        }

        // ---------------------------------------------------------------- float (reference or float-only)

        private void trainFloat(ReferenceKind kind, boolean primary, boolean fresh) {
            listener.stage("float " + kind.label() + " reference");
            long tStart = System.nanoTime();
            List<Double> accs = new ArrayList<>();
            int fold0 = primary ? startFold : 0;
            for (int f = fold0; f < folds; f++) {
                Fold fold = data.folds().get(f);
                List<FloatSynapses> layers = initialLayers(sizes, config.seed(), f);
                int e0 = primary && f == startFold ? startEpoch : 0;
                if (primary && e0 > 0) {
                    layers = restoreFloat(f, e0);
                }
                Model model = kind == ReferenceKind.EQPROP ? new EqPropNetwork(layers, config.eqprop())
                        : new Backprop(layers, config.eqprop().learningRates(), config.eqprop().batchSize());
                Epochs.Score test = null;
                for (int e = e0; e < config.epochs(); e++) {
                    if (model instanceof EqPropNetwork eq) {
                        eq.setLearningRateScale(Math.pow(config.learningRateDecay(), e));
                    }
                    long te = System.nanoTime();
                    int fi = f;
                    int ei = e;
                    Epochs.Score train = Epochs.train(model, fold.train(), data.task(), Seeds.of(config.seed(), Seeds.EPOCH, f, e),
                            primary ? (doneS, total) -> batchProgress(fi, ei, doneS, total, 0) : Epochs.BatchListener.NONE);
                    double trainWall = (System.nanoTime() - te) / 1e9;
                    test = Epochs.evaluate(model, fold.test(), data.task());
                    if (primary) {
                        List<float[][]> w = layers.stream().map(FloatSynapses::weightsAndBias).toList();
                        store.saveWeights(id, "checkpoint", w);
                        Map<String, Object> extra = new LinkedHashMap<>();
                        extra.put("train_wall_seconds", trainWall);
                        extra.put("samples", fold.train().size());
                        extra.put("test_samples", fold.test().size());
                        recordEpoch(f, e, train, test, 0, 0, 0, 0, 0, (System.nanoTime() - te) / 1e9, extra);
                    }
                    checkCancel();
                }
                accs.add(test == null ? Double.NaN : test.accuracy());
                if (primary) {
                    store.saveWeights(id, "final-fold-" + (f + 1), layers.stream().map(FloatSynapses::weightsAndBias).toList());
                }
            }
            if (!primary) {
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("kind", kind.label());
                ref.put("fold_test_accuracies", accs);
                ref.put("test_accuracy", accs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
                ref.put("wall_seconds", (System.nanoTime() - tStart) / 1e9);
                store.putValue(id, "reference", RunJson.write(ref));
            }
        }

        private List<FloatSynapses> restoreFloat(int fold, int epoch) {
            List<float[][]> w = store.weights(id, "checkpoint");
            if (w.size() != sizes.length - 1) {
                throw new IllegalStateException("run " + id + " has no float checkpoint to resume fold " + (fold + 1) + " epoch " + (epoch + 1));
            }
            List<FloatSynapses> layers = new ArrayList<>();
            for (int l = 1; l < sizes.length; l++) {
                layers.add(new FloatSynapses(sizes[l - 1], sizes[l], w.get(l - 1)));
            }
            notes.add("resumed from the float checkpoint of epoch " + epoch);
            return layers;
        }

        // ---------------------------------------------------------------- board

        private void trainOnBoard(boolean fresh) {
            listener.stage("opening board " + config.board());
            CrossbarBoard first = opened != null ? opened : config.openBoard();
            opened = null;
            try (CrossbarBoard board = first) {
                BoardCounters counters = new BoardCounters();
                BoardNetwork net;
                if (fresh) {
                    long ts = System.nanoTime();
                    Ledger l0 = board.ledger();
                    listener.stage("calibrating devices, probing device health, programming initial weights");
                    List<float[][]> init = initialLayers(sizes, config.seed(), 0).stream().map(FloatSynapses::weightsAndBias).toList();
                    net = BoardNetwork.create(board, sizes, config.boardSettings(), init, initBounds(sizes), counters);
                    store.saveState(id, RunJson.writeState(net.state(), sizes, net.placement().allBlocks()));
                    store.setUpdateRule(id, net.state().update().label());
                    store.saveConductances(id, "initial", 1, 0, net.snapshot());
                    Ledger l1 = board.ledger();
                    Map<String, Object> setup = new LinkedHashMap<>();
                    setup.put("energy_joules", l1.totalEnergyJoules() - l0.totalEnergyJoules());
                    setup.put("hardware_seconds", l1.busySeconds() - l0.busySeconds());
                    setup.put("write_verify_pulses", counters.writeVerifyPulses.get());
                    setup.put("probe_pulses", counters.probePulses.get());
                    setup.put("wall_seconds", (System.nanoTime() - ts) / 1e9);
                    setup.put("faulty_devices", net.state().faulty().values().stream().mapToInt(java.util.BitSet::cardinality).sum());
                    setup.put("devices_probed", net.state().devicesProbed());
                    store.putValue(id, "setup", RunJson.write(setup));
                    if (!net.state().updateNote().isEmpty()) {
                        store.addEvent(id, "update rule: " + net.state().update().label() + " (" + net.state().updateNote() + ")");
                    }
                } else {
                    String stateJson = store.run(id).orElseThrow().stateJson();
                    if (stateJson == null) {
                        throw new IllegalStateException("run " + id + " stopped before its board was set up; start a new run instead");
                    }
                    NetworkState state = RunJson.readState(stateJson);
                    net = BoardNetwork.attach(board, sizes, config.boardSettings(), state, counters);
                    if (startEpoch > 0) {
                        reconcile(net);
                    }
                }
                for (int f = startFold; f < folds; f++) {
                    int e0 = f == startFold ? startEpoch : 0;
                    if (e0 == 0 && !(fresh && f == 0)) {
                        listener.stage("programming the initial weights of fold " + (f + 1));
                        List<float[][]> init = initialLayers(sizes, config.seed(), f).stream().map(FloatSynapses::weightsAndBias).toList();
                        long before = counters.writeVerifyPulses.get();
                        reprogram(net, init);
                        store.addEvent(id, "fold " + (f + 1) + ": initial weights programmed (" + (counters.writeVerifyPulses.get() - before)
                                + " write-verify pulses)");
                    }
                    EqPropNetwork model = new EqPropNetwork(net.layers(), config.eqprop());
                    for (int e = e0; e < config.epochs(); e++) {
                        boardEpoch(board, net, model, counters, f, e);
                    }
                }
                store.saveConductances(id, "final", folds, config.epochs(), net.snapshot());
            }
        }

        private static void reprogram(BoardNetwork net, List<float[][]> weights) {
            PairProgrammer p = new PairProgrammer(net.state().window(),
                    org.crossbarhil.trainer.board.HealthMap.of(net.state().faulty(), net.state().tileCols(), net.state().devicesProbed()),
                    net.io().board().info().capabilities().updateMask());
            for (int l = 0; l < net.layers().size(); l++) {
                p.program(net.layers().get(l), weights.get(l));
            }
        }

        /** Resume on a board: continue from its measured state, or put the recorded checkpoint back if the board lost it. */
        private void reconcile(BoardNetwork net) {
            List<TileSnapshot> checkpoint = store.conductances(id, "checkpoint");
            List<TileSnapshot> measured = net.snapshot();
            store.saveConductances(id, "resume-measured", startFold + 1, startEpoch, measured);
            double worst = 0;
            int worstTile = -1;
            for (TileSnapshot c : checkpoint) {
                TileSnapshot m = measured.stream().filter(t -> t.tile() == c.tile()).findFirst().orElseThrow(() ->
                        new IllegalStateException("the board has no tile " + c.tile() + " of the recorded checkpoint"));
                float[] dev = new float[c.siemens().length];
                for (int i = 0; i < dev.length; i++) {
                    dev[i] = Math.abs(m.siemens()[i] - c.siemens()[i]);
                }
                java.util.Arrays.sort(dev);
                double median = dev[dev.length / 2];
                if (median > worst) {
                    worst = median;
                    worstTile = c.tile();
                }
            }
            String msg;
            if (worst <= 2 * net.tolerance()) {
                msg = String.format("resumed from the board's measured physical state after epoch %d (median deviation from the recorded "
                        + "checkpoint %.3g S, within tolerance; any updates made after that checkpoint stay on the chip, which cannot be "
                        + "rolled back)", startEpoch, worst);
            } else {
                long before = net.io().counters().writeVerifyPulses.get();
                for (TileSnapshot c : checkpoint) {
                    PairProgrammer.restore(net.io(), c, net.tolerance());
                }
                msg = String.format("the board does not hold the run's checkpoint of epoch %d (median deviation %.3g S on tile %d, e.g. a "
                        + "restarted simulator): reprogrammed the recorded conductances by write-verify (%d pulses) and resumed from them",
                        startEpoch, worst, worstTile, net.io().counters().writeVerifyPulses.get() - before);
            }
            notes.add(msg);
            store.addEvent(id, msg);
            listener.stage(msg);
        }

        private void boardEpoch(CrossbarBoard board, BoardNetwork net, EqPropNetwork model, BoardCounters counters, int f, int e) {
            Fold fold = data.folds().get(f);
            model.setLearningRateScale(Math.pow(config.learningRateDecay(), e));
            long te = System.nanoTime();
            Ledger l0 = board.ledger();
            long pulses0 = counters.updatePulses.get();
            long wv0 = counters.writeVerifyPulses.get();
            long retries0 = counters.adcRetries.get();
            long capped0 = counters.cappedProbabilities.get();
            long clipped0 = counters.clippedOutputs.get();
            int[] batches = {0};
            int[] refreshedMid = {0};
            Epochs.Score train = Epochs.train(model, fold.train(), data.task(), Seeds.of(config.seed(), Seeds.EPOCH, f, e), (doneS, total) -> {
                batches[0]++;
                if (config.refresh() && config.refreshEveryBatches() > 0 && batches[0] % config.refreshEveryBatches() == 0
                        && doneS < total) {
                    refreshedMid[0] += net.refresh().pairsRefreshed();
                }
                batchProgress(f, e, doneS, total, counters.updatePulses.get());
            });
            double trainWall = (System.nanoTime() - te) / 1e9;
            Ledger l1 = board.ledger();
            net.layers().forEach(l -> l.readsAveraged(config.evaluationReadsAveraged()));
            Epochs.Score test = Epochs.evaluate(model, fold.test(), data.task());
            net.layers().forEach(l -> l.readsAveraged(config.boardSettings().readsAveraged()));
            Ledger l2 = board.ledger();
            Map<String, Object> extra = new LinkedHashMap<>();
            int refreshed = refreshedMid[0];
            if (config.refresh()) {
                boolean figureWanted = store.conductances(id, "refresh-before").isEmpty();
                List<TileSnapshot> before = figureWanted ? net.snapshot() : null;
                PairProgrammer.RefreshResult r = net.refresh();
                refreshed += r.pairsRefreshed();
                extra.put("refresh_pairs_checked", r.pairsChecked());
                extra.put("refresh_pairs_refreshed", r.pairsRefreshed());
                extra.put("refresh_pairs_neutralised", r.pairsNeutralised());
                extra.put("refresh_write_verify_pulses", r.writeVerifyPulses());
                if (figureWanted && r.pairsRefreshed() > 0) {
                    store.saveConductances(id, "refresh-before", f + 1, e + 1, before);
                    store.saveConductances(id, "refresh-after", f + 1, e + 1, net.snapshot());
                }
            }
            List<TileSnapshot> snap = net.snapshot();
            store.saveConductances(id, "checkpoint", f + 1, e + 1, snap);
            Ledger l3 = board.ledger();
            extra.put("train_wall_seconds", trainWall);
            extra.put("samples", fold.train().size());
            extra.put("test_samples", fold.test().size());
            extra.put("train_energy_joules", l1.totalEnergyJoules() - l0.totalEnergyJoules());
            extra.put("train_hardware_seconds", l1.busySeconds() - l0.busySeconds());
            extra.put("eval_energy_joules", l2.totalEnergyJoules() - l1.totalEnergyJoules());
            extra.put("eval_hardware_seconds", l2.busySeconds() - l1.busySeconds());
            extra.put("adc_retries", counters.adcRetries.get() - retries0);
            extra.put("clipped_outputs", counters.clippedOutputs.get() - clipped0);
            extra.put("capped_probabilities", counters.cappedProbabilities.get() - capped0);
            recordEpoch(f, e, train, test, counters.updatePulses.get() - pulses0, counters.writeVerifyPulses.get() - wv0, refreshed,
                    l3.totalEnergyJoules() - l0.totalEnergyJoules(), l3.busySeconds() - l0.busySeconds(), (System.nanoTime() - te) / 1e9,
                    extra);
            checkCancel();
        }

        // ---------------------------------------------------------------- bookkeeping

        private void recordEpoch(int f, int e, Epochs.Score train, Epochs.Score test, long pulses, long wv, int refreshed, double energy,
                double hw, double wall, Map<String, Object> extra) {
            store.recordEpoch(id, new EpochRecord(f + 1, e + 1, train.loss(), train.accuracy(), test.loss(), test.accuracy(), pulses, wv,
                    refreshed, energy, hw, wall, RunJson.write(extra)));
            int index = f * config.epochs() + e;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double eta = elapsed / (index + 1 - unitsBefore) * (epochsTotal - index - 1);
            listener.epoch(new ProgressListener.EpochReport(f + 1, folds, e + 1, config.epochs(), index, epochsTotal, train.loss(),
                    train.accuracy(), test.loss(), test.accuracy(), pulses, wv, refreshed, wall, eta));
        }

        private void batchProgress(int f, int e, int done, int total, long pulses) {
            listener.batch(new ProgressListener.EpochProgress(f + 1, folds, e + 1, config.epochs(), done, total, f * config.epochs() + e,
                    epochsTotal, pulses, (System.nanoTime() - t0) / 1e9));
            checkCancel();
        }

        private void checkCancel() {
            if (cancel.cancelled()) {
                throw new Stop(cancel.reason());
            }
        }

        private TrainingSummary summarise() {
            List<EpochRecord> epochs = store.epochs(id);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("run_id", id);
            s.put("dataset", data.name());
            s.put("board", config.board());
            s.put("epochs", config.epochs());
            double trainAcc = 0;
            double testAcc = 0;
            List<Double> foldTest = new ArrayList<>();
            for (int f = 1; f <= folds; f++) {
                int ff = f;
                EpochRecord last = epochs.stream().filter(r -> r.fold() == ff).reduce((a, b) -> b).orElseThrow();
                trainAcc += last.trainAccuracy() / folds;
                testAcc += last.testAccuracy() / folds;
                foldTest.add(last.testAccuracy());
            }
            s.put("train_accuracy", trainAcc);
            s.put("test_accuracy", testAcc);
            if (folds > 1) {
                s.put("fold_test_accuracies", foldTest);
                s.put("folds", folds);
            }
            s.put("seed", config.seed());
            s.put("network", network(sizes));
            Map<String, Object> setup = store.value(id, "setup").map(RunJson::readMap).orElse(Map.of());
            String update;
            if (config.hasBoard()) {
                NetworkState st = RunJson.readState(store.run(id).orElseThrow().stateJson());
                update = st.update().label();
                if (!st.updateNote().isEmpty()) {
                    s.put("update_note", st.updateNote());
                }
            } else {
                update = "float-" + config.reference().label();
            }
            s.put("update", update);
            long pulses = epochs.stream().mapToLong(EpochRecord::updatePulses).sum();
            long wv = epochs.stream().mapToLong(EpochRecord::writeVerifyPulses).sum() + num(setup, "write_verify_pulses").longValue();
            double energy = epochs.stream().mapToDouble(EpochRecord::energyJoules).sum() + num(setup, "energy_joules").doubleValue();
            double hw = epochs.stream().mapToDouble(EpochRecord::hardwareSeconds).sum() + num(setup, "hardware_seconds").doubleValue();
            double wall = epochs.stream().mapToDouble(EpochRecord::wallSeconds).sum() + num(setup, "wall_seconds").doubleValue();
            double trainWall = 0;
            long samples = 0;
            long testSamples = 0;
            double trainEnergy = 0;
            double trainHw = 0;
            double evalEnergy = 0;
            for (EpochRecord r : epochs) {
                Map<String, Object> x = RunJson.readMap(r.extraJson());
                trainWall += num(x, "train_wall_seconds").doubleValue();
                samples += num(x, "samples").longValue();
                testSamples += num(x, "test_samples").longValue();
                trainEnergy += num(x, "train_energy_joules").doubleValue();
                trainHw += num(x, "train_hardware_seconds").doubleValue();
                evalEnergy += num(x, "eval_energy_joules").doubleValue();
            }
            s.put("pulses", pulses);
            s.put("write_verify_pulses", wv);
            s.put("energy_joules", energy);
            s.put("hardware_seconds", hw);
            Map<String, Object> ref = store.value(id, "reference").map(RunJson::readMap).orElse(null);
            if (ref != null) {
                wall += num(ref, "wall_seconds").doubleValue();
            }
            s.put("wall_seconds", wall);
            s.put("samples_per_second", trainWall > 0 ? samples / trainWall : 0);
            s.put("training_samples", samples);
            if (config.hasBoard()) {
                s.put("energy_joules_per_training_sample", samples > 0 ? trainEnergy / samples : 0);
                s.put("hardware_seconds_per_training_sample", samples > 0 ? trainHw / samples : 0);
                s.put("energy_joules_per_inference_sample", testSamples > 0 ? evalEnergy / testSamples : 0);
                s.put("setup_energy_joules", num(setup, "energy_joules").doubleValue());
                s.put("faulty_devices", num(setup, "faulty_devices").intValue());
                s.put("devices_probed", num(setup, "devices_probed").intValue());
                s.put("refreshed_pairs", epochs.stream().mapToLong(EpochRecord::refreshedPairs).sum());
                Map<String, Object> digital = DigitalReference.describe(sizes);
                s.put("digital_reference", digital);
                if (samples > 0 && trainEnergy > 0) {
                    s.put("digital_to_board_energy_ratio", DigitalReference.trainingJoulesPerSample(sizes) / (trainEnergy / samples));
                }
            }
            s.putAll(data.parameters());
            data.optimalTestAccuracy().ifPresent(o -> s.put("optimal_test_accuracy", o));
            if (ref != null) {
                s.put("reference", ref.get("kind"));
                s.put("reference_test_accuracy", ref.get("test_accuracy"));
                if (folds > 1) {
                    s.put("reference_fold_test_accuracies", ref.get("fold_test_accuracies"));
                }
            }
            s.put("eqprop", Map.of("free_iterations", config.eqprop().freeIterations(), "nudge_iterations",
                    config.eqprop().nudgeIterations(), "beta", config.eqprop().beta(), "nudging",
                    config.eqprop().nudging().name().toLowerCase(java.util.Locale.ROOT), "learning_rates",
                    java.util.Arrays.stream(config.eqprop().learningRates()).boxed().toList(), "batch_size", config.eqprop().batchSize()));
            if (!notes.isEmpty()) {
                s.put("notes", List.copyOf(notes));
            }
            return new TrainingSummary(s);
        }

        private static Number num(Map<String, Object> m, String key) {
            Object v = m.get(key);
            return v instanceof Number n ? n : 0;
        }
    }

    /** Unwinds the training loop when a run is cancelled. */
    private static final class Stop extends RuntimeException {
        Stop(String reason) {
            super(reason == null ? "cancelled" : reason, null, false, false);
        }
    }
}
