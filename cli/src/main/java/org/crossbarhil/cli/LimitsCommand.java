package org.crossbarhil.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.LimitsPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossbar limits} and {@code crossbar limits set}: the safety envelope. */
@Command(name = "limits", mixinStandardHelpOptions = true, subcommands = LimitsCommand.Set.class,
        description = {"Show the board's hard and working safety limits; 'limits set' changes the working ones.",
            "",
            "The hard limits are the board's own and never change; every write is checked against the",
            "working limits, which lie within them. 'crossbar limits set URI --max-volts 1.0' tightens or",
            "loosens one or more working limits (the others keep their values); the board refuses",
            "anything beyond the hard limits, and a gateway lets only an administrator loosen them."})
final class LimitsCommand implements Callable<Integer> {
    @Mixin
    BoardOptions board;

    @Option(names = "--json", description = "Print the limits as one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (CrossbarBoard b = board.open()) {
            LimitsPair limits = b.limits();
            if (json) {
                spec.commandLine().getOut().println(Json.write(toJson(limits)));
            } else {
                InfoCommand.printLimits(spec.commandLine().getOut(), limits);
            }
            spec.commandLine().getOut().flush();
        }
        return Main.EXIT_OK;
    }

    static Map<String, Object> toJson(LimitsPair limits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hard", InfoCommand.limitsJson(limits.hard()));
        m.put("working", InfoCommand.limitsJson(limits.working()));
        return m;
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Change working limits: those given, the others keep their values.",
                "",
                "Values are checked as given (positive, finite; refused, never clamped). The board refuses a",
                "working limit beyond its hard limit with the limit in its message, and changes nothing."})
    static final class Set implements Callable<Integer>, Measurement.Recorded {
        @Mixin
        BoardOptions board;

        @Mixin
        Measurement measurement;

        @Mixin
        LeaseOption lease;

        @Option(names = "--max-volts", paramLabel = "V", description = "Largest programming amplitude |V|.")
        Double maxVolts;

        @Option(names = "--max-read-volts", paramLabel = "V", description = "Largest read or VMM voltage |V|.")
        Double maxReadVolts;

        @Option(names = "--max-half-select-volts", paramLabel = "V", description = "Largest voltage a half-selected device may see.")
        Double maxHalfSelectVolts;

        @Option(names = "--min-pulse", paramLabel = "S", description = "Shortest pulse width in seconds.")
        Double minPulseSeconds;

        @Option(names = "--max-pulse", paramLabel = "S", description = "Longest pulse width in seconds.")
        Double maxPulseSeconds;

        @Option(names = "--max-pulses-per-command", paramLabel = "N", description = "Device pulses one request may apply.")
        Integer maxPulsesPerCommand;

        @Option(names = "--max-device-amperes", paramLabel = "A", description = "Current compliance per device.")
        Double maxDeviceAmperes;

        @Option(names = "--max-line-amperes", paramLabel = "A", description = "Current compliance per line.")
        Double maxLineAmperes;

        @Option(names = "--energy-budget", paramLabel = "J", description = "Programming energy budget in joules (0 = none).")
        Double energyBudgetJoules;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (Stream.of(maxVolts, maxReadVolts, maxHalfSelectVolts, minPulseSeconds, maxPulseSeconds,
                    maxPulsesPerCommand, maxDeviceAmperes, maxLineAmperes, energyBudgetJoules).allMatch(Objects::isNull)) {
                throw new IllegalArgumentException("no limit given (expected: at least one of --max-volts, --max-read-volts, ...; "
                        + "'crossbar limits URI' shows them)");
            }
            try (CrossbarBoard b = board.open()) {
                Limits working = changed(b.limits().working());
                lease.takeIfAsked(b);
                LimitsPair now = b.setWorkingLimits(working);
                measurement.report(spec.commandLine().getOut(), toJson(now), out -> InfoCommand.printLimits(out, now));
            }
            return Main.EXIT_OK;
        }

        /** The working limits with the options given applied; the builder refuses a value that is no limit. */
        Limits changed(Limits working) {
            Limits.Builder b = working.toBuilder();
            if (maxVolts != null) {
                b.maxVolts(maxVolts);
            }
            if (maxReadVolts != null) {
                b.maxReadVolts(maxReadVolts);
            }
            if (maxHalfSelectVolts != null) {
                b.maxHalfSelectVolts(maxHalfSelectVolts);
            }
            if (minPulseSeconds != null) {
                b.minPulseSeconds(minPulseSeconds);
            }
            if (maxPulseSeconds != null) {
                b.maxPulseSeconds(maxPulseSeconds);
            }
            if (maxPulsesPerCommand != null) {
                b.maxPulsesPerCommand(maxPulsesPerCommand);
            }
            if (maxDeviceAmperes != null) {
                b.maxDeviceAmperes(maxDeviceAmperes);
            }
            if (maxLineAmperes != null) {
                b.maxLineAmperes(maxLineAmperes);
            }
            if (energyBudgetJoules != null) {
                b.energyBudgetJoules(energyBudgetJoules);
            }
            return b.build();
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
}
