package org.crossbarhil.trainer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.crossbarhil.driver.BoardIdentity;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.trainer.board.Placement;
import org.crossbarhil.trainer.data.Braille;
import org.crossbarhil.trainer.data.DataSet;
import org.crossbarhil.trainer.data.Iris;
import org.crossbarhil.trainer.data.Mnist;
import org.crossbarhil.trainer.runs.EpochRecord;
import org.crossbarhil.trainer.runs.Provenance;
import org.crossbarhil.trainer.runs.RunDatabase;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunLock;
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
            TrainingConfig.Recording rec = config.recording();
            long id = store.createRun(new RunStore.NewRun(RunJson.write(config.plan()), config.dataset().label(), config.board(),
                    Placement.describe(sizes), update, config.seed(), config.epochs(), data.folds().size(), rec.settingsJson(),
                    rec.sweepId(), rec.sweepPoint(), provenance(config.board(), board)));
            try (RunLock lock = store.lock(id)) {
                store.addEvent(id, "started");
                return new RunSession(config, data, store, lock, id, listener, cancel, 0, 0, board).execute(true);
            }
        } finally {
            store.close();
        }
    }

    /** This process, the tool version, and what the board (if any) says it is; a sim: board's profile and seed from its URI. */
    static Provenance provenance(String uri, CrossbarBoard board) {
        Provenance p = Provenance.here(ToolVersion.get());
        if (board == null) {
            return p;
        }
        BoardIdentity id = board.info().identity();
        p = p.withBoard(id.serialNumber(), id.firmwareVersion());
        if (uri.startsWith("sim:")) {
            // the board opened, so the URI parsed: its parameters are name=value pairs, each name once
            Map<String, String> params = new HashMap<>();
            int q = uri.indexOf('?');
            if (q >= 0) {
                for (String pair : uri.substring(q + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            String seed = params.get("seed");
            // without a profile the simulator's default; without a seed the profile's, which the URI does not name
            p = p.withSimulator(params.getOrDefault("profile", "taox"), seed == null ? null : Long.parseLong(seed));
        }
        return p;
    }

    /**
     * Continues a run that did not complete, from its last completed epoch. On a board the chip
     * cannot be rolled back: when the board still holds the run's last checkpoint (within the
     * write-verify tolerance) training continues from the board's measured state; when it does not
     * (a restarted simulator, a replaced chip), the recorded conductances are programmed back by
     * write-verify. Either way the measured state is recorded and the summary says which.
     *
     * @param opener how the recorded board URI is opened (null: {@link Boards#open(String)})
     */
    public static TrainingSummary resume(long runId, Path runDb, Function<String, CrossbarBoard> opener, ProgressListener listener,
            Cancellation cancel) {
        return resume(runId, RunDatabase.file(runDb), opener, listener, cancel);
    }

    /** As {@link #resume(long, Path, Function, ProgressListener, Cancellation)}, in any run database. */
    public static TrainingSummary resume(long runId, RunDatabase runDb, Function<String, CrossbarBoard> opener, ProgressListener listener,
            Cancellation cancel) {
        RunStore store = RunStore.open(runDb);
        try {
            if (store.run(runId).isEmpty()) {
                throw new IllegalArgumentException("no run " + runId + " in " + runDb + " (crossbar runs --run-db " + runDb + " lists them)");
            }
            try (RunLock lock = store.lock(runId)) {
                return resume(store, lock, store.run(runId).orElseThrow(), runDb, opener, listener, cancel);
            }
        } finally {
            store.close();
        }
    }

    private static TrainingSummary resume(RunStore store, RunLock lock, RunInfo info, RunDatabase runDb, Function<String, CrossbarBoard> opener,
            ProgressListener listener, Cancellation cancel) {
        long runId = info.id();
        if (info.finished()) {
            throw new IllegalArgumentException("run " + runId + " already completed; nothing to resume");
        }
        TrainingConfig config = new TrainingConfig(RunJson.readPlan(info.configJson()),
                new TrainingConfig.Recording(runDb, info.settingsJson(), info.sweepId(), info.sweepPoint()), opener != null ? opener : Boards::open);
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
        return new RunSession(config, data, store, lock, runId, listener, cancel, startFold, startEpoch, null).execute(false);
    }

    /** The data set a configuration names; a missing or corrupt file is a DataSetException naming it. */
    public static DataSet loadData(TrainingConfig c) {
        DataChoice d = c.plan().dataChoice();
        return switch (d.dataset()) {
            case BRAILLE -> Braille.generate(d.braille(), c.seed());
            case IRIS -> Iris.folds(d.irisFolds(), c.seed());
            case MNIST -> Mnist.load(d.path(), d.mnist());
        };
    }
}
