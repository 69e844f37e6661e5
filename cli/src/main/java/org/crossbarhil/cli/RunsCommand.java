package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossbar runs}: the recorded training runs. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the training runs recorded in a run database: id, status (running, interrupted, failed,",
            "completed), when, data set, network, board, update rule, epochs done and the last test accuracy.",
            "An unfinished run continues with 'crossbar train --resume ID'."})
final class RunsCommand implements Callable<Integer> {
    @Option(names = "--run-db", paramLabel = "FILE", description = "Run database (default: ${DEFAULT-VALUE}).", defaultValue = "crossbar-runs.db")
    Path runDb;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--measurements", description = "List the bench commands logged (read, pulse, ramp, program, ...) instead of the training runs.")
    boolean measurements;

    @Option(names = "--http", paramLabel = "[HOST:]PORT", description = "Serve a page of the recorded runs, with their curves side "
            + "by side, until interrupted (loopback unless HOST is given; port 0 = any free port).")
    String http;

    @Spec
    CommandSpec spec;

    /** One run as --json and the runs page show it. */
    static Map<String, Object> row(RunInfo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("status", r.status());
        m.put("created", r.created());
        m.put("updated", r.updated());
        m.put("dataset", r.dataset());
        m.put("network", r.network());
        m.put("board", r.board());
        m.put("update", r.update());
        m.put("seed", r.seed());
        m.put("folds", r.folds());
        m.put("epochs", r.epochs());
        m.put("epochs_done", (r.lastFold() - 1 < 0 ? 0 : (r.lastFold() - 1) * r.epochs()) + r.lastEpoch());
        m.put("test_accuracy", r.testAccuracy());
        return m;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(runDb)) {
            spec.commandLine().getErr().println("crossbar runs: no run database at " + runDb + " (crossbar train creates it)");
            return Main.EXIT_FAILED;
        }
        if (measurements) {
            MeasurementsTable.print(out, runDb, json);
            return Main.EXIT_OK;
        }
        if (http != null) {
            return RunsPage.serve(runDb, http, out);
        }
        List<RunInfo> runs;
        try (RunStore store = RunStore.open(runDb)) {
            runs = store.list();
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RunInfo r : runs) {
                rows.add(row(r));
            }
            out.println(Json.write(rows));
        } else {
            out.printf("%-5s %-12s %-20s %-8s %-12s %-28s %-10s %-9s %s%n", "ID", "STATUS", "CREATED", "DATASET", "NETWORK", "BOARD", "UPDATE",
                    "EPOCHS", "TEST ACC");
            for (RunInfo r : runs) {
                int done = (r.lastFold() > 0 ? (r.lastFold() - 1) * r.epochs() : 0) + r.lastEpoch();
                String acc = r.testAccuracy() == null ? "-" : String.format("%.2f%%", 100 * r.testAccuracy());
                out.printf("%-5d %-12s %-20s %-8s %-12s %-28s %-10s %-9s %s%n", r.id(), r.status(), shorten(r.created(), 19), r.dataset(),
                        r.network(), shorten(r.board(), 28), r.update(), done + "/" + r.epochs() * Math.max(1, r.folds()), acc);
            }
            if (runs.isEmpty()) {
                out.println("(no runs yet)");
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static String shorten(String s, int n) {
        return s == null ? "-" : s.length() <= n ? s : s.substring(0, n);
    }
}
