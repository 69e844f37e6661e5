package org.crossbarhil.simulator.firmware;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How an abort reaches an operation that is already running. Every request gets an arrival
 * number when its frame is decoded (on the link thread, before it waits for the board thread);
 * an abort records its own number at once. A write-class operation that arrived earlier sees
 * itself aborted, whether it is running or still queued, and stops between pulses.
 */
final class AbortSignal {
    private final AtomicLong arrivals = new AtomicLong();
    private volatile long abortArrival = -1;
    private volatile long interruptedBy = -1;

    /** Numbers one arriving request; an abort takes effect now, ahead of the queue. */
    long arrive(boolean isAbort) {
        long n = arrivals.getAndIncrement();
        if (isAbort) {
            abortArrival = n;
        }
        return n;
    }

    boolean aborted(long arrival) {
        return arrival < abortArrival;
    }

    /** An operation stopped because of the latest abort. */
    void markInterrupted() {
        interruptedBy = abortArrival;
    }

    /** Whether the abort that arrived as {@code abortArrival} stopped an operation. */
    boolean interruptedBy(long abortArrival) {
        return interruptedBy == abortArrival;
    }
}
