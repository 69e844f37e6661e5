package org.crossbarhil.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.RampResult;
import org.crossbarhil.driver.RampSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossbar ramp}: an I-V sweep or a forming ramp on one device, run on the board. */
@Command(name = "ramp", mixinStandardHelpOptions = true,
        description = {"Ramp the voltage on one device (I-V sweep, forming) until a stop condition holds.",
            "",
            "Pulses of --width at --start-volts, --start-volts + --step-volts, ... while not past",
            "--stop-volts, reading G after each, and stops early once G rises above --stop-above or",
            "falls below --stop-below (siemens; the usual forming condition is --stop-above).",
            "The board runs the whole ramp as one request and answers with every point.",
            "Every step is checked against the working limits (with --forming: the amplitude against",
            "the hard limits; a gateway allows forming only to administrators): a ramp that would",
            "leave the envelope is refused before anything is pulsed, never clamped.",
            "",
            "Example (forming a fresh device until it conducts 20 µS):",
            "  crossbar ramp sim: --tile 0 --row 0 --col 0 --start-volts 0.5 --stop-volts 2.5 \\",
            "      --step-volts 0.05 --stop-above 20e-6 --forming"})
final class RampCommand implements Callable<Integer>, Measurement.Recorded {
    @Mixin
    BoardOptions board;

    @Mixin
    OutputFiles outputs;

    @Mixin
    Measurement measurement;

    @Mixin
    LeaseOption lease;

    @Option(names = "--tile", required = true, paramLabel = "T", description = "Tile index, from 0.")
    int tile;

    @Option(names = "--row", required = true, paramLabel = "R", description = "Row (word line), from 0.")
    int row;

    @Option(names = "--col", required = true, paramLabel = "C", description = "Column (bit line), from 0.")
    int col;

    @Option(names = "--start-volts", required = true, paramLabel = "V", description = "First step's amplitude in volts, signed.")
    double startVolts;

    @Option(names = "--stop-volts", required = true, paramLabel = "V", description = "Last amplitude the ramp may reach, signed.")
    double stopVolts;

    @Option(names = "--step-volts", required = true, paramLabel = "V",
            description = "Step in volts, non-zero, pointing from --start-volts toward --stop-volts.")
    double stepVolts;

    @Option(names = "--width", paramLabel = "S", defaultValue = "100e-9",
            description = "Width of each step's pulse in seconds (default: ${DEFAULT-VALUE}).")
    double widthSeconds;

    @Option(names = "--read-volts", paramLabel = "V", defaultValue = "0",
            description = "Read voltage after each step (default: 0 = the board's configured one).")
    double readVolts;

    @Option(names = "--stop-above", paramLabel = "S", defaultValue = "0",
            description = "Stop once G rises above this many siemens (default: 0 = no such condition).")
    double stopAboveSiemens;

    @Option(names = "--stop-below", paramLabel = "S", defaultValue = "0",
            description = "Stop once G falls below this many siemens (default: 0 = no such condition).")
    double stopBelowSiemens;

    @Option(names = "--forming", description = "Forming: check the amplitude against the hard limits, not the working ones.")
    boolean forming;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the points as CSV: volts,siemens.")
    Path csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        outputs.checkFile("--csv", csv);
        if (stopAboveSiemens < 0 || stopBelowSiemens < 0) {
            throw new IllegalArgumentException("--stop-above " + stopAboveSiemens + ", --stop-below " + stopBelowSiemens
                    + " (expected: siemens >= 0, 0 = no such condition)");
        }
        RampSpec ramp = new RampSpec(tile, row, col, startVolts, stopVolts, stepVolts, widthSeconds, readVolts, stopAboveSiemens,
                stopBelowSiemens, forming);
        long steps = (long) Math.floor((stopVolts - startVolts) / stepVolts + 1e-9) + 1;
        try (CrossbarBoard b = board.open()) {
            b.info().geometry().checkDevice(tile, row, col);
            lease.takeIfAsked(b);
            spec.commandLine().getErr().printf(Locale.ROOT, "ramp: up to %d steps from %s to %s on tile %d (%d, %d)%n", steps,
                    Units.si(startVolts, "V"), Units.si(stopVolts, "V"), tile, row, col);
            spec.commandLine().getErr().flush();
            RampResult r = b.ramp(ramp);
            if (csv != null) {
                writeCsv(csv, r);
            }
            measurement.report(spec.commandLine().getOut(), toJson(r), out -> {
                for (RampResult.Point p : r.points()) {
                    out.printf(Locale.ROOT, "%10s  %s%n", Units.si(p.volts(), "V"), Units.si(p.siemens(), "S"));
                }
                out.println(summary(r));
                if (csv != null) {
                    out.println("wrote " + csv + " (" + r.points().size() + " points)");
                }
            });
        }
        return Main.EXIT_OK;
    }

    private String summary(RampResult r) {
        if (r.points().isEmpty()) {
            return "no points";
        }
        RampResult.Point last = r.points().get(r.points().size() - 1);
        boolean hasCondition = stopAboveSiemens > 0 || stopBelowSiemens > 0;
        String condition = !hasCondition ? "no stop condition"
                : r.stopConditionMet() ? "stop condition met at " + Units.si(last.volts(), "V")
                : "stop condition not met";
        return r.points().size() + " points, " + r.devicePulses() + " device pulses, " + condition + "; G "
                + Units.si(r.points().get(0).siemens(), "S") + " -> " + Units.si(last.siemens(), "S");
    }

    private Map<String, Object> toJson(RampResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tile", tile);
        m.put("row", row);
        m.put("col", col);
        m.put("start_volts", startVolts);
        m.put("stop_volts", stopVolts);
        m.put("step_volts", stepVolts);
        m.put("width_seconds", widthSeconds);
        m.put("stop_above_siemens", stopAboveSiemens);
        m.put("stop_below_siemens", stopBelowSiemens);
        m.put("forming", forming);
        m.put("stop_condition_met", r.stopConditionMet());
        m.put("device_pulses", r.devicePulses());
        List<Map<String, Object>> points = new ArrayList<>();
        for (RampResult.Point p : r.points()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("volts", p.volts());
            point.put("siemens", p.siemens());
            points.add(point);
        }
        m.put("points", points);
        return m;
    }

    private static void writeCsv(Path file, RampResult r) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("volts,siemens");
            w.newLine();
            for (RampResult.Point p : r.points()) {
                w.write(p.volts() + "," + p.siemens());
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
