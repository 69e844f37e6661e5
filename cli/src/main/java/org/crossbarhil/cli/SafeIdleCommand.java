package org.crossbarhil.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossbarhil.driver.CrossbarBoard;
import picocli.CommandLine.Command;

@Command(name = "safe-idle", mixinStandardHelpOptions = true,
        description = {"Put the board in safe idle: every line grounded or floating, nothing applied.",
            "",
            "The next operation leaves safe idle on its own. Closing any command's link does the same;",
            "this command is for a board left connected (behind a gateway, or by another program)."})
final class SafeIdleCommand extends OneRequestCommand {
    @Override
    public Integer call() {
        try (CrossbarBoard b = board.open()) {
            b.safeIdle();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", b.refreshInfo().state().toString());
            measurement.report(spec.commandLine().getOut(), m, out -> out.println("board state: " + m.get("state")));
        }
        return Main.EXIT_OK;
    }
}
