package org.crossbarhil.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pulse", mixinStandardHelpOptions = true,
        description = {"Pulse one device and print its conductance before and after.",
            "",
            "Applies a pulse train to one device (V/2 half-select scheme: the row at +V/2, the",
            "column at -V/2, other lines grounded). The conductance is read before and after.",
            "Positive volts SET (raise G), negative volts RESET (lower G). The working safety limits are",
            "checked before anything is sent; out-of-envelope pulses are refused, never clamped."})
final class PulseCommand implements Callable<Integer>, Measurement.Recorded {
    @Mixin
    BoardOptions board;

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

    @Option(names = "--volts", required = true, paramLabel = "V",
            description = "Pulse amplitude in volts across the device, signed (e.g. 1.2 or -1.1).")
    double volts;

    @Option(names = "--width", required = true, paramLabel = "S", description = "Pulse width in seconds (e.g. 100e-9).")
    double widthSeconds;

    @Option(names = "--count", defaultValue = "1", paramLabel = "N", description = "Number of pulses (default: ${DEFAULT-VALUE}).")
    int count;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DevicePulse pulse = new DevicePulse(row, col, volts, widthSeconds, count);
        try (CrossbarBoard b = board.open()) {
            b.info().geometry().checkDevice(tile, row, col);
            lease.takeIfAsked(b);
            double before = b.readDevice(tile, row, col);
            float[] after = b.pulseAndRead(tile, List.of(pulse), 0, false);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tile", tile);
            m.put("row", row);
            m.put("col", col);
            m.put("volts", volts);
            m.put("width_seconds", widthSeconds);
            m.put("count", count);
            m.put("siemens_before", before);
            m.put("siemens_after", (double) after[0]);
            measurement.report(spec.commandLine().getOut(), m, out -> out.printf("tile %d (%d, %d): %d pulse%s of %s, %s: G %s -> %s%n",
                    tile, row, col, count, count == 1 ? "" : "s", Units.si(volts, "V"), Units.si(widthSeconds, "s"),
                    Units.si(before, "S"), Units.si(after[0], "S")));
        }
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
}
