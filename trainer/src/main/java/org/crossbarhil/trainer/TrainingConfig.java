package org.crossbarhil.trainer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.trainer.board.BoardSettings;
import org.crossbarhil.trainer.board.PulseSettings;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.data.Braille;
import org.crossbarhil.trainer.data.Mnist;
import org.crossbarhil.trainer.data.Task;
import org.crossbarhil.trainer.nn.EqPropParams;
import org.crossbarhil.trainer.nn.Nudging;

/**
 * Everything that defines a training run, immutable, with per-data-set defaults filled in by
 * {@link Builder#build()} (so that the recorded configuration is the one that ran). Values are
 * checked as they are set, naming the option and the accepted range.
 */
public final class TrainingConfig {
    /** Board URI meaning "no board": only the float reference trains (it must then not be none). */
    public static final String NO_BOARD = "none";

    private final String board;
    private final DatasetKind dataset;
    private final String data;
    private final int epochs;
    private final long seed;
    private final int[] hidden;
    private final ReferenceKind reference;
    private final Braille.Options braille;
    private final Mnist.Options mnist;
    private final int irisFolds;
    private final EqPropParams eqprop;
    private final BoardSettings boardSettings;
    private final int refreshEveryBatches;
    private final boolean refresh;
    private final double learningRateDecay;
    private final int evaluationReadsAveraged;
    private final Path runDb;
    private final Function<String, CrossbarBoard> boardOpener;

    private TrainingConfig(Builder b, EqPropParams eqprop, int epochs, int[] hidden) {
        board = b.board;
        dataset = b.dataset;
        data = b.data;
        this.epochs = epochs;
        seed = b.seed;
        this.hidden = hidden;
        reference = b.reference;
        braille = b.braille;
        mnist = b.mnist;
        irisFolds = b.irisFolds;
        this.eqprop = eqprop;
        boardSettings = b.boardSettings.withUpdate(b.update != null ? b.update : Defaults.of(b.dataset).update())
                .withReadsAveraged(b.readsAveraged != null ? b.readsAveraged : Defaults.of(b.dataset).readsAveraged());
        refreshEveryBatches = b.refreshEveryBatches;
        refresh = b.refresh;
        learningRateDecay = b.learningRateDecay != null ? b.learningRateDecay : Defaults.of(b.dataset).learningRateDecay();
        int evalK = b.evaluationReadsAveraged != null ? b.evaluationReadsAveraged : Defaults.of(b.dataset).evaluationReadsAveraged();
        evaluationReadsAveraged = evalK > 0 ? evalK : boardSettings.readsAveraged();
        runDb = b.runDb;
        boardOpener = b.boardOpener;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String board() {
        return board;
    }

    public boolean hasBoard() {
        return !NO_BOARD.equals(board);
    }

    public DatasetKind dataset() {
        return dataset;
    }

    public String data() {
        return data;
    }

    public int epochs() {
        return epochs;
    }

    public long seed() {
        return seed;
    }

    public int[] hidden() {
        return hidden.clone();
    }

    public ReferenceKind reference() {
        return reference;
    }

    public Braille.Options braille() {
        return braille;
    }

    public Mnist.Options mnist() {
        return mnist;
    }

    public int irisFolds() {
        return irisFolds;
    }

    public EqPropParams eqprop() {
        return eqprop;
    }

    public BoardSettings boardSettings() {
        return boardSettings;
    }

    public UpdateRule update() {
        return boardSettings.update();
    }

    public int refreshEveryBatches() {
        return refreshEveryBatches;
    }

    public boolean refresh() {
        return refresh;
    }

    public Path runDb() {
        return runDb;
    }

    /** ADC reads averaged per VMM output when evaluating the test split (inference). */
    public int evaluationReadsAveraged() {
        return evaluationReadsAveraged;
    }

    /** Learning rates are multiplied by this after every epoch (1 = constant). */
    public double learningRateDecay() {
        return learningRateDecay;
    }

    public CrossbarBoard openBoard() {
        return boardOpener.apply(board);
    }

    /** The network's layer sizes for a data set's input and output sizes. */
    public int[] sizes(int inputs, int outputs) {
        int[] s = new int[hidden.length + 2];
        s[0] = inputs;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = outputs;
        return s;
    }

    /** The configuration as recorded with a run (and read back by {@link #fromMap} to resume it). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("board", board);
        m.put("dataset", dataset.label());
        m.put("data", data);
        m.put("epochs", epochs);
        m.put("seed", seed);
        m.put("hidden", Arrays.stream(hidden).boxed().toList());
        m.put("update", boardSettings.update().label());
        m.put("reference", reference.label());
        m.put("braille_vocabulary_size", braille.vocabularySize());
        m.put("braille_word_length", braille.wordLength());
        m.put("braille_flip_rate", braille.flipRate());
        m.put("braille_train_size", braille.trainSize());
        m.put("braille_test_size", braille.testSize());
        m.put("braille_task", braille.task().name().toLowerCase(Locale.ROOT));
        m.put("mnist_size", mnist.size());
        m.put("mnist_max_train", mnist.maxTrain());
        m.put("mnist_max_test", mnist.maxTest());
        m.put("iris_folds", irisFolds);
        m.put("free_iterations", eqprop.freeIterations());
        m.put("nudge_iterations", eqprop.nudgeIterations());
        m.put("beta", eqprop.beta());
        m.put("nudging", eqprop.nudging().name().toLowerCase(Locale.ROOT));
        m.put("learning_rates", Arrays.stream(eqprop.learningRates()).boxed().toList());
        m.put("batch_size", eqprop.batchSize());
        m.put("average_last", eqprop.averageLast());
        PulseSettings p = boardSettings.pulses();
        m.put("set_volts", p.setVolts());
        m.put("reset_volts", p.resetVolts());
        m.put("pulse_width_seconds", p.widthSeconds());
        m.put("pulse_train_length", p.pulseTrainLength());
        m.put("reads_averaged", boardSettings.readsAveraged());
        m.put("reference_fraction", boardSettings.referenceFraction());
        m.put("weight_headroom", boardSettings.headroom());
        m.put("pipeline_depth", boardSettings.pipelineDepth());
        m.put("probe_health", boardSettings.probeHealth());
        m.put("refresh", refresh);
        m.put("refresh_every_batches", refreshEveryBatches);
        m.put("learning_rate_decay", learningRateDecay);
        m.put("evaluation_reads_averaged", evaluationReadsAveraged);
        return m;
    }

    /** Rebuilds a recorded configuration; {@code runDb} and the board opener are the caller's. */
    public static Builder fromMap(Map<String, Object> m) {
        Builder b = builder()
                .board(str(m, "board"))
                .dataset(DatasetKind.parse(str(m, "dataset")))
                .data((String) m.get("data"))
                .epochs(num(m, "epochs").intValue())
                .seed(num(m, "seed").longValue())
                .hidden(((java.util.List<?>) m.get("hidden")).stream().mapToInt(o -> ((Number) o).intValue()).toArray())
                .update(UpdateRule.parse(str(m, "update")))
                .reference(ReferenceKind.parse(str(m, "reference")))
                .braille(new Braille.Options(num(m, "braille_vocabulary_size").intValue(), num(m, "braille_word_length").intValue(),
                        num(m, "braille_flip_rate").doubleValue(), num(m, "braille_train_size").intValue(),
                        num(m, "braille_test_size").intValue(), Task.valueOf(str(m, "braille_task").toUpperCase(Locale.ROOT))))
                .mnist(new Mnist.Options(num(m, "mnist_size").intValue(), num(m, "mnist_max_train").intValue(),
                        num(m, "mnist_max_test").intValue()))
                .irisFolds(num(m, "iris_folds").intValue())
                .freeIterations(num(m, "free_iterations").intValue())
                .nudgeIterations(num(m, "nudge_iterations").intValue())
                .beta(num(m, "beta").doubleValue())
                .nudging(Nudging.valueOf(str(m, "nudging").toUpperCase(Locale.ROOT)))
                .learningRates(((java.util.List<?>) m.get("learning_rates")).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray())
                .batchSize(num(m, "batch_size").intValue())
                .averageLast(num(m, "average_last").intValue())
                .refresh((Boolean) m.get("refresh"))
                .refreshEveryBatches(num(m, "refresh_every_batches").intValue())
                .learningRateDecay(num(m, "learning_rate_decay").doubleValue())
                .evaluationReadsAveraged(num(m, "evaluation_reads_averaged").intValue());
        BoardSettings s = new BoardSettings(new PulseSettings(num(m, "set_volts").doubleValue(), num(m, "reset_volts").doubleValue(),
                num(m, "pulse_width_seconds").doubleValue(), num(m, "pulse_train_length").intValue()), UpdateRule.parse(str(m, "update")),
                num(m, "reads_averaged").intValue(), num(m, "reference_fraction").doubleValue(), num(m, "weight_headroom").doubleValue(),
                num(m, "pipeline_depth").intValue(), (Boolean) m.get("probe_health"));
        return b.boardSettings(s);
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) {
            throw new IllegalArgumentException("recorded configuration lacks '" + k + "'");
        }
        return v.toString();
    }

    private static Number num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("recorded configuration has no number '" + k + "'");
        }
        return n;
    }

    /** Builds a configuration; unset hyper-parameters take the chosen data set's defaults. */
    public static final class Builder {
        private String board = "sim:";
        private DatasetKind dataset = DatasetKind.BRAILLE;
        private String data;
        private int epochs;
        private long seed = 1;
        private int[] hidden;
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
        private Path runDb = Path.of("crossbar-runs.db");
        private Function<String, CrossbarBoard> boardOpener = Boards::open;

        private Builder() {
        }

        public Builder board(String uri) {
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("board URI is empty (e.g. sim:, sim:?profile=taox-2x64, tcp://127.0.0.1:7700, none)");
            }
            board = uri.strip();
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
            if (n < 0 || n > 100_000) {
                throw new IllegalArgumentException("epochs: " + n + " (expected: 1..100000, or 0 for the data set's default)");
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
            if (sizes != null) {
                for (int h : sizes) {
                    if (h < 1 || h > 65_536) {
                        throw new IllegalArgumentException("hidden layer size: " + h + " (expected: 1..65536)");
                    }
                }
                hidden = sizes.clone();
            } else {
                hidden = null;
            }
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
            if (k < 2 || k > 50) {
                throw new IllegalArgumentException("iris folds: " + k + " (expected: 2..50)");
            }
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
            if (k != null && (k < 0 || k > 1024)) {
                throw new IllegalArgumentException("evaluation reads averaged: " + k + " (expected: 0..1024, 0 = as in training)");
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
            if (n < 0) {
                throw new IllegalArgumentException("refresh every batches: " + n + " (expected: >= 0, 0 = at epoch ends only)");
            }
            refreshEveryBatches = n;
            return this;
        }

        public Builder refresh(boolean on) {
            refresh = on;
            return this;
        }

        /** Multiply the learning rates by this after every epoch (1 = constant; null = the data set's default). */
        public Builder learningRateDecay(Double decay) {
            if (decay != null && !(decay > 0 && decay <= 1)) {
                throw new IllegalArgumentException("learning-rate decay: " + decay + " (expected: in (0, 1], 1 = constant)");
            }
            learningRateDecay = decay;
            return this;
        }

        public Builder runDb(Path p) {
            runDb = Objects.requireNonNull(p, "runDb");
            return this;
        }

        /** How a board URI becomes a board (tests inject boards here; the default is {@link Boards#open(String)}). */
        public Builder boardOpener(Function<String, CrossbarBoard> opener) {
            boardOpener = Objects.requireNonNull(opener, "boardOpener");
            return this;
        }

        public TrainingConfig build() {
            if (NO_BOARD.equals(board) && reference == ReferenceKind.NONE) {
                throw new IllegalArgumentException("--board none trains only the float reference: choose --reference eqprop or backprop");
            }
            if (dataset == DatasetKind.MNIST && (data == null || data.isBlank())) {
                throw new IllegalArgumentException("MNIST needs --data: a directory with *images-idx3* and *labels-idx1* files, "
                        + "an images file, or IMAGES,LABELS");
            }
            Defaults d = Defaults.of(dataset);
            int[] h = hidden != null ? hidden : d.hidden();
            int e = epochs > 0 ? epochs : d.epochs();
            double[] lr = learningRates != null ? learningRates : d.learningRates();
            EqPropParams p = new EqPropParams(freeIterations != null ? freeIterations : d.freeIterations(),
                    nudgeIterations != null ? nudgeIterations : d.nudgeIterations(), beta != null ? beta : d.beta(),
                    nudging != null ? nudging : Nudging.SYMMETRIC, lr, batchSize != null ? batchSize : d.batchSize(),
                    averageLast != null ? averageLast : 1);
            return new TrainingConfig(this, p, e, h);
        }
    }
}
