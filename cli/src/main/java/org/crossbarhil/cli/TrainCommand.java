package org.crossbarhil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.trainer.Cancellation;
import org.crossbarhil.trainer.DatasetKind;
import org.crossbarhil.trainer.ProgressListener;
import org.crossbarhil.trainer.ReferenceKind;
import org.crossbarhil.trainer.RunJson;
import org.crossbarhil.trainer.Trainer;
import org.crossbarhil.trainer.TrainingConfig;
import org.crossbarhil.trainer.TrainingInterruptedException;
import org.crossbarhil.trainer.TrainingSummary;
import org.crossbarhil.trainer.board.BoardSettings;
import org.crossbarhil.trainer.board.PulseSettings;
import org.crossbarhil.trainer.board.SettleMode;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.data.Braille;
import org.crossbarhil.trainer.data.DataSetException;
import org.crossbarhil.trainer.data.Mnist;
import org.crossbarhil.trainer.data.Task;
import org.crossbarhil.trainer.runs.RunDatabase;
import org.crossbarhil.trainer.runs.RunLockedException;
import org.crossbarhil.trainer.runs.RunStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossbar train}: maps flags onto a {@link TrainingConfig}, runs it with a progress bar, prints the summary. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on a board with the chip in the loop (equilibrium propagation, activity-difference",
            "updates pulsed on the devices), record the run, and print a summary. With no options: the built-in",
            "simulated board (sim:), the Braille-word task, finishing in well under a minute.",
            "",
            "Runs are recorded in an SQLite file (--run-db); 'crossbar runs' lists them, 'crossbar plot RUN_ID'",
            "draws them, and --resume RUN_ID continues an interrupted one (Ctrl-C stops at the next batch)."},
        footer = {"", "Examples:",
            "  crossbar train",
            "  crossbar train --board 'sim:?profile=taox-2x64' --dataset iris",
            "  crossbar train --dataset mnist --data ~/data/mnist --reference eqprop --json mnist.json",
            "  crossbar train --board none --reference backprop --dataset mnist --data DIR   (float only)",
            "  crossbar train --config iris.yaml --seed 3   (the file's settings, seed 3)"})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Experiment file (YAML): keys are these options' names without "
            + "the dashes (board, dataset, epochs, batch-size, lr, ...); flags given here override it.")
    Path configFile;

    @Option(names = "--board", paramLabel = "URI", description = "Board URI (default: ${DEFAULT-VALUE}); 'none' trains only the float reference.",
            defaultValue = "sim:")
    String board;

    @Option(names = "--dataset", paramLabel = "NAME", description = "braille, iris or mnist (default: ${DEFAULT-VALUE}).", defaultValue = "braille")
    String dataset;

    @Option(names = "--data", paramLabel = "PATH", description = "MNIST: a directory with *images-idx3* / *labels-idx1* files, an images file, or IMAGES,LABELS (gzip or not).")
    String data;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (per fold for Iris); default depends on the data set.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of data generation, splits, initialisation and order (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--hidden", paramLabel = "N[,N...]", description = "Hidden layer sizes, or 'none' for a single-layer network. Defaults: braille 32, iris 32, mnist 128.")
    String hidden;

    @Option(names = "--update", paramLabel = "RULE", description = "stochastic (parallel outer-product pulses on the weights), "
            + "tiki-taka (parallel pulses on a second, fast array moved to the weights by row transfers; twice the devices, "
            + "experimental) or manhattan (host-accumulated: a digital residual per weight on the host, device pulses sent "
            + "one by one; the fallback for boards without parallel updates). "
            + "Defaults: braille and iris manhattan, mnist stochastic.")
    String update;

    @Option(names = "--settle", paramLabel = "WHERE", description = "Where the phases settle: board (one request per batch, the board runs"
            + " the sweeps) or host (a VMM per layer and sweep). Default: board when the board offers it, else host.")
    String settle;

    @Option(names = "--reference", paramLabel = "KIND", description = "Float reference on the same network and data: none, eqprop or backprop (default: ${DEFAULT-VALUE}).",
            defaultValue = "none")
    String reference;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the summary as one JSON object.")
    Path json;

    @Option(names = "--run-db", paramLabel = "DB", description = "Run database: a file, or jdbc:postgresql://HOST:PORT/DATABASE "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "crossbar-runs.db")
    String runDb;

    @Option(names = "--resume", paramLabel = "RUN_ID", description = "Continue an unfinished run from its last completed epoch (its recorded configuration is used).")
    Long resume;

    @Option(names = "--lr", paramLabel = "ETA[,ETA...]", split = ",", description = "Learning rate per layer, per sample.")
    List<Double> learningRates;

    @Option(names = "--lr-decay", paramLabel = "D", description = "Multiply the learning rates by D after every epoch (1 = constant).")
    Double lrDecay;

    @Option(names = "--beta", paramLabel = "BETA", description = "Nudging strength β.")
    Double beta;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples settled together (one batched VMM per tile).")
    Integer batchSize;

    @Option(names = "--reads-averaged", paramLabel = "K", description = "ADC reads averaged per VMM output (0 = board default). Defaults: braille 2, iris 1, mnist 1.")
    Integer readsAveraged;

    @Option(names = "--eval-reads-averaged", paramLabel = "K", description = "ADC reads averaged when evaluating the test split (0 = as in training).")
    Integer evalReadsAveraged;

    @Option(names = "--pulse-width", paramLabel = "SECONDS", description = "Width of update pulses (default: ${DEFAULT-VALUE} s); shorter pulses make finer steps.",
            defaultValue = "1e-7")
    double pulseWidth;

    @Option(names = "--no-refresh", description = "Do not refresh saturated pairs by write-verify.")
    boolean noRefresh;

    @Option(names = "--braille-words", paramLabel = "N", description = "Braille vocabulary size (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int brailleWords;

    @Option(names = "--braille-letters", paramLabel = "N", description = "Braille word length (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int brailleLetters;

    @Option(names = "--flip-rate", paramLabel = "P", description = "Braille dot flip probability (default: ${DEFAULT-VALUE}).", defaultValue = "0.1")
    double flipRate;

    @Option(names = "--train-size", paramLabel = "N", description = "Braille: training samples (default 8000); MNIST: use only the first N.")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "Braille: test samples (default 2000); MNIST: use only the first N.")
    Integer testSize;

    @Option(names = "--task", paramLabel = "TASK", description = "Braille: classification or reconstruction (default: ${DEFAULT-VALUE}).", defaultValue = "classification")
    String task;

    @Option(names = "--image-size", paramLabel = "PX", description = "MNIST: 8, 14 or 28 pixels a side (default: ${DEFAULT-VALUE}).", defaultValue = "14")
    int imageSize;

    @Option(names = "--dashboard", paramLabel = "[HOST:]PORT", description = "Serve a live page of the run (loopback unless HOST is "
            + "given; PORT 0 = any free port); prints 'dashboard: URL' when it is up.")
    String dashboard;

    @Option(names = "--publish-to", paramLabel = "URL", description = "Also publish the run's progress to a gateway's page "
            + "(crossbar serve --http), e.g. http://127.0.0.1:8080/, so observers of the bench see it.")
    URI publishTo;

    @Option(names = "--publish-token-file", paramLabel = "FILE", description = "File holding the gateway's token, for --publish-to.")
    Path publishTokenFile;

    @Mixin
    OutputFiles outputs;

    @Mixin
    LeaseOption lease;

    @Spec
    CommandSpec spec;

    /** The configuration these flags describe (no board is opened here). */
    TrainingConfig config() {
        if (configFile != null) {
            CommandLine.ParseResult given = spec.commandLine().getParseResult();
            ExperimentFile.apply(spec, ExperimentFile.read(configFile), o -> given != null && given.hasMatchedOption(o),
                    "--config " + configFile);
            // applied once: a second config() sees the file's values as set
            configFile = null;
        }
        TrainingConfig.Builder b = TrainingConfig.builder().board(board).dataset(DatasetKind.parse(dataset)).data(data).seed(seed)
                .reference(ReferenceKind.parse(reference)).runDb(RunDatabase.parse(runDb)).refresh(!noRefresh);
        if (lease.takeLease) {
            b.boardOpener(lease.opening(Boards::open));
        }
        if (epochs != null) {
            // The builder takes 0 for "the data set's default"; on the command line that default is the flag left out.
            if (epochs < 1) {
                throw new IllegalArgumentException("--epochs: " + epochs + " (expected: >= 1; leave it out for the data set's default)");
            }
            b.epochs(epochs);
        }
        if (hidden != null) {
            b.hidden(parseHidden(hidden));
        }
        if (learningRates != null) {
            b.learningRates(learningRates.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (beta != null) {
            b.beta(beta);
        }
        b.learningRateDecay(lrDecay);
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        b.boardSettings(BoardSettings.DEFAULTS.withPulses(new PulseSettings(PulseSettings.DEFAULTS.setVolts(), PulseSettings.DEFAULTS.resetVolts(),
                pulseWidth, PulseSettings.DEFAULTS.pulseTrainLength())));
        if (settle != null) {
            SettleMode m = SettleMode.parse(settle);
            if (m == SettleMode.AUTO) {
                throw new IllegalArgumentException("--settle " + settle + " (expected: board or host; leave it out for the default)");
            }
            b.settle(m);
        }
        b.update(update == null ? null : UpdateRule.parse(update)).readsAveraged(readsAveraged).evaluationReadsAveraged(evalReadsAveraged);
        Task t = switch (task.toLowerCase(Locale.ROOT)) {
            case "classification" -> Task.CLASSIFICATION;
            case "reconstruction" -> Task.RECONSTRUCTION;
            default -> throw new IllegalArgumentException("--task '" + task + "' (expected: classification or reconstruction)");
        };
        Braille.Options o = Braille.Options.DEFAULTS.withVocabularySize(brailleWords).withWordLength(brailleLetters).withFlipRate(flipRate)
                .withTask(t);
        if (DatasetKind.parse(dataset) == DatasetKind.BRAILLE) {
            if (trainSize != null) {
                o = o.withTrainSize(trainSize);
            }
            if (testSize != null) {
                o = o.withTestSize(testSize);
            }
        } else {
            b.mnist(new Mnist.Options(imageSize, trainSize == null ? 0 : trainSize, testSize == null ? 0 : testSize));
        }
        return b.braille(o).settingsJson(ExperimentFile.resolved(spec)).build();
    }

    static int[] parseHidden(String text) {
        if (text.isBlank() || text.strip().equalsIgnoreCase("none")) {
            return new int[0];
        }
        String[] parts = text.split(",");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--hidden '" + text + "': '" + parts[i] + "' is not a layer size (expected: N[,N...] or none)");
            }
        }
        return sizes;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // found now, not after the whole training
        outputs.checkFile("--json", json);
        RunDatabase db = RunDatabase.parse(runDb);
        if (resume == null && db.localFile().isPresent()) {
            outputs.checkFile("--run-db", db.localFile().get());
        }
        Cancellation cancel = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.cancel("interrupted by a signal");
            try {
                // let the run stop at its next batch and record itself as interrupted
                finished.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "crossbar-train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        TerminalProgress bar = TerminalProgress.forOutput(err, System.console() != null);
        try (LiveView live = LiveView.open(this, out, err)) {
            ProgressListener progress = live.listener(bar);
            TrainingSummary s = resume != null
                    ? Trainer.resume(resume, db, lease.takeLease ? lease.opening(Boards::open) : null, progress, cancel)
                    : Trainer.run(config(), progress, cancel);
            bar.close();
            print(out, s);
            if (json != null) {
                Json.writeFile(json, RunJson.tree(s));
                out.println("summary written to " + json);
            }
            return Main.EXIT_OK;
        } catch (TrainingInterruptedException e) {
            bar.close();
            err.println("crossbar train: " + e.getMessage());
            // A restarted board is a link failure too (README: exit 3), whatever the run store says about it.
            return e.linkFailure() || e.getCause() instanceof BoardRestartedException ? Main.EXIT_LINK : Main.EXIT_FAILED;
        } catch (DataSetException | RunStoreException | RunLockedException e) {
            bar.close();
            err.println("crossbar train: " + e.getMessage());
            return Main.EXIT_FAILED;
        } finally {
            bar.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the latch counted down above
            }
        }
    }

    static void print(PrintWriter out, TrainingSummary s) {
        out.printf("run %d: %s on %s, network %s, %d epochs, update %s%s%n", s.runId(), s.dataset(), s.board(), s.network(), s.epochs(),
                s.update(), s.settle() == null ? "" : ", settled on the " + s.settle());
        out.printf("  train accuracy   %.2f%%%n", 100 * s.trainAccuracy());
        out.printf("  test accuracy    %.2f%%%s%n", 100 * s.testAccuracy(), s.folds() != null ? " (mean of " + s.folds() + " folds)" : "");
        if (s.optimalTestAccuracy() != null) {
            out.printf("  best possible    %.2f%% (nearest-word decoder on the same test samples)%n", 100 * s.optimalTestAccuracy());
        }
        if (s.referenceTestAccuracy() != null) {
            out.printf("  float %-10s %.2f%% (gap %.2f points)%n", s.reference().label(), 100 * s.referenceTestAccuracy(),
                    100 * (s.referenceTestAccuracy() - s.testAccuracy()));
        }
        out.printf("  pulses           %,d update pulses, %,d write-verify pulses%n", s.pulses(), s.writeVerifyPulses());
        TrainingSummary.BoardFigures b = s.onBoard();
        if (b != null) {
            out.printf("  board energy     %s per training sample, %s per inference (%s in all, ledger)%n",
                    Units.si(b.energyJoulesPerTrainingSample(), "J"), Units.si(b.energyJoulesPerInferenceSample(), "J"),
                    Units.si(s.energyJoules(), "J"));
            out.printf("  hardware time    %s per training sample (modelled)%n", Units.si(b.hardwareSecondsPerTrainingSample(), "s"));
            out.printf("  digital ref.     %s per training sample (%s)%n", Units.si(b.digitalReference().trainingJoulesPerSample(), "J"),
                    b.digitalReference().source());
            out.printf("  faulty devices   %d of %d probed, %d pairs refreshed%n", b.faultyDevices(), b.devicesProbed(), b.refreshedPairs());
        }
        out.printf("  wall time        %.1f s, %.0f training samples/s%n", s.wallSeconds(), s.samplesPerSecond());
        if (s.notes() != null) {
            for (String n : s.notes()) {
                out.println("  note: " + n);
            }
        }
        out.flush();
    }
}
