package org.crossbarhil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossbarhil.trainer.plot.RunPlots;
import org.crossbarhil.trainer.runs.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code crossbar plot RUN_ID}: PNG figures of a recorded run. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw a recorded run as PNG files: accuracy and loss curves, a conductance heatmap and a",
            "histogram per tile (final maps, or the latest checkpoint of an unfinished run), and the effect of",
            "pair refresh (common modes before/after, weights after against before) when a refresh moved pairs."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run (see 'crossbar runs').")
    long runId;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the PNGs (default: ${DEFAULT-VALUE}).", defaultValue = "plots")
    Path out;

    @Mixin
    OutputFiles outputs;

    @Option(names = "--run-db", paramLabel = "FILE", description = "Run database (default: ${DEFAULT-VALUE}).", defaultValue = "crossbar-runs.db")
    Path runDb;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        outputs.checkDirectoryToCreate("--out", out);
        if (!Files.exists(runDb)) {
            spec.commandLine().getErr().println("crossbar plot: no run database at " + runDb + " (crossbar train creates it)");
            return Main.EXIT_FAILED;
        }
        List<Path> files;
        try (RunStore store = RunStore.open(runDb)) {
            files = RunPlots.write(store, runId, out);
        }
        PrintWriter w = spec.commandLine().getOut();
        for (Path f : files) {
            w.println(f);
        }
        w.flush();
        return Main.EXIT_OK;
    }
}
