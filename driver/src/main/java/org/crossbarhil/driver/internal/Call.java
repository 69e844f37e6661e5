package org.crossbarhil.driver.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;

/**
 * One request from the moment it is accepted until its future completes: the body, the seq and
 * the exact frame bytes it went out as (a retransmission sends these same bytes), how many attempt
 * windows it has used, and its attempt timer. Mutable fields are guarded by the
 * {@link RequestTracker}'s lock.
 */
final class Call<T> {
    final ProtocolOperation op;
    final Request body;
    final Function<Response, T> mapper;
    final CompletableFuture<T> future;
    /** Abort and Hello go out at once, even when the in-flight window is full. */
    final boolean bypassWindow;
    /** Counts against the board's idempotency capacity ({@link ProtocolOperation#isWriteClass(Request)}). */
    final boolean writeClass;
    /** A lost answer leaves it outcome unknown ({@link #neverRepeatBlindly(ProtocolOperation, Request)}). */
    final boolean neverRepeatBlindly;

    long seq;
    byte[] frame;
    /** Attempt windows started: sends, plus windows that passed while the link was down. */
    int attempts;
    boolean everSent;
    long firstSentNanos;
    long acceptedNanos;
    /** The board's idempotency memory generation when the request first went out. */
    int memoryEpoch;
    ScheduledFuture<?> timer;
    /** Set once, by whoever removes the call from the tracker: only that party completes it. */
    boolean settled;
    /** Holds one slot of the in-flight window, from admission until settled. */
    boolean holdsSlot;
    /**
     * Set for a relay's call: its future completes on the link's thread, not a worker. Only for
     * callers whose every dependent stage is short and never blocks.
     */
    volatile boolean completeOnLinkThread;
    /** Set for a Hello: it may only go out on the link it was made for. */
    Object pinnedTo;

    Call(ProtocolOperation op, Request body, Function<Response, T> mapper, boolean bypassWindow) {
        this.op = op;
        this.body = body;
        this.mapper = mapper;
        this.future = new CompletableFuture<>();
        this.bypassWindow = bypassWindow;
        this.writeClass = op.isWriteClass(body);
        this.neverRepeatBlindly = neverRepeatBlindly(op, body);
    }

    /**
     * Whether running the request a second time could do harm, so that a lost answer leaves it
     * "outcome unknown": resent only under its own key while the board still remembers it, never
     * after the board lost its memory (a reconnect that did not resume the session). Every write
     * but safe idle: safe idle stays write-class for the capacity count, yet resending it after
     * the memory is gone grounds lines that are already grounded, or grounds them now if the first
     * never ran, which is what the caller asked for; refusing it would leave a caller who wanted
     * the board safe with an error telling them to read the devices instead.
     */
    static boolean neverRepeatBlindly(ProtocolOperation op, Request request) {
        return op.isWriteClass(request) && op != ProtocolOperation.SAFE_IDLE;
    }

    /** A call that re-asks an earlier key: same seq, same bytes. */
    static <T> Call<T> again(ProtocolOperation op, Request body, Function<Response, T> mapper, long seq, byte[] frame,
            int memoryEpoch, long firstSentNanos) {
        Call<T> c = new Call<>(op, body, mapper, false);
        c.seq = seq;
        c.frame = frame;
        c.memoryEpoch = memoryEpoch;
        c.firstSentNanos = firstSentNanos;
        return c;
    }

    @Override
    public String toString() {
        return op + " (seq " + seq + ")";
    }
}
