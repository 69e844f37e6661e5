package org.crossbarhil.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.trainer.runs.MeasurementLog;
import org.crossbarhil.trainer.runs.RunStoreException;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Logs every run of a {@link Measurement.Recorded} command in the run database's measurement log:
 * its command line (the board URI without secrets), time, exit code and JSON result, or the
 * error message when it failed. One place for every bench command, so none can forget it.
 */
final class MeasurementRecorder implements IExecutionStrategy {
    private final IExecutionStrategy delegate;

    MeasurementRecorder(IExecutionStrategy delegate) {
        this.delegate = delegate;
    }

    @Override
    public int execute(ParseResult parsed) throws ExecutionException, ParameterException {
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        if (!(leaf.commandSpec().userObject() instanceof Measurement.Recorded recorded)
                || recorded.measurement().noRecord || leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) {
            return delegate.execute(parsed);
        }
        CommandLine command = leaf.commandSpec().commandLine();
        Path db = recorded.measurement().runDb;
        Path parent = db.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            // Refused before the board is touched: a measurement that cannot be recorded is not made.
            throw new ParameterException(command, "--run-db " + db + ": directory " + parent
                    + " does not exist (create it, or pass --no-record)");
        }
        int code;
        String error = null;
        try {
            code = delegate.execute(parsed);
        } catch (ExecutionException e) {
            Exception cause = e.getCause() instanceof Exception c ? c : e;
            error = cause.getMessage();
            try {
                code = parsed.commandSpec().commandLine().getExecutionExceptionHandler()
                        .handleExecutionException(cause, e.getCommandLine(), parsed);
            } catch (Exception handlerFailed) {
                throw e;
            }
        }
        log(command, recorded, parsed.originalArgs(), code, error);
        return code;
    }

    private static void log(CommandLine command, Measurement.Recorded recorded, List<String> args, int code, String error) {
        String uri = recorded.board().uri;
        String redacted = redacted(uri);
        List<String> line = new ArrayList<>();
        line.add("crossbar");
        for (String a : args) {
            line.add(a.equals(uri) ? redacted : a);
        }
        Map<String, Object> result = recorded.measurement().result();
        if (error != null) {
            result = new LinkedHashMap<>();
            result.put("error", error);
        }
        try (MeasurementLog log = MeasurementLog.open(recorded.measurement().runDb)) {
            log.append(new MeasurementLog.Entry(0, Instant.now().toString(), command.getCommandName(), String.join(" ", line),
                    redacted, code, result == null ? null : Json.write(result)));
        } catch (RunStoreException e) {
            // The measurement itself happened; losing its log entry must not turn its result into a failure.
            command.getErr().println("crossbar " + command.getCommandName() + ": warning: not recorded: " + e.getMessage());
        }
    }

    private static String redacted(String uri) {
        try {
            return BoardUri.parse(uri).redacted();
        } catch (RuntimeException e) {
            return "(unparsable board URI)";
        }
    }
}
