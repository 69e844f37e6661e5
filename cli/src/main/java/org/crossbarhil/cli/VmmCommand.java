package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "vmm", mixinStandardHelpOptions = true,
        description = {"Run one vector-matrix multiply on a tile.",
            "",
            "Applies signed voltages to the first lines of the",
            "driven side and print the currents (amperes) of every sensed line. Forward drives rows and",
            "senses columns; --transposed drives columns and senses rows. Voltages must stay within the",
            "read limit (reads never switch a device)."})
final class VmmCommand implements Callable<Integer> {
    @Mixin
    BoardOptions board;

    @Option(names = "--tile", required = true, paramLabel = "T", description = "Tile index, from 0.")
    int tile;

    @Option(names = "--volts", required = true, split = ",", paramLabel = "V1,V2,...",
            description = "Input voltages in volts, one per driven line from line 0, comma-separated.")
    List<Double> volts;

    @Option(names = "--transposed", description = "Drive columns and sense rows.")
    boolean transposed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        float[][] vector = new float[1][volts.size()];
        for (int i = 0; i < volts.size(); i++) {
            vector[0][i] = volts.get(i).floatValue();
        }
        VmmSpec vmm = transposed ? VmmSpec.transposed(tile, vector) : VmmSpec.forward(tile, vector);
        try (CrossbarBoard b = board.open()) {
            b.info().geometry().checkTile(tile);
            VmmResult r = b.vmm(vmm);
            PrintWriter out = spec.commandLine().getOut();
            String sensed = transposed ? "row" : "col";
            for (int j = 0; j < r.outputCount(); j++) {
                out.printf("%s %4d  %s%n", sensed, j, Units.si(r.get(0, j), "A"));
            }
            out.printf("ADC full scale %s, %d output%s clipped%n", Units.si(r.adcFullScaleAmperes(), "A"), r.clipped(),
                    r.clipped() == 1 ? "" : "s");
            out.flush();
        }
        return Main.EXIT_OK;
    }
}
