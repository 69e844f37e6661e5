package org.crossbarhil.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
final class VmmCommand implements Callable<Integer>, Measurement.Recorded {
    @Mixin
    BoardOptions board;

    @Mixin
    Measurement measurement;

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
            String sensed = transposed ? "row" : "col";
            double[] amperes = new double[r.outputCount()];
            for (int j = 0; j < amperes.length; j++) {
                amperes[j] = r.get(0, j);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tile", tile);
            m.put("direction", transposed ? "transposed" : "forward");
            m.put("volts", volts);
            m.put("amperes", amperes);
            m.put("adc_full_scale_amperes", r.adcFullScaleAmperes());
            m.put("clipped", r.clipped());
            measurement.report(spec.commandLine().getOut(), m, out -> {
                for (int j = 0; j < amperes.length; j++) {
                    out.printf("%s %4d  %s%n", sensed, j, Units.si(amperes[j], "A"));
                }
                out.printf("ADC full scale %s, %d output%s clipped%n", Units.si(r.adcFullScaleAmperes(), "A"), r.clipped(),
                        r.clipped() == 1 ? "" : "s");
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
}
