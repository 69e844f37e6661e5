package org.crossbarhil.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.LeaseAction;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.Region;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "characterize", mixinStandardHelpOptions = true,
        description = {"Measure pulse-response curves: for every device of --region, a train of",
            "SET pulses then a train of RESET pulses, reading G (siemens) before the first",
            "pulse and after each one, for every amplitude (volts) and width (seconds)",
            "given. Writes the CSV that the simulator's lookup-table device model loads",
            "(sim:?device_model=lut&lut_file=FILE; docs/device-model.md):",
            "  tile,row,col,polarity,volts,width_seconds,pulse,siemens",
            "pulse 0 is the reading before the train. Every amplitude and width is checked",
            "against the board's working limits before anything is pulsed: out-of-envelope",
            "values are refused, never clamped."})
final class CharacterizeCommand implements Callable<Integer>, Measurement.Recorded {
    static final String HEADER = "tile,row,col,polarity,volts,width_seconds,pulse,siemens";

    @Mixin
    BoardOptions board;

    @Mixin
    OutputFiles outputs;

    @Mixin
    Measurement measurement;

    @Option(names = "--region", required = true, paramLabel = "TILE:R0-R1,C0-C1",
            description = "Devices to characterize, e.g. 0:0-3,0-3 (every one of them is pulsed).")
    String region;

    @Option(names = "--set-volts", split = ",", paramLabel = "V", defaultValue = "1.2",
            description = "SET amplitudes in volts, > 0, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Double> setVolts;

    @Option(names = "--reset-volts", split = ",", paramLabel = "V", defaultValue = "-1.1",
            description = "RESET amplitudes in volts, < 0, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Double> resetVolts;

    @Option(names = "--width", split = ",", paramLabel = "S", defaultValue = "100e-9",
            description = "Pulse widths in seconds, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Double> widths;

    @Option(names = "--pulses", paramLabel = "N", defaultValue = "100",
            description = "Pulses in each SET or RESET train (default: ${DEFAULT-VALUE}).")
    int pulses;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write (replaced atomically).")
    Path out;

    @Spec
    CommandSpec spec;

    /** One train's readings: pulse 0 before the first pulse, then one per pulse. */
    record Curve(int tile, int row, int col, double volts, double widthSeconds, float[] siemens) {
    }

    @Override
    public Integer call() throws IOException {
        outputs.checkFile("--out", out);
        Region r = Region.parse(region);
        checkArguments();
        PrintWriter console = spec.commandLine().getOut();
        List<Curve> curves = new ArrayList<>();
        Instant started = Instant.now();
        try (CrossbarBoard b = board.open()) {
            r.checkWithin(b.info().geometry());
            Limits working = b.info().limits().working();
            for (double w : widths) {
                for (double v : setVolts) {
                    checkEnvelope(working, v, w);
                }
                for (double v : resetVolts) {
                    checkEnvelope(working, v, w);
                }
            }
            if (b.info().capabilities().lease()) {
                b.lease(LeaseAction.ACQUIRE, Duration.ofSeconds(60));
            }
            for (int row = r.firstRow(); row <= r.lastRow(); row++) {
                for (int col = r.firstCol(); col <= r.lastCol(); col++) {
                    for (double w : widths) {
                        for (int k = 0; k < Math.max(setVolts.size(), resetVolts.size()); k++) {
                            if (k < setVolts.size()) {
                                curves.add(train(b, r.tile(), row, col, setVolts.get(k), w, working.maxPulsesPerCommand()));
                            }
                            if (k < resetVolts.size()) {
                                curves.add(train(b, r.tile(), row, col, resetVolts.get(k), w, working.maxPulsesPerCommand()));
                            }
                        }
                    }
                }
            }
        }
        write(out, curves, board.uri, r);
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("out", out.toString());
        m.put("region", region);
        m.put("curves", curves.size());
        m.put("devices", r.rows() * r.cols());
        m.put("pulses", pulses);
        m.put("seconds", seconds);
        measurement.report(console, m, text -> {
            text.printf(Locale.ROOT, "wrote %s: %d curves (%d devices, %d pulses each) in %.1f s%n", out, curves.size(),
                    r.rows() * r.cols(), pulses, seconds);
            int shown = Math.min(curves.size(), 2 * Math.max(setVolts.size(), resetVolts.size()) * widths.size());
            for (Curve c : curves.subList(0, shown)) {
                text.printf(Locale.ROOT, "  (%d, %d) %s %s, %s: %s -> %s%n", c.row(), c.col(), c.volts() > 0 ? "SET" : "RESET",
                        Units.si(c.volts(), "V"), Units.si(c.widthSeconds(), "s"), Units.si(c.siemens()[0], "S"),
                        Units.si(c.siemens()[c.siemens().length - 1], "S"));
            }
        });
        return Main.EXIT_OK;
    }

    @Override
    public Measurement measurement() {
        return measurement;
    }

    @Override
    public BoardOptions board() {
        return board;
    }

    private void checkArguments() {
        if (pulses < 1) {
            throw new IllegalArgumentException("--pulses: " + pulses + " (expected: >= 1)");
        }
        for (double v : setVolts) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("--set-volts: " + v + " (expected: > 0 volts)");
            }
        }
        for (double v : resetVolts) {
            if (!(v < 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("--reset-volts: " + v + " (expected: < 0 volts)");
            }
        }
        for (double w : widths) {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("--width: " + w + " (expected: > 0 seconds)");
            }
        }
    }

    /** Refuses, before anything is pulsed, an amplitude or width the board's working limits would refuse. */
    static void checkEnvelope(Limits w, double volts, double width) {
        if (Math.abs(volts) > w.maxVolts()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s V exceeds the board's working max_volts %s V",
                    volts, w.maxVolts()));
        }
        if (Math.abs(volts) / 2 > w.maxHalfSelectVolts()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s V would half-select neighbours at %s V, above the "
                    + "working max_half_select_volts %s V", volts, Math.abs(volts) / 2, w.maxHalfSelectVolts()));
        }
        if (width < w.minPulseSeconds() || width > w.maxPulseSeconds()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "width %s s is outside the working limits %s..%s s", width,
                    w.minPulseSeconds(), w.maxPulseSeconds()));
        }
    }

    /** Reads, then pulses {@code pulses} times reading after each, in commands the board's limits allow. */
    Curve train(CrossbarBoard b, int tile, int row, int col, double volts, double width, int perCommand) {
        float[] g = new float[pulses + 1];
        g[0] = (float) b.readDevice(tile, row, col);
        int done = 0;
        while (done < pulses) {
            int n = Math.min(pulses - done, perCommand);
            float[] readings = b.pulseAndRead(tile, List.of(new DevicePulse(row, col, volts, width, n)), 0, true);
            if (readings.length != n) {
                throw new IllegalStateException("the board returned " + readings.length + " readings for " + n + " pulses");
            }
            System.arraycopy(readings, 0, g, done + 1, n);
            done += n;
        }
        return new Curve(tile, row, col, volts, width, g);
    }

    static void write(Path file, List<Curve> curves, String uri, Region region) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
                w.write("# crossbar characterize " + org.crossbarhil.link.BoardUri.parse(uri).redacted() + " --region " + region + " at " + Instant.now());
                w.newLine();
                w.write(HEADER);
                w.newLine();
                for (Curve c : curves) {
                    String polarity = c.volts() > 0 ? "set" : "reset";
                    for (int p = 0; p < c.siemens().length; p++) {
                        w.write(c.tile() + "," + c.row() + "," + c.col() + "," + polarity + "," + c.volts() + "," + c.widthSeconds()
                                + "," + p + "," + c.siemens()[p]);
                        w.newLine();
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
