package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The options every bench command shares ({@code --json}, {@code --run-db}, {@code --no-record})
 * and the result it reports: printed as text or JSON, and kept for {@link MeasurementRecorder},
 * which logs it in the run database after the command ends.
 */
final class Measurement {
    @Option(names = "--json", description = "Print the result as one JSON object instead of text.")
    boolean json;

    @Option(names = "--run-db", paramLabel = "FILE", defaultValue = "${sys:crossbar.run-db:-crossbar-runs.db}",
            description = "Run database whose measurement log records this command (default: ${DEFAULT-VALUE}; "
                    + "'crossbar runs --measurements' lists it).")
    Path runDb;

    @Option(names = "--no-record", description = "Do not record this command in the measurement log.")
    boolean noRecord;

    private Map<String, Object> result;

    /** Prints {@code result} as JSON with --json, else as {@code text} writes it; and keeps it for the log. */
    void report(PrintWriter out, Map<String, Object> result, Consumer<PrintWriter> text) {
        this.result = result;
        if (json) {
            out.println(Json.write(result));
        } else {
            text.accept(out);
        }
        out.flush();
    }

    /** The reported result, or null when the command ended before reporting one. */
    Map<String, Object> result() {
        return result;
    }

    /** A command whose runs are logged: it reports through {@link #measurement()} and names its board. */
    interface Recorded {
        Measurement measurement();

        BoardOptions board();
    }
}
