package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.driver.BoardEvent;
import org.crossbarhil.driver.CrossbarBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crossbar monitor}: the board's events and telemetry as they come. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Print the board's events and telemetry, one line each, until Ctrl-C or --duration.",
            "",
            "Events: SAFE_IDLE, FAULT, LEASE, LIMITS_CHANGED, RECONNECTED (the link dropped and came back),",
            "and TELEMETRY every --telemetry seconds (state and ledger totals). Read-only: behind a",
            "gateway it watches another client's work without disturbing it. --json prints JSON lines",
            "(one object per event) for a log or a pipe."})
final class MonitorCommand implements Callable<Integer> {
    @Mixin
    BoardOptions board;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
            description = "Stop after this many seconds (default: 0 = until Ctrl-C).")
    double durationSeconds;

    @Option(names = "--telemetry", paramLabel = "S", defaultValue = "1",
            description = "Telemetry interval in seconds (default: ${DEFAULT-VALUE}; 0 = events only).")
    double telemetrySeconds;

    @Option(names = "--json", description = "Print one JSON object per line.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("--duration: " + durationSeconds + " (expected: seconds >= 0, 0 = until Ctrl-C)");
        }
        if (!(telemetrySeconds >= 0) || Double.isInfinite(telemetrySeconds)) {
            throw new IllegalArgumentException("--telemetry: " + telemetrySeconds + " (expected: seconds >= 0, 0 = none)");
        }
        PrintWriter out = spec.commandLine().getOut();
        // The listener runs on a driver thread that must not block: events queue here, the command's thread prints them.
        BlockingQueue<BoardEvent> events = new LinkedBlockingQueue<>();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            awaitQuietly(done);
        }, "crossbar-monitor-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (CrossbarBoard b = board.open()) {
            b.subscribe(events::add, telemetrySeconds == 0 ? null : Duration.ofNanos((long) (telemetrySeconds * 1e9)));
            // Counted from the subscription: opening a board (a simulated one is built first) can take seconds.
            long deadline = durationSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (durationSeconds * 1e9);
            while (stopped.getCount() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                BoardEvent e = events.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (e != null) {
                    out.println(json ? Json.line(toJson(e)) : line(e));
                    out.flush();
                }
            }
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook waits for done, counted down above
            }
        }
        return Main.EXIT_OK;
    }

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String line(BoardEvent e) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%12.3f s  %-14s", e.boardTimeSeconds(), e.kind()));
        if (e.state() != null) {
            s.append(" state ").append(e.state());
        }
        if (e.ledger() != null) {
            s.append(", energy ").append(Units.si(e.ledger().totalEnergyJoules(), "J")).append(", ")
                    .append(e.ledger().devicePulses()).append(" pulses, ").append(e.ledger().requests()).append(" requests");
        }
        if (e.lease() != null) {
            s.append(e.lease().held() ? " lease held by " + e.lease().holder() : " lease free");
        }
        if (e.workingLimits() != null) {
            s.append(" working max_volts ").append(Units.si(e.workingLimits().maxVolts(), "V"));
        }
        if (e.message() != null && !e.message().isEmpty()) {
            s.append(": ").append(e.message());
        }
        return s.toString();
    }

    static Map<String, Object> toJson(BoardEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", e.kind().toString());
        m.put("event_seq", e.eventSeq());
        m.put("board_time_seconds", e.boardTimeSeconds());
        if (e.message() != null && !e.message().isEmpty()) {
            m.put("message", e.message());
        }
        if (e.state() != null) {
            m.put("state", e.state().toString());
        }
        if (e.ledger() != null) {
            m.put("ledger", LedgerCommand.toJson(e.ledger()));
        }
        if (e.lease() != null) {
            Map<String, Object> lease = new LinkedHashMap<>();
            lease.put("held", e.lease().held());
            lease.put("holder", e.lease().holder());
            lease.put("expires", e.lease().expires() == null ? null : e.lease().expires().toString());
            m.put("lease", lease);
        }
        if (e.workingLimits() != null) {
            m.put("working_limits", InfoCommand.limitsJson(e.workingLimits()));
        }
        return m;
    }
}
