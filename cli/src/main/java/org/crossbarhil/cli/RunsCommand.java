package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.trainer.runs.Provenance;
import org.crossbarhil.trainer.runs.RunDatabase;
import org.crossbarhil.trainer.runs.RunFilter;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossbar runs}: the recorded training runs. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the training runs recorded in a run database: id, status (running, interrupted, failed,",
            "completed), when, data set, network, board, update rule, epochs done of all epochs (over every fold), the run's",
            "test accuracy (for cross-validated runs the mean over folds; for an unfinished run the same over the epochs",
            "recorded so far) and its sweep. --provenance shows where each run came from instead.",
            "An unfinished run continues with 'crossbar train --resume ID'."},
        footer = {"", "Examples:",
            "  crossbar runs --dataset iris --status completed",
            "  crossbar runs --sweep 20261203-1642-a1b2 --json",
            "  crossbar runs --since 2d --provenance"})
final class RunsCommand implements Callable<Integer> {
    @Option(names = "--run-db", paramLabel = "DB", description = "Run database: a file, or jdbc:postgresql://HOST:PORT/DATABASE "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "crossbar-runs.db")
    String runDb;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--measurements", description = "List the bench commands logged (read, pulse, ramp, program, ...) instead of the training runs.")
    boolean measurements;

    @Option(names = "--http", paramLabel = "[HOST:]PORT", description = "Serve a page of the recorded runs, with their curves side "
            + "by side, until interrupted (loopback unless HOST is given; port 0 = any free port).")
    String http;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Only runs on this data set (braille, iris, mnist).")
    String dataset;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only runs with this status (running, interrupted, failed, completed).")
    String status;

    @Option(names = "--sweep", paramLabel = "SWEEP_ID", description = "Only the runs of this sweep.")
    String sweep;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only runs created since WHEN: a date (2026-12-01, UTC), an instant "
            + "(2026-12-01T08:00:00Z) or a time ago (30m, 12h, 7d).")
    String since;

    @Option(names = "--provenance", description = "Show tool version, board serial and firmware, sim: profile and seed, host and user.")
    boolean provenance;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        RunDatabase db = RunDatabase.parse(runDb);
        if (!db.exists()) {
            spec.commandLine().getErr().println("crossbar runs: no run database at " + runDb + " (crossbar train creates it)");
            return Main.EXIT_FAILED;
        }
        if (measurements) {
            MeasurementsTable.print(out, db, json);
            return Main.EXIT_OK;
        }
        if (http != null) {
            return RunsPage.serve(db, http, out);
        }
        RunFilter filter = new RunFilter(dataset, status, sweep, since == null ? null : parseSince(since, Instant.now()));
        List<RunInfo> runs;
        try (RunStore store = RunStore.open(db)) {
            runs = store.list(filter);
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RunInfo r : runs) {
                rows.add(row(r));
            }
            out.println(Json.write(rows));
        } else if (provenance) {
            out.printf("%-5s %-14s %-16s %-12s %-10s %-10s %-20s %s%n", "ID", "VERSION", "SERIAL", "FIRMWARE", "PROFILE", "SIM SEED", "HOST",
                    "USER");
            for (RunInfo r : runs) {
                Provenance p = r.provenance();
                out.printf("%-5d %-14s %-16s %-12s %-10s %-10s %-20s %s%n", r.id(), dash(p.toolVersion()), dash(p.boardSerial()),
                        dash(p.boardFirmware()), dash(p.simProfile()), p.simSeed() == null ? "-" : p.simSeed().toString(),
                        shorten(p.host(), 20), dash(p.user()));
            }
        } else {
            out.printf("%-5s %-12s %-20s %-8s %-12s %-28s %-10s %-11s %-9s %s%n", "ID", "STATUS", "CREATED", "DATASET", "NETWORK", "BOARD",
                    "UPDATE", "EPOCHS", "TEST ACC", "SWEEP");
            for (RunInfo r : runs) {
                String acc = r.testAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * r.testAccuracy());
                String sweepPoint = r.sweepId() == null ? "-" : r.sweepId() + "#" + r.sweepPoint();
                out.printf("%-5d %-12s %-20s %-8s %-12s %-28s %-10s %-11s %-9s %s%n", r.id(), r.status(), shorten(r.created(), 19),
                        r.dataset(), r.network(), shorten(r.board(), 28), r.update(), r.epochsDone() + "/" + r.epochsTotal(), acc,
                        sweepPoint);
            }
        }
        if (!json && runs.isEmpty()) {
            out.println("(no runs yet)");
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /** One run as {@code --json} and the runs page list it: epochs counted over all folds in both {@code epochs_done} and {@code epochs_total}. */
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
        m.put("epochs_per_fold", r.epochs());
        m.put("epochs_done", r.epochsDone());
        m.put("epochs_total", r.epochsTotal());
        m.put("test_accuracy", r.testAccuracy());
        m.put("sweep_id", r.sweepId());
        m.put("sweep_point", r.sweepPoint());
        Provenance p = r.provenance();
        m.put("tool_version", p.toolVersion());
        m.put("board_serial", p.boardSerial());
        m.put("board_firmware", p.boardFirmware());
        m.put("sim_profile", p.simProfile());
        m.put("sim_seed", p.simSeed());
        m.put("host", p.host());
        m.put("user", p.user());
        return m;
    }

    /** A date (UTC midnight), an instant, or a time ago: 30m, 12h, 7d. */
    static Instant parseSince(String text, Instant now) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+[mhd]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return t.contains("t") ? Instant.parse(text.strip()) : LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + text + "' (expected: a date 2026-12-01, an instant 2026-12-01T08:00:00Z, "
                    + "or a time ago: 30m, 12h, 7d)");
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String shorten(String s, int n) {
        return s == null ? "-" : s.length() <= n ? s : s.substring(0, n);
    }
}
