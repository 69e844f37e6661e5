package org.crossbarhil.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.WriteVerifyResult;
import org.crossbarhil.driver.WriteVerifySpec;
import org.crossbarhil.trainer.board.TileSnapshot;
import org.crossbarhil.trainer.runs.RunStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossbar program}: write-verify a target conductance map onto one tile and report the error per device. */
@Command(name = "program", mixinStandardHelpOptions = true,
        description = {"Program a target conductance map onto a tile by write-verify, and report the error per device.",
            "",
            "The targets come from a CSV file in the format 'crossbar read --csv' writes (siemens, one line per",
            "row, from row 0 and column 0), or from the conductances a training run recorded (--from-run,",
            "label --label, in --run-db). The board pulses each device toward its target (SET when below,",
            "RESET when above) until it is within --tolerance or --max-pulses are spent. Devices go to the",
            "board in groups that keep each request within the working max_pulses_per_command; progress is",
            "printed after each group. The summary gives the devices that converged and the error",
            "(final - target) over the map; --report writes it per device as CSV:",
            "  row,col,target_siemens,final_siemens,error_siemens,pulses,converged"})
final class ProgramCommand implements Callable<Integer>, Measurement.Recorded {
    static final String REPORT_HEADER = "row,col,target_siemens,final_siemens,error_siemens,pulses,converged";

    @Mixin
    BoardOptions board;

    @Mixin
    OutputFiles outputs;

    @Mixin
    Measurement measurement;

    @Mixin
    LeaseOption lease;

    @Option(names = "--tile", required = true, paramLabel = "T", description = "Tile to program (and, with --from-run, the recorded tile).")
    int tile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--targets", paramLabel = "FILE", description = "Target map, CSV in siemens as 'crossbar read --csv' writes it.")
        Path csv;

        @Option(names = "--from-run", paramLabel = "RUN_ID", description = "Targets from a recorded run's conductances (see --label).")
        Long run;
    }

    @Option(names = "--label", paramLabel = "LABEL", defaultValue = "final",
            description = "With --from-run: which recorded map (default: ${DEFAULT-VALUE}; e.g. initial, checkpoint).")
    String label;

    @Option(names = "--tolerance", paramLabel = "S", defaultValue = "1e-6",
            description = "Converged when |G - target| is within this many siemens (default: ${DEFAULT-VALUE}).")
    double toleranceSiemens;

    @Option(names = "--max-pulses", paramLabel = "N", defaultValue = "50",
            description = "Pulses the board may spend on each device (default: ${DEFAULT-VALUE}).")
    int maxPulses;

    @Option(names = "--set-volts", paramLabel = "V", defaultValue = "1.2", description = "SET amplitude, > 0 (default: ${DEFAULT-VALUE}).")
    double setVolts;

    @Option(names = "--reset-volts", paramLabel = "V", defaultValue = "-1.1", description = "RESET amplitude, < 0 (default: ${DEFAULT-VALUE}).")
    double resetVolts;

    @Option(names = "--width", paramLabel = "S", defaultValue = "100e-9", description = "Pulse width in seconds (default: ${DEFAULT-VALUE}).")
    double widthSeconds;

    @Option(names = "--read-volts", paramLabel = "V", defaultValue = "0", description = "Verify read voltage (default: 0 = configured).")
    double readVolts;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the error per device as CSV.")
    Path report;

    @Spec
    CommandSpec spec;

    /** Target conductances (siemens) of the corner of a tile from row 0 and column 0, row-major. */
    record TargetMap(int rows, int cols, double[] siemens) {
        double get(int row, int col) {
            return siemens[row * cols + col];
        }

        static TargetMap of(TileSnapshot recorded) {
            double[] g = new double[recorded.siemens().length];
            for (int i = 0; i < g.length; i++) {
                g[i] = recorded.siemens()[i];
            }
            return new TargetMap(recorded.rows(), recorded.cols(), g);
        }
    }

    /** One device's outcome against its target. */
    record DeviceError(int row, int col, double target, double measured, int pulses, boolean converged) {
        double error() {
            return measured - target;
        }
    }

    @Override
    public Integer call() throws IOException {
        outputs.checkFile("--report", report);
        TargetMap targets = source.csv != null ? readCsv(source.csv) : TargetMap.of(recorded());
        List<DeviceTarget> devices = new ArrayList<>();
        for (int r = 0; r < targets.rows(); r++) {
            for (int c = 0; c < targets.cols(); c++) {
                devices.add(new DeviceTarget(r, c, targets.get(r, c)));
            }
        }
        // Checks every argument of the requests before the board is opened.
        new WriteVerifySpec(tile, devices.subList(0, 1), toleranceSiemens, maxPulses, setVolts, resetVolts, widthSeconds, readVolts);
        PrintWriter err = spec.commandLine().getErr();
        List<DeviceError> errors = new ArrayList<>();
        long pulses = 0;
        try (CrossbarBoard b = board.open()) {
            b.info().geometry().checkDevice(tile, targets.rows() - 1, targets.cols() - 1);
            lease.takeIfAsked(b);
            // A group of n devices counts n x maxPulses against max_pulses_per_command; a single device beyond it is left
            // for the driver's envelope check to refuse with the limit in its message.
            int group = Math.max(1, b.info().limits().working().maxPulsesPerCommand() / maxPulses);
            for (int from = 0; from < devices.size(); from += group) {
                List<DeviceTarget> part = devices.subList(from, Math.min(devices.size(), from + group));
                WriteVerifyResult result = b.writeVerify(new WriteVerifySpec(tile, part, toleranceSiemens, maxPulses, setVolts,
                        resetVolts, widthSeconds, readVolts));
                pulses += result.devicePulses();
                for (int i = 0; i < part.size(); i++) {
                    WriteVerifyResult.Outcome o = result.outcomes().get(i);
                    errors.add(new DeviceError(o.row(), o.col(), part.get(i).targetSiemens(), o.finalSiemens(), o.pulses(), o.converged()));
                }
                if (devices.size() > group) {
                    err.printf("program: %d/%d devices%n", errors.size(), devices.size());
                    err.flush();
                }
            }
        }
        if (report != null) {
            writeReport(report, errors);
        }
        Map<String, Object> summary = summary(errors, pulses);
        measurement.report(spec.commandLine().getOut(), summary, out -> {
            out.printf(Locale.ROOT, "tile %d: %d of %d devices within %s, %d pulses%n", tile, summary.get("converged"),
                    errors.size(), Units.si(toleranceSiemens, "S"), summary.get("device_pulses"));
            out.printf(Locale.ROOT, "error (final - target): mean %s, mean |error| %s, RMS %s, max |error| %s%n",
                    Units.si((double) summary.get("mean_error_siemens"), "S"), Units.si((double) summary.get("mean_abs_error_siemens"), "S"),
                    Units.si((double) summary.get("rms_error_siemens"), "S"), Units.si((double) summary.get("max_abs_error_siemens"), "S"));
            if (report != null) {
                out.println("wrote " + report + " (" + errors.size() + " devices)");
            }
        });
        return Main.EXIT_OK;
    }

    private Map<String, Object> summary(List<DeviceError> errors, long pulses) {
        double sum = 0;
        double sumAbs = 0;
        double sumSquares = 0;
        double maxAbs = 0;
        int converged = 0;
        for (DeviceError e : errors) {
            sum += e.error();
            sumAbs += Math.abs(e.error());
            sumSquares += e.error() * e.error();
            maxAbs = Math.max(maxAbs, Math.abs(e.error()));
            converged += e.converged() ? 1 : 0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tile", tile);
        m.put("source", source.csv != null ? source.csv.toString() : "run " + source.run + " " + label);
        m.put("devices", errors.size());
        m.put("converged", converged);
        m.put("device_pulses", pulses);
        m.put("tolerance_siemens", toleranceSiemens);
        m.put("mean_error_siemens", sum / errors.size());
        m.put("mean_abs_error_siemens", sumAbs / errors.size());
        m.put("rms_error_siemens", Math.sqrt(sumSquares / errors.size()));
        m.put("max_abs_error_siemens", maxAbs);
        if (report != null) {
            m.put("report", report.toString());
        }
        return m;
    }

    /** Reads a target map as 'crossbar read --csv' writes it; every value a conductance > 0. */
    static TargetMap readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("--targets " + file + ": no rows (expected: siemens, one line per row)");
        }
        int cols = lines.get(0).split(",", -1).length;
        double[] siemens = new double[lines.size() * cols];
        for (int r = 0; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            if (cells.length != cols) {
                throw new IllegalArgumentException("--targets " + file + ": row " + r + " has " + cells.length + " values, row 0 has "
                        + cols + " (expected: a rectangular map)");
            }
            for (int c = 0; c < cols; c++) {
                double g;
                try {
                    g = Double.parseDouble(cells[c].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--targets " + file + ": row " + r + ", column " + c + ": '" + cells[c]
                            + "' is not a number (expected: siemens)");
                }
                if (!(g > 0) || Double.isInfinite(g)) {
                    throw new IllegalArgumentException("--targets " + file + ": row " + r + ", column " + c + ": " + g
                            + " (expected: a conductance > 0 siemens)");
                }
                siemens[r * cols + c] = g;
            }
        }
        return new TargetMap(lines.size(), cols, siemens);
    }

    private TileSnapshot recorded() {
        Path db = measurement.runDb;
        if (!Files.exists(db)) {
            throw new IllegalArgumentException("--from-run " + source.run + ": no run database at " + db + " (see --run-db)");
        }
        try (RunStore store = RunStore.open(db)) {
            if (store.run(source.run).isEmpty()) {
                throw new IllegalArgumentException("--from-run " + source.run + ": no such run in " + db);
            }
            List<TileSnapshot> maps = store.conductances(source.run, label);
            if (maps.isEmpty()) {
                throw new IllegalArgumentException("--from-run " + source.run + ": no conductances labelled '" + label + "' (recorded: "
                        + String.join(", ", store.conductanceLabels(source.run)) + ")");
            }
            return maps.stream().filter(m -> m.tile() == tile).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "--from-run " + source.run + ": no map of tile " + tile + " under '" + label + "' (tiles: "
                            + maps.stream().map(m -> String.valueOf(m.tile())).toList() + ")"));
        }
    }

    private static void writeReport(Path file, List<DeviceError> errors) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(REPORT_HEADER);
            w.newLine();
            for (DeviceError e : errors) {
                w.write(e.row() + "," + e.col() + "," + e.target() + "," + e.measured() + "," + e.error() + "," + e.pulses() + ","
                        + e.converged());
                w.newLine();
            }
        }
    }

    @Override
    public Measurement measurement() {
        return measurement;
    }

    @Override
    public BoardOptions board() {
        return board;
    }
}
