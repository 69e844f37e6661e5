package org.crossbarhil.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A word where a subcommand belongs that names none is a usage error (exit 2, "unknown command"),
 * also when {@code --help} follows it: picocli otherwise reports "Unmatched argument", or, with
 * {@code --help} after the word, prints the parent's help and exits 0, so a typo looked like success.
 */
final class UnknownCommand {
    private UnknownCommand() {
    }

    /** Refuses a help request whose command line also holds an unknown subcommand. */
    static IExecutionStrategy refusing(IExecutionStrategy delegate) {
        return parsed -> {
            ParseResult leaf = parsed;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            CommandLine cl = leaf.commandSpec().commandLine();
            if (!leaf.unmatched().isEmpty() && isUnknownCommand(cl, leaf.unmatched().get(0))) {
                return report(cl, leaf.unmatched().get(0));
            }
            return delegate.execute(parsed);
        };
    }

    /** Names an unmatched word in a subcommand's place an unknown command. */
    static IParameterExceptionHandler naming(IParameterExceptionHandler delegate) {
        return (e, args) -> {
            if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    && isUnknownCommand(u.getCommandLine(), u.getUnmatched().get(0))) {
                return report(u.getCommandLine(), u.getUnmatched().get(0));
            }
            return delegate.handleParseException(e, args);
        };
    }

    private static boolean isUnknownCommand(CommandLine cl, String word) {
        return !cl.getSubcommands().isEmpty() && !word.startsWith("-") && cl.getCommandSpec().positionalParameters().isEmpty();
    }

    private static int report(CommandLine cl, String word) {
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        err.println(name + ": unknown command '" + word + "' (the commands: "
                + String.join(", ", cl.getSubcommands().keySet()) + ")");
        err.println("Try '" + name + " --help'.");
        err.flush();
        return Main.EXIT_USAGE;
    }
}
