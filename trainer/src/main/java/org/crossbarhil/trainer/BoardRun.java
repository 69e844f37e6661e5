package org.crossbarhil.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.Ledger;
import org.crossbarhil.trainer.board.Block;
import org.crossbarhil.trainer.board.BoardCounters;
import org.crossbarhil.trainer.board.BoardNetwork;
import org.crossbarhil.trainer.board.BoardSettling;
import org.crossbarhil.trainer.board.HealthMap;
import org.crossbarhil.trainer.board.NetworkState;
import org.crossbarhil.trainer.board.PairProgrammer;
import org.crossbarhil.trainer.board.SettleMode;
import org.crossbarhil.trainer.board.TileSnapshot;
import org.crossbarhil.trainer.data.Fold;
import org.crossbarhil.trainer.nn.Epochs;
import org.crossbarhil.trainer.nn.EqPropNetwork;
import org.crossbarhil.trainer.nn.FloatSynapses;

/**
 * Trains the network on the board, chip in the loop: sets the board up (calibration, health
 * probe, initial weights) or, resuming, takes it back from its measured state; then runs every
 * epoch of every fold, refreshing saturated pairs and checkpointing the conductances after each.
 */
final class BoardRun {
    /** Run value: where the phases settled, {@code board} or {@code host}. */
    static final String SETTLE_KEY = "settle";

    private final RunSession session;
    private final TrainingPlan plan;
    private final CrossbarBoard board;
    private final BoardCounters counters = new BoardCounters();
    private final LedgerReadings ledger;

    BoardRun(RunSession session, CrossbarBoard board) {
        this.session = session;
        this.plan = session.config.plan();
        this.board = board;
        this.ledger = new LedgerReadings(board::ledger);
    }

    void train(boolean fresh) {
        // decided before the setup, so that a board that cannot do what was asked costs nothing
        boolean settleOnBoard = session.config.settle().onBoard(board.info().capabilities().settle(), board.uri());
        BoardNetwork net;
        if (fresh) {
            net = setUp();
        } else {
            BoardNetwork[] back = new BoardNetwork[1];
            betweenEpochs(() -> back[0] = takeBack());
            net = back[0];
        }
        BoardSettling settling = settleOnBoard ? BoardSettling.define(net) : null;
        session.store.putValue(session.id, SETTLE_KEY, settleOnBoard ? SettleMode.BOARD.label() : SettleMode.HOST.label());
        for (int f = session.startFold; f < session.folds; f++) {
            int e0 = f == session.startFold ? session.startEpoch : 0;
            if (e0 == 0 && !(fresh && f == 0)) {
                session.listener.stage("programming the initial weights of fold " + (f + 1));
                int fold = f;
                Reprogramming cost = betweenEpochs(() -> reprogram(net, initialWeights(fold)));
                session.store.addEvent(session.id, "fold " + (f + 1) + ": initial weights programmed ("
                        + cost.writeVerifyPulses() + " write-verify pulses)");
            }
            EqPropNetwork model = new EqPropNetwork(net.layers(), plan.eqprop());
            model.settleWith(settling);
            for (int e = e0; e < plan.schedule().epochs(); e++) {
                epoch(net, model, f, e);
            }
        }
        session.store.saveConductances(session.id, "final", session.folds, plan.schedule().epochs(), net.snapshot());
    }

    private List<float[][]> initialWeights(int fold) {
        return session.initialLayers(fold).stream().map(FloatSynapses::weightsAndBias).toList();
    }

    /** A fresh run: calibrates, probes and programs the board, and records what that cost and found. */
    private BoardNetwork setUp() {
        long ts = System.nanoTime();
        Ledger l0 = ledger.read();
        session.listener.stage("calibrating devices, probing device health, programming initial weights");
        int[] sizes = session.sizes;
        BoardNetwork net = BoardNetwork.create(board, sizes, plan.boardUse().settings(), initialWeights(0), initBounds(sizes), counters);
        NetworkState state = net.state();
        session.store.saveState(session.id, RunJson.writeState(state, sizes, net.placement().allBlocks()));
        session.store.setUpdateRule(session.id, state.update().label());
        List<TileSnapshot> initial = net.snapshot();
        session.store.saveConductances(session.id, "initial", 1, 0, initial);
        report(net, 1, 0, initial);
        Ledger l1 = ledger.read();
        BoardSetup setup = new BoardSetup(l1.totalEnergyJoules() - l0.totalEnergyJoules(), l1.busySeconds() - l0.busySeconds(),
                counters.writeVerifyPulses.get(), counters.probePulses.get(), (System.nanoTime() - ts) / 1e9,
                state.faulty().values().stream().mapToInt(BitSet::cardinality).sum(), state.devicesProbed());
        session.store.putValue(session.id, "setup", RunJson.write(setup));
        if (!state.updateNote().isEmpty()) {
            session.store.addEvent(session.id, "update rule: " + state.update().label() + " (" + state.updateNote() + ")");
        }
        return net;
    }

    /**
     * Runs board work that belongs to no epoch and adds what it cost (write-verify pulses, ledger
     * energy and busy time, wall time) to the run's reprogramming, which the totals include.
     */
    private Reprogramming betweenEpochs(Runnable work) {
        long t0 = System.nanoTime();
        Ledger l0 = board.ledger();
        long wv0 = counters.writeVerifyPulses.get();
        work.run();
        Ledger l1 = board.ledger();
        Reprogramming cost = new Reprogramming(counters.writeVerifyPulses.get() - wv0, l1.totalEnergyJoules() - l0.totalEnergyJoules(),
                l1.busySeconds() - l0.busySeconds(), (System.nanoTime() - t0) / 1e9);
        Reprogramming before = Reprogramming.recorded(session.store, session.id);
        session.store.putValue(session.id, Reprogramming.KEY, RunJson.write(before.plus(cost)));
        return cost;
    }

    /** Float initialisation bounds per layer, which set each layer's weight scale on the devices. */
    private static double[] initBounds(int[] sizes) {
        double[] b = new double[sizes.length - 1];
        for (int l = 1; l < sizes.length; l++) {
            b[l - 1] = 1.0 / Math.sqrt(sizes[l - 1]);
        }
        return b;
    }

    /** A resumed run: attaches to the board with the recorded state and reconciles it with the last checkpoint. */
    private BoardNetwork takeBack() {
        String stateJson = session.store.run(session.id).orElseThrow().stateJson();
        if (stateJson == null) {
            throw new IllegalStateException("run " + session.id + " stopped before its board was set up; start a new run instead");
        }
        BoardNetwork net = BoardNetwork.attach(board, session.sizes, plan.boardUse().settings(), RunJson.readState(stateJson), counters);
        if (session.startEpoch > 0) {
            reconcile(net);
        }
        return net;
    }

    private static void reprogram(BoardNetwork net, List<float[][]> weights) {
        NetworkState state = net.state();
        PairProgrammer p = new PairProgrammer(state.window(), HealthMap.of(state.faulty(), state.tileCols(), state.devicesProbed()),
                net.io().board().info().capabilities().updateMask());
        for (int l = 0; l < net.layers().size(); l++) {
            p.program(net.layers().get(l), weights.get(l));
        }
    }

    /** Resume on a board: continue from its measured state, or put the recorded checkpoint back if the board lost it. */
    private void reconcile(BoardNetwork net) {
        long id = session.id;
        List<TileSnapshot> checkpoint = session.store.conductances(id, "checkpoint");
        List<TileSnapshot> measured = net.snapshot();
        session.store.saveConductances(id, "resume-measured", session.startFold + 1, session.startEpoch, measured);
        double worst = 0;
        int worstTile = -1;
        for (TileSnapshot c : checkpoint) {
            TileSnapshot m = measured.stream().filter(t -> t.tile() == c.tile()).findFirst().orElseThrow(() ->
                    new IllegalStateException("the board has no tile " + c.tile() + " of the recorded checkpoint"));
            float[] dev = new float[c.siemens().length];
            for (int i = 0; i < dev.length; i++) {
                dev[i] = Math.abs(m.siemens()[i] - c.siemens()[i]);
            }
            Arrays.sort(dev);
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
                    + "rolled back)", session.startEpoch, worst);
        } else {
            long before = net.io().counters().writeVerifyPulses.get();
            for (TileSnapshot c : checkpoint) {
                PairProgrammer.restore(net.io(), c, net.tolerance());
            }
            msg = String.format("the board does not hold the run's checkpoint of epoch %d (median deviation %.3g S on tile %d, e.g. a "
                    + "restarted simulator): reprogrammed the recorded conductances by write-verify (%d pulses) and resumed from them",
                    session.startEpoch, worst, worstTile, net.io().counters().writeVerifyPulses.get() - before);
        }
        session.note(msg);
        session.store.addEvent(id, msg);
        session.listener.stage(msg);
    }

    /** Shows listeners conductances the run has just measured (snapshots follow the placement's block order). */
    private void report(BoardNetwork net, int fold, int epoch, List<TileSnapshot> snapshots) {
        List<Block> blocks = net.placement().allBlocks();
        List<ProgressListener.BlockConductances> out = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            out.add(new ProgressListener.BlockConductances(b, snapshots.get(i), net.state().mappings().get(b.layer())));
        }
        session.listener.conductances(new ProgressListener.ConductanceReport(fold, epoch, out, net.state()));
    }

    /** One epoch on the board: train, evaluate, refresh, checkpoint, record. */
    private void epoch(BoardNetwork net, EqPropNetwork model, int f, int e) {
        BoardUse use = plan.boardUse();
        Fold fold = session.data.folds().get(f);
        model.setLearningRateScale(plan.schedule().learningRateScale(e));
        long te = System.nanoTime();
        Ledger l0 = ledger.read();
        long pulses0 = counters.updatePulses.get();
        long wv0 = counters.writeVerifyPulses.get();
        long retries0 = counters.adcRetries.get();
        long capped0 = counters.cappedProbabilities.get();
        long clipped0 = counters.clippedOutputs.get();
        int[] batches = {0};
        int[] refreshedMid = {0};
        Epochs.Score train = Epochs.train(model, fold.train(), session.data.task(), session.epochSeed(f, e), (doneS, total) -> {
            batches[0]++;
            if (use.refresh() && use.refreshEveryBatches() > 0 && batches[0] % use.refreshEveryBatches() == 0 && doneS < total) {
                refreshedMid[0] += net.refresh().pairsRefreshed();
            }
            session.batchProgress(f, e, doneS, total, counters.updatePulses.get());
        });
        double trainWall = (System.nanoTime() - te) / 1e9;
        Ledger l1 = ledger.read();
        net.layers().forEach(l -> l.readsAveraged(use.evaluationReadsAveraged()));
        Epochs.Score test = Epochs.evaluate(model, fold.test(), session.data.task());
        net.layers().forEach(l -> l.readsAveraged(use.settings().readsAveraged()));
        Ledger l2 = ledger.read();
        int refreshed = refreshedMid[0];
        PairProgrammer.RefreshResult refresh = null;
        if (use.refresh()) {
            // the refresh figure shows the first refresh that moved pairs
            boolean figureWanted = session.store.conductances(session.id, "refresh-before").isEmpty();
            List<TileSnapshot> before = figureWanted ? net.snapshot() : null;
            refresh = net.refresh();
            refreshed += refresh.pairsRefreshed();
            if (figureWanted && refresh.pairsRefreshed() > 0) {
                session.store.saveConductances(session.id, "refresh-before", f + 1, e + 1, before);
                session.store.saveConductances(session.id, "refresh-after", f + 1, e + 1, net.snapshot());
            }
        }
        List<TileSnapshot> checkpoint = net.snapshot();
        session.store.saveConductances(session.id, "checkpoint", f + 1, e + 1, checkpoint);
        report(net, f + 1, e + 1, checkpoint);
        Ledger l3 = ledger.read();
        EpochDetail.BoardEpoch onBoard = new EpochDetail.BoardEpoch(l1.totalEnergyJoules() - l0.totalEnergyJoules(),
                l1.busySeconds() - l0.busySeconds(), l2.totalEnergyJoules() - l1.totalEnergyJoules(), l2.busySeconds() - l1.busySeconds(),
                counters.adcRetries.get() - retries0, counters.clippedOutputs.get() - clipped0,
                counters.cappedProbabilities.get() - capped0);
        RunSession.BoardWork work = new RunSession.BoardWork(counters.updatePulses.get() - pulses0, counters.writeVerifyPulses.get() - wv0,
                refreshed, l3.totalEnergyJoules() - l0.totalEnergyJoules(), l3.busySeconds() - l0.busySeconds());
        session.recordEpoch(f, e, train, test, work, (System.nanoTime() - te) / 1e9,
                new EpochDetail(refresh, trainWall, fold.train().size(), fold.test().size(), onBoard));
        session.checkCancel();
    }
}
