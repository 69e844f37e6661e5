package org.crossbarhil.trainer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.trainer.board.BoardSettings;
import org.crossbarhil.trainer.board.SettleMode;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.data.Braille;
import org.crossbarhil.trainer.data.Mnist;
import org.crossbarhil.trainer.nn.EqPropParams;
import org.crossbarhil.trainer.nn.Nudging;
import org.crossbarhil.trainer.runs.RunDatabase;

/**
 * A training run as asked for: its {@link TrainingPlan} (what it computes, recorded with it), where
 * it is recorded, and how its board URI becomes a board. {@link Builder#build()} fills in the
 * chosen data set's defaults, so that the recorded plan is the one that ran; values are checked as
 * they are set, naming the option and the accepted range.
 *
 * @param plan        what the run computes
 * @param recording   where and as what the run is recorded
 * @param boardOpener how the plan's board URI is opened (tests inject boards here)
 */
public record TrainingConfig(TrainingPlan plan, Recording recording, Function<String, CrossbarBoard> boardOpener, SettleMode settle) {
    /** Board URI meaning "no board": only the float reference trains (it must then not be none). */
    public static final String NO_BOARD = BoardUse.NO_BOARD;

    public TrainingConfig {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(boardOpener, "boardOpener");
        Objects.requireNonNull(settle, "settle");
    }

    /**
     * A plan settled wherever the board allows ({@link SettleMode#AUTO}): where phases settle is
     * not part of the recorded plan (its keys are fixed), so a resumed run takes the default.
     */
    public TrainingConfig(TrainingPlan plan, Recording recording, Function<String, CrossbarBoard> boardOpener) {
        this(plan, recording, boardOpener, SettleMode.AUTO);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where a run is recorded and what it is recorded with besides its plan.
     *
     * @param runDb        the run database
     * @param settingsJson the resolved experiment settings (experiment-file keys, as JSON), or null
     * @param sweepId      the sweep the run is a grid point of, or null
     * @param sweepPoint   its grid point (from 0), or null
     */
    public record Recording(RunDatabase runDb, String settingsJson, String sweepId, Integer sweepPoint) {
        public Recording {
            Objects.requireNonNull(runDb, "runDb");
            if ((sweepId == null) != (sweepPoint == null)) {
                throw new IllegalArgumentException("a sweep point needs both a sweep id and a point (got " + sweepId + ", " + sweepPoint + ")");
            }
        }

        public static Recording alone(RunDatabase runDb) {
            return new Recording(runDb, null, null, null);
        }
    }

    public RunDatabase runDb() {
        return recording.runDb();
    }

    public String board() {
        return plan.boardUse().uri();
    }

    public boolean hasBoard() {
        return plan.boardUse().hasBoard();
    }

    public DatasetKind dataset() {
        return plan.dataChoice().dataset();
    }

    public int epochs() {
        return plan.schedule().epochs();
    }

    public long seed() {
        return plan.seed();
    }

    public ReferenceKind reference() {
        return plan.reference();
    }

    /** The update rule asked for (a board without parallel updates may fall back to Manhattan). */
    public UpdateRule update() {
        return plan.boardUse().settings().update();
    }

    public EqPropParams eqprop() {
        return plan.eqprop();
    }

    public CrossbarBoard openBoard() {
        return boardOpener.apply(board());
    }

    /** The network's layer sizes for a data set's input and output sizes. */
    public int[] sizes(int inputs, int outputs) {
        return plan.sizes(inputs, outputs);
    }

    /** Builds a configuration; unset hyper-parameters take the chosen data set's defaults. */
    public static final class Builder {
        private String board = "sim:";
        private DatasetKind dataset = DatasetKind.BRAILLE;
        private String data;
        private int epochs;
        private long seed = 1;
        private NetworkShape hidden;
        private UpdateRule update;
        private ReferenceKind reference = ReferenceKind.NONE;
        private Braille.Options braille = Braille.Options.DEFAULTS;
        private Mnist.Options mnist = Mnist.Options.DEFAULTS;
        private int irisFolds = 5;
        private Integer freeIterations;
        private Integer nudgeIterations;
        private Double beta;
        private Nudging nudging;
        private double[] learningRates;
        private Integer batchSize;
        private Integer averageLast;
        private Integer readsAveraged;
        private BoardSettings boardSettings = BoardSettings.DEFAULTS;
        private int refreshEveryBatches;
        private boolean refresh = true;
        private Double learningRateDecay;
        private Integer evaluationReadsAveraged;
        private SettleMode settle = SettleMode.AUTO;
        private RunDatabase runDb = RunDatabase.file(Path.of("crossbar-runs.db"));
        private String settingsJson;
        private String sweepId;
        private Integer sweepPoint;
        private Function<String, CrossbarBoard> boardOpener = Boards::open;

        private Builder() {
        }

        public Builder board(String uri) {
            board = BoardUse.checkUri(uri);
            return this;
        }

        public Builder dataset(DatasetKind d) {
            dataset = Objects.requireNonNull(d, "dataset");
            return this;
        }

        public Builder data(String path) {
            data = path;
            return this;
        }

        /** 0 = the data set's default. */
        public Builder epochs(int n) {
            if (n < 0 || n > Schedule.MAX_EPOCHS) {
                throw new IllegalArgumentException("epochs: " + n + " (expected: 1.." + Schedule.MAX_EPOCHS
                        + ", or 0 for the data set's default)");
            }
            epochs = n;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Hidden layer sizes; an empty array is a single-layer network; null = the data set's default. */
        public Builder hidden(int[] sizes) {
            hidden = sizes == null ? null : new NetworkShape(sizes);
            return this;
        }

        /** Update rule; null = the data set's default (Braille and Iris Manhattan, MNIST stochastic). */
        public Builder update(UpdateRule u) {
            update = u;
            return this;
        }

        public Builder reference(ReferenceKind r) {
            reference = Objects.requireNonNull(r, "reference");
            return this;
        }

        public Builder braille(Braille.Options o) {
            braille = Objects.requireNonNull(o, "braille");
            return this;
        }

        public Builder mnist(Mnist.Options o) {
            mnist = Objects.requireNonNull(o, "mnist");
            return this;
        }

        public Builder irisFolds(int k) {
            DataChoice.checkIrisFolds(k);
            irisFolds = k;
            return this;
        }

        public Builder freeIterations(int n) {
            freeIterations = n;
            return this;
        }

        public Builder nudgeIterations(int n) {
            nudgeIterations = n;
            return this;
        }

        public Builder beta(double b) {
            beta = b;
            return this;
        }

        public Builder nudging(Nudging n) {
            nudging = n;
            return this;
        }

        public Builder learningRates(double... rates) {
            if (rates != null && rates.length == 0) {
                throw new IllegalArgumentException("learning rates: none given");
            }
            learningRates = rates == null ? null : rates.clone();
            return this;
        }

        public Builder batchSize(int n) {
            batchSize = n;
            return this;
        }

        /** States of a phase averaged over its last N sweeps (1 = final sweep only). */
        public Builder averageLast(int n) {
            averageLast = n;
            return this;
        }

        /** Everything about the board's use; its reads-averaged value counts as explicitly set. */
        public Builder boardSettings(BoardSettings s) {
            boardSettings = Objects.requireNonNull(s, "boardSettings");
            update = s.update();
            readsAveraged = s.readsAveraged();
            return this;
        }

        /** Reads averaged when evaluating (0 = as in training; null = the data set's default). */
        public Builder evaluationReadsAveraged(Integer k) {
            if (k != null) {
                BoardUse.checkEvaluationReadsAveraged(k);
            }
            evaluationReadsAveraged = k;
            return this;
        }

        /** ADC reads averaged per VMM output (0 = the board's configured value; null = the data set's default). */
        public Builder readsAveraged(Integer k) {
            if (k != null && (k < 0 || k > 1024)) {
                throw new IllegalArgumentException("reads averaged: " + k + " (expected: 0..1024, 0 = board default)");
            }
            readsAveraged = k;
            return this;
        }

        /** Also refresh pairs every N batches (0 = only at the end of each epoch). */
        public Builder refreshEveryBatches(int n) {
            BoardUse.checkRefreshEveryBatches(n);
            refreshEveryBatches = n;
            return this;
        }

        public Builder refresh(boolean on) {
            refresh = on;
            return this;
        }

        /** Multiply the learning rates by this after every epoch (1 = constant; null = the data set's default). */
        public Builder learningRateDecay(Double decay) {
            if (decay != null) {
                Schedule.checkDecay(decay);
            }
            learningRateDecay = decay;
            return this;
        }

        /** Where phases settle: on the board when it offers it (auto, the default), always on the board, or on the host. */
        public Builder settle(SettleMode m) {
            settle = Objects.requireNonNull(m, "settle");
            return this;
        }

        public Builder runDb(Path p) {
            return runDb(RunDatabase.file(Objects.requireNonNull(p, "runDb")));
        }

        public Builder runDb(RunDatabase d) {
            runDb = Objects.requireNonNull(d, "runDb");
            return this;
        }

        /** The resolved experiment settings recorded with the run (null: none). */
        public Builder settingsJson(String json) {
            settingsJson = json;
            return this;
        }

        /** Records the run as grid point {@code point} of sweep {@code id}. */
        public Builder sweepPoint(String id, int point) {
            sweepId = Objects.requireNonNull(id, "sweep id");
            sweepPoint = point;
            return this;
        }

        /** How a board URI becomes a board (tests inject boards here; the default is {@link Boards#open(String)}). */
        public Builder boardOpener(Function<String, CrossbarBoard> opener) {
            boardOpener = Objects.requireNonNull(opener, "boardOpener");
            return this;
        }

        public TrainingConfig build() {
            Defaults d = Defaults.of(dataset);
            BoardSettings settings = boardSettings.withUpdate(update != null ? update : d.update())
                    .withReadsAveraged(readsAveraged != null ? readsAveraged : d.readsAveraged());
            int evalK = evaluationReadsAveraged != null ? evaluationReadsAveraged : d.evaluationReadsAveraged();
            BoardUse use = new BoardUse(board, settings, refresh, refreshEveryBatches, evalK > 0 ? evalK : settings.readsAveraged());
            DataChoice choice = new DataChoice(dataset, data, braille, mnist, irisFolds);
            EqPropParams eqprop = new EqPropParams(freeIterations != null ? freeIterations : d.freeIterations(),
                    nudgeIterations != null ? nudgeIterations : d.nudgeIterations(), beta != null ? beta : d.beta(),
                    nudging != null ? nudging : Nudging.SYMMETRIC, learningRates != null ? learningRates : d.learningRates(),
                    batchSize != null ? batchSize : d.batchSize(), averageLast != null ? averageLast : 1);
            Schedule schedule = new Schedule(epochs > 0 ? epochs : d.epochs(),
                    learningRateDecay != null ? learningRateDecay : d.learningRateDecay());
            NetworkShape network = hidden != null ? hidden : new NetworkShape(d.hidden());
            return new TrainingConfig(new TrainingPlan(use, choice, network, eqprop, schedule, seed, reference),
                    new Recording(runDb, settingsJson, sweepId, sweepPoint), boardOpener, settle);
        }
    }
}
