package org.crossbarhil.cli;

import java.util.List;

/** Every subcommand of {@code crossbar}, in the order --help lists them. */
final class Subcommands {
    private Subcommands() {
    }

    static List<Object> all() {
        return List.of(
                new TrainCommand(),
                new RunsCommand(),
                new PlotCommand(),
                new InfoCommand(),
                new ReadCommand(),
                new PulseCommand(),
                new VmmCommand(),
                new RampCommand(),
                new ProgramCommand(),
                new ConfigureCommand(),
                new LimitsCommand(),
                new LedgerCommand(),
                new AbortCommand(),
                new SafeIdleCommand(),
                new LeaseCommand(),
                new MonitorCommand(),
                new CharacterizeCommand(),
                new ConformanceCommand(),
                new SimCommand(),
                new ServeCommand());
    }
}
