package org.crossbarhil.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.BoardUnavailableException;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.trainer.data.DataSet;
import org.crossbarhil.trainer.nn.Epochs;
import org.crossbarhil.trainer.nn.FloatSynapses;
import org.crossbarhil.trainer.runs.EpochRecord;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunLock;
import org.crossbarhil.trainer.runs.RunLockedException;
import org.crossbarhil.trainer.runs.RunStore;

/**
 * One session of a run, a fresh start or a resume: runs the float reference ({@link FloatRun})
 * and the board run ({@link BoardRun}) the configuration asks for, and keeps the books both share:
 * where the session starts, epochs recorded with their progress reports, cancellation, notes, and
 * the run's status when it ends.
 */
final class RunSession {
    final TrainingConfig config;
    final DataSet data;
    final RunStore store;
    final long id;
    final ProgressListener listener;
    final int startFold;
    final int startEpoch;
    final int[] sizes;
    final int folds;
    /** The reason a run records when its board restarted under it. */
    static final String BOARD_RESTARTED = "board restarted";

    private final Cancellation cancel;
    private final RunLock lock;
    private final int epochsTotal;
    private final int unitsBefore;
    private final long t0 = System.nanoTime();
    private final List<String> notes = new ArrayList<>();
    /** The board the run opened to check the network fits, until the board run takes it over. */
    private CrossbarBoard opened;
    /** Whether the board was reached through a gateway (it offers a lease): a lost link then has two ends to blame. */
    private boolean behindGateway;

    RunSession(TrainingConfig config, DataSet data, RunStore store, RunLock lock, long id, ProgressListener listener, Cancellation cancel,
            int startFold, int startEpoch, CrossbarBoard opened) {
        this.config = config;
        this.data = data;
        this.store = store;
        this.lock = lock;
        this.id = id;
        this.listener = listener;
        this.cancel = cancel;
        this.startFold = startFold;
        this.startEpoch = startEpoch;
        this.opened = opened;
        this.sizes = config.sizes(data.inputSize(), data.outputSize());
        this.folds = data.folds().size();
        this.epochsTotal = folds * config.epochs();
        this.unitsBefore = startFold * config.epochs() + startEpoch;
    }

    TrainingSummary execute(boolean fresh) {
        try {
            if (config.reference() != ReferenceKind.NONE && store.value(id, "reference").isEmpty()) {
                new FloatRun(this, config.reference(), !config.hasBoard()).train();
            }
            if (config.hasBoard()) {
                listener.stage("opening board " + config.board());
                CrossbarBoard board = opened != null ? opened : config.openBoard();
                opened = null;
                behindGateway = board.info().capabilities().lease();
                try (board) {
                    listener.boardOpened(board);
                    new BoardRun(this, board).train(fresh);
                }
            }
            TrainingSummary s = Summariser.summarise(this, List.copyOf(notes));
            store.saveSummary(id, RunJson.write(s), s.testAccuracy());
            store.setStatus(id, RunInfo.COMPLETED);
            store.addEvent(id, "completed");
            return s;
        } catch (RunLockedException lost) {
            // another trainer writes the run now: this one records nothing more
            throw lost;
        } catch (BoardRestartedException restart) {
            // Nothing of the epoch under way was recorded (it records only when complete); what is
            // recorded was measured on the chip before it restarted, so a resume can put it back.
            store.setStatus(id, RunInfo.INTERRUPTED);
            store.addEvent(id, "interrupted: " + BOARD_RESTARTED + " (" + restart.getMessage() + ")");
            throw new TrainingInterruptedException(id, "run " + id + " interrupted: " + BOARD_RESTARTED + " (" + restart.getMessage()
                    + "); nothing of the epoch under way was recorded; resume with --resume " + id + ", which programs the "
                    + "recorded conductances back onto the chip", restart);
        } catch (Stop stop) {
            store.setStatus(id, RunInfo.INTERRUPTED);
            store.addEvent(id, "interrupted: " + stop.getMessage());
            throw new TrainingInterruptedException(id, "run " + id + " interrupted (" + stop.getMessage() + "); " + whatNext(false), null);
        } catch (RuntimeException e) {
            boolean link = TrainingInterruptedException.isLinkFailure(e);
            store.setStatus(id, RunInfo.FAILED);
            store.addEvent(id, "failed: " + e);
            throw new TrainingInterruptedException(id, "run " + id + " failed: " + whatFailed(e, link) + e.getMessage() + " ("
                    + whatNext(link) + ")", e);
        } finally {
            if (opened != null) {
                opened.close();
            }
        }
    }

    /**
     * Which link failed, as far as this side can tell: a gateway's UNAVAILABLE says its board is
     * gone while the gateway itself answers; any other failure through a gateway may be either end.
     */
    private String whatFailed(RuntimeException e, boolean link) {
        if (!link) {
            return "";
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BoardUnavailableException) {
                return "the board behind the gateway " + config.board() + " was lost: ";
            }
        }
        return behindGateway ? "the link to the gateway " + config.board() + " or to its board failed: " : "the link to the board failed: ";
    }

    /**
     * What the user can do about a run that stopped: resume it from its completed epochs, or,
     * with none completed, start again (a resume would only redo the start).
     */
    private String whatNext(boolean linkFailed) {
        int completed = store.epochs(id).size();
        String when = linkFailed ? "once the board at " + config.board() + " answers again, " : "";
        if (completed == 0) {
            return "no epoch was completed, so there is nothing to resume: " + when + "start a new run with the same options";
        }
        return "its " + completed + " completed epoch" + (completed == 1 ? " is" : "s are") + " recorded: " + when + "resume with --resume " + id;
    }

    /** Float initial weights of a fold (row j: W_j· then b_j), shared by the board run and the references. */
    List<FloatSynapses> initialLayers(int fold) {
        SplittableRandom r = new SplittableRandom(Seeds.of(config.seed(), Seeds.INIT, fold));
        List<FloatSynapses> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            layers.add(FloatSynapses.random(sizes[l - 1], sizes[l], 1.0, r));
        }
        return layers;
    }

    /** The seed of the sample order of one epoch of one fold. */
    long epochSeed(int fold, int epoch) {
        return Seeds.of(config.seed(), Seeds.EPOCH, fold, epoch);
    }

    /** Something the summary should say about how this session ran. */
    void note(String message) {
        notes.add(message);
    }

    /** Records a completed epoch (fold and epoch from 0) and reports it, with the time the rest of the run should take. */
    void recordEpoch(int f, int e, Epochs.Score train, Epochs.Score test, BoardWork work, double wallSeconds, EpochDetail detail) {
        store.recordEpoch(id, new EpochRecord(f + 1, e + 1, train.loss(), train.accuracy(), test.loss(), test.accuracy(), work.updatePulses(),
                work.writeVerifyPulses(), work.refreshedPairs(), work.energyJoules(), work.hardwareSeconds(), wallSeconds,
                RunJson.write(detail)));
        int index = f * config.epochs() + e;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double eta = elapsed / (index + 1 - unitsBefore) * (epochsTotal - index - 1);
        listener.epoch(new ProgressListener.EpochReport(f + 1, folds, e + 1, config.epochs(), index, epochsTotal, train.loss(),
                train.accuracy(), test.loss(), test.accuracy(), work.updatePulses(), work.writeVerifyPulses(), work.refreshedPairs(),
                wallSeconds, eta, work.energyJoules(), work.hardwareSeconds(), data.folds().get(f).train().size()));
    }

    /** Reports the samples done in an epoch after a batch, and stops the run there if it was cancelled. */
    void batchProgress(int f, int e, int done, int total, long pulses) {
        listener.batch(new ProgressListener.EpochProgress(f + 1, folds, e + 1, config.epochs(), done, total, f * config.epochs() + e,
                epochsTotal, pulses, (System.nanoTime() - t0) / 1e9));
        checkCancel();
    }

    void checkCancel() {
        lock.checkHeld();
        if (cancel.cancelled()) {
            throw new Stop(cancel.reason());
        }
    }

    /**
     * What an epoch asked of the board, as the run database keeps it in its own columns.
     *
     * @param energyJoules    board ledger energy of the epoch: training, evaluation, refresh and checkpoint
     * @param hardwareSeconds modelled board busy time of the same
     */
    record BoardWork(long updatePulses, long writeVerifyPulses, int refreshedPairs, double energyJoules, double hardwareSeconds) {
        /** A float epoch asks nothing of a board. */
        static final BoardWork NONE = new BoardWork(0, 0, 0, 0, 0);
    }

    /** Unwinds the training loop when a run is cancelled. */
    private static final class Stop extends RuntimeException {
        Stop(String reason) {
            super(reason == null ? "cancelled" : reason, null, false, false);
        }
    }
}
