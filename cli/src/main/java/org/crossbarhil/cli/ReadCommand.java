package org.crossbarhil.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.CrossbarBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Read the conductance map of one tile.",
            "",
            "Every device is read alone at the configured read",
            "voltage, G = I / V. Printed as a grid in microsiemens (µS), rows down, columns across;",
            "--csv writes siemens, one line per row (the format 'crossbar program --targets' reads). Reads never change a device."})
final class ReadCommand implements Callable<Integer>, Measurement.Recorded {
    /** Wider tiles are summarised on the terminal; the CSV always holds every device. */
    private static final int MAX_GRID_COLS = 64;

    @Mixin
    BoardOptions board;

    @Mixin
    OutputFiles outputs;

    @Mixin
    Measurement measurement;

    @Option(names = "--tile", required = true, paramLabel = "T", description = "Tile index, from 0.")
    int tile;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the map as CSV (siemens), row-major.")
    Path csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        outputs.checkFile("--csv", csv);
        try (CrossbarBoard b = board.open()) {
            b.info().geometry().checkTile(tile);
            ConductanceMap map = b.readTile(tile);
            if (csv != null) {
                writeCsv(csv, map);
            }
            measurement.report(spec.commandLine().getOut(), toJson(map), out -> {
                printGrid(out, map);
                if (csv != null) {
                    out.println("wrote " + csv + " (" + map.rows() + " rows x " + map.cols() + " columns, siemens)");
                }
            });
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

    private Map<String, Object> toJson(ConductanceMap map) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tile", map.tile());
        m.put("first_row", map.firstRow());
        m.put("first_col", map.firstCol());
        m.put("rows", map.rows());
        m.put("cols", map.cols());
        float[][] grid = new float[map.rows()][];
        for (int r = 0; r < map.rows(); r++) {
            grid[r] = java.util.Arrays.copyOfRange(map.siemens(), r * map.cols(), (r + 1) * map.cols());
        }
        m.put("siemens", grid);
        if (csv != null) {
            m.put("csv", csv.toString());
        }
        return m;
    }

    static void printGrid(PrintWriter out, ConductanceMap map) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        for (float g : map.siemens()) {
            min = Math.min(min, g);
            max = Math.max(max, g);
            sum += g;
        }
        out.printf(Locale.ROOT, "tile %d: %d x %d devices, G in µS: min %.2f, mean %.2f, max %.2f%n", map.tile(),
                map.rows(), map.cols(), min * 1e6, sum / map.siemens().length * 1e6, max * 1e6);
        int cols = Math.min(map.cols(), MAX_GRID_COLS);
        StringBuilder header = new StringBuilder("row\\col");
        for (int c = 0; c < cols; c++) {
            header.append(String.format(Locale.ROOT, "%6d", map.firstCol() + c));
        }
        out.println(header);
        for (int r = 0; r < map.rows(); r++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%7d", map.firstRow() + r));
            for (int c = 0; c < cols; c++) {
                line.append(String.format(Locale.ROOT, "%6.1f", map.siemens()[r * map.cols() + c] * 1e6));
            }
            out.println(line);
        }
        if (cols < map.cols()) {
            out.println("(first " + cols + " of " + map.cols() + " columns shown; use --csv for all)");
        }
    }

    static void writeCsv(Path file, ConductanceMap map) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int r = 0; r < map.rows(); r++) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < map.cols(); c++) {
                    if (c > 0) {
                        line.append(',');
                    }
                    line.append(map.siemens()[r * map.cols() + c]);
                }
                w.write(line.toString());
                w.newLine();
            }
        }
    }
}
