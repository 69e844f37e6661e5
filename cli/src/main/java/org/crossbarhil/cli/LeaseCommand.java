package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.LeaseAction;
import org.crossbarhil.driver.LeaseInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code crossbar lease}: the control lease of a gateway. */
@Command(name = "lease", mixinStandardHelpOptions = true,
        description = {"Acquire, renew, release or show a gateway's control lease.",
            "",
            "One client at a time holds the control lease and may write; the others only read. A gateway",
            "run with --explicit-lease grants it only on request. The lease belongs to this command's",
            "connection: it ends when the command exits, unless --hold keeps the connection (and the",
            "lease, renewed by heartbeats) for that many seconds or until Ctrl-C. Writing commands take it",
            "themselves with --take-lease. A board without a gateway has no lease: 'show' says so and",
            "the other actions are refused.",
            "",
            "Examples: hold the bench for ten minutes; who holds it, until when:",
            "  crossbar lease acquire tcp://127.0.0.1:7701 --hold 600",
            "  crossbar lease show tcp://127.0.0.1:7701"})
final class LeaseCommand implements Callable<Integer> {
    /** The actions, as typed. */
    enum Action {
        ACQUIRE(LeaseAction.ACQUIRE), RENEW(LeaseAction.RENEW), RELEASE(LeaseAction.RELEASE), SHOW(LeaseAction.QUERY);

        final LeaseAction wire;

        Action(LeaseAction wire) {
            this.wire = wire;
        }
    }

    @Parameters(index = "0", paramLabel = "ACTION", description = "acquire, renew, release or show.")
    Action action;

    @Parameters(index = "1", paramLabel = "URI", defaultValue = "sim:", description = "Board or gateway URI (default: ${DEFAULT-VALUE}).")
    String uri;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for each response before retransmitting (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--client-name", paramLabel = "NAME", description = "How this client is named to the gateway (default: USER@HOST).")
    String clientName;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60",
            description = "Term asked for by acquire and renew (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--hold", paramLabel = "S", defaultValue = "0",
            description = "Keep the connection, and so the lease, this many seconds before exiting; Ctrl-C ends it early "
                    + "(default: 0, exit at once).")
    double holdSeconds;

    @Option(names = "--json", description = "Print the lease as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        BoardOptions board = new BoardOptions();
        board.uri = uri;
        board.timeoutSeconds = timeoutSeconds;
        board.clientName = clientName;
        LeaseOption term = new LeaseOption();
        term.leaseSeconds = seconds;
        Duration duration = term.term();
        if (!(holdSeconds >= 0) || Double.isInfinite(holdSeconds)) {
            throw new IllegalArgumentException("--hold: " + holdSeconds + " (expected: seconds >= 0)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (CrossbarBoard b = board.open()) {
            if (!b.info().capabilities().lease()) {
                if (action == Action.SHOW) {
                    print(out, LeaseInfo.FREE, "no lease: " + b.uri() + " is a board, not a gateway");
                    return Main.EXIT_OK;
                }
                throw new IllegalArgumentException(action.name().toLowerCase() + ": " + b.uri()
                        + " has no control lease (a gateway has; 'crossbar serve' runs one)");
            }
            LeaseInfo lease = b.lease(action.wire, duration);
            print(out, lease, null);
            if (holdSeconds > 0 && action != Action.RELEASE) {
                hold(out, b);
            }
        }
        return Main.EXIT_OK;
    }

    private void hold(PrintWriter out, CrossbarBoard b) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "crossbar-lease-release");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.printf("holding for %s (Ctrl-C to release now)%n", Units.si(holdSeconds, "s"));
            out.flush();
            stop.await(Math.round(holdSeconds * 1000), TimeUnit.MILLISECONDS);
            if (b.lease(LeaseAction.QUERY, Duration.ZERO).heldByYou()) {
                print(out, b.lease(LeaseAction.RELEASE, Duration.ZERO), null);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running, the connection closes (and the lease ends) as the JVM exits
            }
        }
    }

    private void print(PrintWriter out, LeaseInfo lease, String note) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("held", lease.held());
            m.put("holder", lease.holder());
            m.put("expires", lease.expires() == null ? null : lease.expires().toString());
            m.put("held_by_you", lease.heldByYou());
            if (note != null) {
                m.put("note", note);
            }
            out.println(Json.write(m));
        } else if (note != null) {
            out.println(note);
        } else {
            out.println(!lease.held() ? "lease: free"
                    : "lease: held by " + lease.holder() + (lease.heldByYou() ? " (you)" : "") + " until " + lease.expires());
        }
        out.flush();
    }
}
