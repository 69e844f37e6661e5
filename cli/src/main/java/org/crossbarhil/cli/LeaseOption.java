package org.crossbarhil.cli;

import java.time.Duration;
import java.util.function.Function;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.LeaseAction;
import picocli.CommandLine.Option;

/**
 * {@code --take-lease} of the writing commands and of train: a gateway run with {@code --explicit-lease} refuses
 * writes from a client that has not acquired the control lease. The lease is renewed by the
 * driver's heartbeats and ends when the command closes its connection.
 */
final class LeaseOption {
    @Option(names = "--take-lease", description = "Acquire the gateway's control lease before writing (needed when the gateway "
            + "runs with --explicit-lease; refused while another client holds it). No effect on a board without leases.")
    boolean takeLease;

    @Option(names = "--lease-seconds", paramLabel = "S", defaultValue = "60",
            description = "Term of the lease --take-lease asks for, renewed while the command runs (default: ${DEFAULT-VALUE}).")
    double leaseSeconds;

    /** Acquires the lease when asked and the board has one; the board refuses (exit 1) while another client holds it. */
    void takeIfAsked(CrossbarBoard board) {
        if (!takeLease || !board.info().capabilities().lease()) {
            return;
        }
        board.lease(LeaseAction.ACQUIRE, term());
    }

    /**
     * {@code open}, then the lease when asked: for commands whose board is opened later by
     * another module (train), with the same rule as {@link #takeIfAsked}. A refused lease closes
     * the board it opened.
     */
    Function<String, CrossbarBoard> opening(Function<String, CrossbarBoard> open) {
        term();
        return uri -> {
            CrossbarBoard b = open.apply(uri);
            try {
                takeIfAsked(b);
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
            return b;
        };
    }

    Duration term() {
        if (!(leaseSeconds > 0) || Double.isInfinite(leaseSeconds)) {
            throw new IllegalArgumentException("--lease-seconds: " + leaseSeconds + " (expected: > 0 seconds)");
        }
        return Duration.ofMillis(Math.max(1, Math.round(leaseSeconds * 1000)));
    }
}
