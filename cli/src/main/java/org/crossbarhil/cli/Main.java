package org.crossbarhil.cli;

import java.io.IOException;
import org.crossbarhil.driver.BoardException;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.trainer.ToolVersion;
import org.crossbarhil.trainer.data.DataSetException;
import org.crossbarhil.trainer.runs.RunStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code crossbar} command. Subcommands each live in their own class; this one only wires
 * them together and maps failures to exit codes (never stack traces, unless CROSSBAR_DEBUG=1).
 */
@Command(
        name = "crossbar",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Train neural networks on memristor crossbar boards with the chip in the loop, and",
            "operate the boards: real ones over serial or TCP, or the built-in simulated board.",
            "",
            "Boards are named by URI:",
            "  sim:                              in-process simulated board (profile taox)",
            "  sim:?profile=taox-2x64&seed=7     a profile, a seed, physics overrides by name",
            "  tcp://127.0.0.1:7700              a board or gateway over TCP (tls:// for TLS)",
            "  serial:/dev/ttyUSB0?baud=921600   a board on a serial port",
            "",
            "Units are SI throughout: volts, seconds, siemens, amperes, joules.",
        },
        footer = {
            "",
            "Exit codes: 0 success; 1 the board refused or a check failed; 2 usage error;",
            "3 the board could not be reached or the link failed.",
        },
        subcommandsRepeatable = false)
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_LINK = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; used by tests. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Object sub : Subcommands.all()) {
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler(Main::handleException);
        cl.setExecutionStrategy(UnknownCommand.refusing(new MeasurementRecorder(new CommandLine.RunLast())));
        cl.setParameterExceptionHandler(UnknownCommand.naming(cl.getParameterExceptionHandler()));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        reflow(cl);
        return cl;
    }

    /**
     * Joins each command's description lines into paragraphs (an empty line separates them, an
     * indented line stays a line of its own): picocli prints every line of a description as a
     * line and wraps it at the usage width, so sentences broken in the source at 100 columns came
     * out as long and short lines alternating.
     */
    private static void reflow(CommandLine cl) {
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        usage.description(summaryFirst(paragraphs(usage.description())));
        for (CommandLine sub : cl.getSubcommands().values()) {
            reflow(sub);
        }
    }

    /**
     * The first sentence as a line of its own: picocli lists a subcommand under "Commands" by the
     * first line of its description, which should be a summary, not the whole first paragraph.
     */
    private static String[] summaryFirst(String[] paragraphs) {
        if (paragraphs.length == 0) {
            return paragraphs;
        }
        String first = paragraphs[0];
        int end = first.indexOf(". ");
        if (end < 0) {
            return paragraphs;
        }
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of(paragraphs));
        out.set(0, first.substring(0, end + 1));
        out.add(1, first.substring(end + 2));
        return out.toArray(String[]::new);
    }

    static String[] paragraphs(String[] lines) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            boolean ownLine = line.isBlank() || Character.isWhitespace(line.charAt(0));
            if (ownLine || paragraph.length() == 0) {
                if (paragraph.length() > 0) {
                    out.add(paragraph.toString());
                    paragraph.setLength(0);
                }
                if (ownLine) {
                    out.add(line);
                    continue;
                }
            }
            paragraph.append(paragraph.length() == 0 ? "" : " ").append(line.strip());
        }
        if (paragraph.length() > 0) {
            out.add(paragraph.toString());
        }
        return out.toArray(String[]::new);
    }

    private static int handleException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (System.getenv("CROSSBAR_DEBUG") != null) {
            e.printStackTrace(cl.getErr());
        }
        // qualified: a refusal of "limits set" must not read as a top-level "crossbar set"
        String command = cl.getCommandSpec().qualifiedName();
        String prefix = command + ": ";
        if (e instanceof RunStoreException) {
            cl.getErr().println(prefix + e.getMessage() + " (check --run-db; a damaged database can be moved aside, "
                    + "and the next run starts a new one)");
            return EXIT_FAILED;
        }
        if (e instanceof DataSetException) {
            cl.getErr().println(prefix + e.getMessage());
            return EXIT_FAILED;
        }
        if (e instanceof BoardLinkException) {
            cl.getErr().println(prefix + e.getMessage());
            return EXIT_LINK;
        }
        if (e instanceof BoardException) {
            cl.getErr().println(prefix + e.getMessage());
            return EXIT_FAILED;
        }
        if (e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException) {
            cl.getErr().println(prefix + e.getMessage());
            cl.getErr().println("Try '" + command + " --help'.");
            return EXIT_USAGE;
        }
        if (e instanceof IOException || e instanceof java.io.UncheckedIOException) {
            cl.getErr().println(prefix + e.getMessage());
            return EXIT_FAILED;
        }
        cl.getErr().println(prefix + "internal error: " + e + " (set CROSSBAR_DEBUG=1 for the stack trace)");
        return EXIT_FAILED;
    }

    static String version() {
        return ToolVersion.get();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "crossbar " + version(),
                "wire protocol " + ProtocolVersion.string() + " (unstable until 1.0)",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            };
        }
    }
}
