package org.crossbarhil.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossbarhil.driver.CrossbarBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Stop whatever the board runs and put it in safe idle.",
            "",
            "Sent ahead of any queued request; the operation in progress (a write-verify, a ramp, a long",
            "update) stops at its next step and answers ABORTED. Any client may abort, lease or not:",
            "stopping a board is never refused for want of a lease."})
final class AbortCommand extends OneRequestCommand {
    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "crossbar abort",
            description = "Why, for the board's events and a gateway's audit log (default: ${DEFAULT-VALUE}).")
    String reason;

    @Override
    public Integer call() {
        try (CrossbarBoard b = board.open()) {
            boolean stopped = b.abort(reason);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", reason);
            m.put("operation_stopped", stopped);
            measurement.report(spec.commandLine().getOut(), m, out -> out.println(stopped
                    ? "aborted the operation in progress; the board is in safe idle"
                    : "nothing was running; the board is in safe idle"));
        }
        return Main.EXIT_OK;
    }
}
