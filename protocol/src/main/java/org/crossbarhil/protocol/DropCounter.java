package org.crossbarhil.protocol;

import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The blocks a receiver dropped (docs/protocol.md section 2.5), by reason, and a summary of them
 * at most once per interval: a side under a garbage flood can log what it drops without writing a
 * line per block. {@link DropReason#EMPTY} is not counted: an empty block is a sender's flush, not
 * a loss. Thread-safe.
 */
public final class DropCounter {
    private final long intervalNanos;
    private final AtomicLongArray byReason = new AtomicLongArray(DropReason.values().length);
    private final AtomicLong total = new AtomicLong();
    // Guarded by this: what the last summary covered.
    private final long[] summarised = new long[DropReason.values().length];
    private long summarisedTotal;
    private long lastSummaryNanos;
    private boolean anySummary;

    /** {@code interval}: the least time between two summaries. */
    public DropCounter(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
        this.intervalNanos = interval.toNanos();
    }

    /** Counts one dropped block. */
    public void count(DropReason reason) {
        if (reason != DropReason.EMPTY) {
            byReason.incrementAndGet(reason.ordinal());
            total.incrementAndGet();
        }
    }

    /** Every block dropped so far (empty ones excepted). */
    public long total() {
        return total.get();
    }

    public long dropped(DropReason reason) {
        return byReason.get(reason.ordinal());
    }

    /**
     * "3 blocks dropped (BAD_CRC 2, OVERSIZED 1), 17 in all" for the drops since the last summary,
     * when there are some and the interval has passed since that summary (the first drop is
     * summarised at once); otherwise null.
     */
    public synchronized String summaryIfDue(long nowNanos) {
        long all = total.get();
        if (all == summarisedTotal || (anySummary && nowNanos - lastSummaryNanos < intervalNanos)) {
            return null;
        }
        StringJoiner reasons = new StringJoiner(", ", " (", ")");
        for (DropReason r : DropReason.values()) {
            long now = byReason.get(r.ordinal());
            if (now != summarised[r.ordinal()]) {
                reasons.add(r + " " + (now - summarised[r.ordinal()]));
                summarised[r.ordinal()] = now;
            }
        }
        String summary = (all - summarisedTotal) + (all - summarisedTotal == 1 ? " block" : " blocks") + " dropped" + reasons
                + ", " + all + " in all";
        summarisedTotal = all;
        lastSummaryNanos = nowNanos;
        anySummary = true;
        return summary;
    }
}
