package org.crossbarhil.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.ReadConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossbar configure}: the board's read-path defaults. */
@Command(name = "configure", mixinStandardHelpOptions = true,
        description = {"Show or change the read path: read voltage, integration time, ADC range, reads averaged.",
            "",
            "Options given are changed, the others keep their values; with none, the configuration is",
            "only shown. The read voltage must stay within the working max_read_volts and the ADC range",
            "must be one the board has ('crossbar info' lists them): the board refuses anything else",
            "and changes nothing. The configuration holds until changed again or the board restarts."})
final class ConfigureCommand implements Callable<Integer>, Measurement.Recorded {
    @Mixin
    BoardOptions board;

    @Mixin
    Measurement measurement;

    @Mixin
    LeaseOption lease;

    @Option(names = "--read-volts", paramLabel = "V", description = "Read voltage, > 0.")
    Double readVolts;

    @Option(names = "--integration", paramLabel = "S", description = "Integration time per read in seconds, > 0.")
    Double integrationSeconds;

    @Option(names = "--adc-range", paramLabel = "A", description = "ADC full scale in amperes (one of the board's ranges).")
    Double adcFullScaleAmperes;

    @Option(names = "--reads-averaged", paramLabel = "K", description = "ADC reads averaged per output, >= 1.")
    Integer readsAveraged;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ReadConfig changes = new ReadConfig(positive("--read-volts", readVolts), positive("--integration", integrationSeconds),
                positive("--adc-range", adcFullScaleAmperes), readsAveraged == null ? 0 : atLeastOne(readsAveraged));
        try (CrossbarBoard b = board.open()) {
            if (!changes.equals(ReadConfig.UNCHANGED)) {
                lease.takeIfAsked(b);
            }
            ReadConfig now = b.configure(changes);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("read_volts", now.readVolts());
            m.put("integration_seconds", now.integrationSeconds());
            m.put("adc_full_scale_amperes", now.adcFullScaleAmperes());
            m.put("reads_averaged", now.readsAveraged());
            measurement.report(spec.commandLine().getOut(), m, out -> out.println((changes.equals(ReadConfig.UNCHANGED) ? "" : "now: ")
                    + Units.si(now.readVolts(), "V") + " read, " + Units.si(now.integrationSeconds(), "s") + " integration, ADC "
                    + Units.si(now.adcFullScaleAmperes(), "A") + " full scale, " + now.readsAveraged() + " read"
                    + (now.readsAveraged() == 1 ? "" : "s") + " averaged"));
        }
        return Main.EXIT_OK;
    }

    private static double positive(String option, Double value) {
        if (value == null) {
            return 0;
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    private static int atLeastOne(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("--reads-averaged: " + k + " (expected: >= 1)");
        }
        return k;
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
