package org.crossbarhil.driver.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends a heartbeat when the link has been idle for an interval, one at a time. What a heartbeat
 * is and what an unanswered one means is the session's business ({@code beat}).
 */
final class HeartbeatTimer {
    private final AtomicBoolean outstanding = new AtomicBoolean();
    private volatile ScheduledFuture<?> task;

    /**
     * The interval to use: the configured one, shortened to a third of the board's heartbeat
     * timeout when that is shorter, so a quiet host never lets the board drop to safe idle.
     * Zero: no heartbeats.
     */
    static Duration interval(Duration configured, double boardTimeoutSeconds) {
        if (configured.isZero() || !(boardTimeoutSeconds > 0)) {
            return configured;
        }
        Duration third = Duration.ofNanos((long) (boardTimeoutSeconds * 1e9 / 3));
        return !third.isZero() && third.compareTo(configured) < 0 ? third : configured;
    }

    /**
     * @param ready        whether the link is up now
     * @param lastSendNanos when anything last went out
     * @param beat         sends one heartbeat; its future settles when it is answered or given up
     */
    void start(ScheduledExecutorService timers, Duration interval, BooleanSupplier ready, LongSupplier lastSendNanos,
            Supplier<CompletableFuture<?>> beat) {
        if (interval.isZero()) {
            return;
        }
        long nanos = interval.toNanos();
        try {
            task = timers.scheduleWithFixedDelay(() -> {
                if (!ready.getAsBoolean() || System.nanoTime() - lastSendNanos.getAsLong() < nanos
                        || !outstanding.compareAndSet(false, true)) {
                    return;
                }
                beat.get().whenComplete((r, e) -> outstanding.set(false));
            }, nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // The session closed while opening.
        }
    }

    void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
