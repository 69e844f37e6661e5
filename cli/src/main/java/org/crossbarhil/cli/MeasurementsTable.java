package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossbarhil.trainer.runs.MeasurementLog;
import org.crossbarhil.trainer.runs.RunDatabase;

/** {@code crossbar runs --measurements}: the measurement log as a table or a JSON array. */
final class MeasurementsTable {
    private MeasurementsTable() {
    }

    static void print(PrintWriter out, RunDatabase runDb, boolean json) {
        List<MeasurementLog.Entry> entries;
        try (MeasurementLog log = MeasurementLog.open(runDb)) {
            entries = log.list();
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (MeasurementLog.Entry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.id());
                m.put("time", e.time());
                m.put("command", e.command());
                m.put("command_line", e.commandLine());
                m.put("board", e.board());
                m.put("exit_code", e.exitCode());
                m.put("result", e.resultJson() == null ? null : Json.parse(e.resultJson()));
                rows.add(m);
            }
            out.println(Json.write(rows));
        } else {
            out.printf("%-5s %-24s %-13s %-4s %s%n", "ID", "TIME", "COMMAND", "EXIT", "COMMAND LINE");
            for (MeasurementLog.Entry e : entries) {
                out.printf("%-5d %-24s %-13s %-4d %s%n", e.id(), e.time(), e.command(), e.exitCode(), e.commandLine());
            }
            if (entries.isEmpty()) {
                out.println("(no measurements yet)");
            }
        }
        out.flush();
    }
}
