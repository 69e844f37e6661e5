package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.crossbarhil.dashboard.DashboardServer;
import org.crossbarhil.dashboard.EventLog;
import org.crossbarhil.dashboard.HostPort;
import org.crossbarhil.dashboard.Page;
import org.crossbarhil.dashboard.RunsSource;
import org.crossbarhil.trainer.runs.EpochRecord;
import org.crossbarhil.trainer.runs.RunDatabase;
import org.crossbarhil.trainer.runs.RunStore;

/** {@code crossbar runs --http}: recorded runs from the run store, read afresh on every request, so new runs appear. */
final class RunsPage implements RunsSource {
    private final RunDatabase runDb;

    RunsPage(RunDatabase runDb) {
        this.runDb = runDb;
    }

    static int serve(RunDatabase runDb, String address, PrintWriter out) throws InterruptedException {
        HostPort where = HostPort.parse(address);
        try (EventLog none = new EventLog(Set.of(), 1);
                DashboardServer server = DashboardServer.builder(Page.RUNS, none).address(where).allowRemote(address.contains(":"))
                        .runs(new RunsPage(runDb)).start()) {
            out.println(server.readyLine());
            out.flush();
            // serves until the process is interrupted (Ctrl-C, SIGTERM)
            new CountDownLatch(1).await();
        }
        return Main.EXIT_OK;
    }

    @Override
    public List<Map<String, Object>> runs() {
        try (RunStore store = RunStore.open(runDb)) {
            return store.list().stream().map(RunsCommand::row).toList();
        }
    }

    @Override
    public List<Map<String, Object>> epochs(long runId) {
        try (RunStore store = RunStore.open(runDb)) {
            return store.epochs(runId).stream().map(RunsPage::epoch).toList();
        }
    }

    private static Map<String, Object> epoch(EpochRecord e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fold", e.fold());
        m.put("epoch", e.epoch());
        m.put("trainLoss", e.trainLoss());
        m.put("trainAccuracy", e.trainAccuracy());
        m.put("testLoss", e.testLoss());
        m.put("testAccuracy", e.testAccuracy());
        m.put("updatePulses", e.updatePulses());
        m.put("energyJoules", e.energyJoules());
        m.put("hardwareSeconds", e.hardwareSeconds());
        m.put("wallSeconds", e.wallSeconds());
        return m;
    }
}
