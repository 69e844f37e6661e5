package org.crossbarhil.driver.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Bookkeeping of requests by seq. A call is in exactly one place: the <em>backlog</em> (waiting
 * for a slot of the in-flight window), <em>unsent</em> (has a slot, waits for the link), or
 * <em>sent</em> (has a seq, keyed by it, awaits its response). Seqs increase per session and are
 * never reused, except by {@link Call#again} which re-asks an old key on purpose.
 *
 * <p>The window holds at most {@code maxInFlight} calls, and among them at most the board's
 * {@code idempotency_capacity} write-class ones (docs/protocol.md section 6: "the host keeps at
 * most idempotency_capacity write-class requests unanswered", so that every unanswered write can
 * still be answered from the board's memory). The backlog is first in, first out: a call waits
 * behind an earlier one that has no slot yet, so requests reach the board in the order they were
 * made even when a write waits for write room and a read behind it would fit.
 *
 * <p>All methods synchronize on this object; compound updates of a {@link Call}'s mutable fields
 * synchronize on it too.
 */
final class RequestTracker {
    private final int maxInFlight;
    private int boardMaxInFlight = Integer.MAX_VALUE;
    private int maxWrites = Integer.MAX_VALUE;
    private int writesUsed;
    private final TreeMap<Long, Call<?>> sent = new TreeMap<>();
    private final ArrayDeque<Call<?>> unsent = new ArrayDeque<>();
    private final ArrayDeque<Call<?>> backlog = new ArrayDeque<>();
    private long nextSeq = 1;
    private int windowUsed;

    RequestTracker(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /**
     * Bounds the write-class calls in the window by the board's {@code idempotency_capacity}
     * from Hello (an unsigned 32-bit value on the wire). Zero, what a board that states no
     * capacity sends, adds no bound: such a board keeps no memory to overflow, and the driver
     * never retransmits a write to a board without one. Calls already in the window keep their
     * slots when the bound shrinks; the caller drains the backlog when it grows.
     */
    synchronized void limitWrites(int idempotencyCapacity) {
        maxWrites = idempotencyCapacity > 0 ? idempotencyCapacity : Integer.MAX_VALUE;
    }

    /**
     * Bounds the window by the board's {@code max_requests_in_flight} from Hello (unsigned on the
     * wire; zero: not stated, no bound): the board refuses requests beyond it, so sending them
     * would only turn waiting into failures.
     */
    synchronized void limitInFlight(int boardMaxRequestsInFlight) {
        boardMaxInFlight = boardMaxRequestsInFlight == 0 ? Integer.MAX_VALUE
                : (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(boardMaxRequestsInFlight));
    }

    /** Gives the call a slot (true) or queues it in the backlog (false). */
    synchronized boolean admit(Call<?> call) {
        if (call.bypassWindow) {
            return true;
        }
        if (backlog.isEmpty() && fits(call)) {
            take(call);
            return true;
        }
        backlog.add(call);
        return false;
    }

    /** The next backlog call, now holding a slot; null when none, or when it does not fit yet. */
    synchronized Call<?> takeFromBacklog() {
        Call<?> call = backlog.peek();
        if (call == null || !fits(call)) {
            return null;
        }
        backlog.poll();
        take(call);
        return call;
    }

    private boolean fits(Call<?> call) {
        return windowUsed < Math.min(maxInFlight, boardMaxInFlight) && (!call.writeClass || writesUsed < maxWrites);
    }

    private void take(Call<?> call) {
        windowUsed++;
        if (call.writeClass) {
            writesUsed++;
        }
        call.holdsSlot = true;
    }

    /** Assigns the next seq unless the call re-asks an old one. */
    synchronized void assignSeq(Call<?> call) {
        if (call.seq == 0) {
            call.seq = nextSeq++;
        }
    }

    /**
     * Moves the next seq past {@code highestSeen}, the highest seq the board says this session
     * already used (Hello's {@code highest_seq_seen}). A board that resumes a session remembers
     * its keys: a host that numbered from 1 again (the same options reopened, or a host that lost
     * count) would have each request refused as an idempotency conflict, or worse, answered from
     * the memory of another request with the same body. Never moves backwards.
     *
     * @throws IllegalArgumentException when the value (unsigned 64-bit on the wire) leaves no seq
     */
    synchronized void continueAfter(long highestSeen) {
        if (highestSeen < 0 || highestSeen == Long.MAX_VALUE) {
            throw new IllegalArgumentException("highest_seq_seen " + Long.toUnsignedString(highestSeen)
                    + " leaves no seq for further requests (expected: below " + Long.MAX_VALUE + ")");
        }
        if (highestSeen >= nextSeq) {
            nextSeq = highestSeen + 1;
        }
    }

    /**
     * Records the call as sent under its seq and, on its first send, when and under which epoch
     * of the board's memory it went out; false when it was settled meanwhile (do not send).
     */
    synchronized boolean markSent(Call<?> call, int memoryEpoch) {
        if (call.settled) {
            return false;
        }
        unsent.remove(call);
        sent.put(call.seq, call);
        if (!call.everSent) {
            call.everSent = true;
            call.firstSentNanos = System.nanoTime();
            call.memoryEpoch = memoryEpoch;
        }
        return true;
    }

    /** Keeps an admitted call until the link is back. */
    synchronized void park(Call<?> call) {
        if (!call.settled && !unsent.contains(call) && sent.get(call.seq) != call) {
            unsent.add(call);
        }
    }

    /**
     * Settles the call awaiting this seq: removes it and frees its slot. Null when no call awaits
     * this seq (already settled, or never sent).
     */
    synchronized Call<?> settleSent(long seq) {
        Call<?> call = sent.remove(seq);
        if (call != null) {
            call.settled = true;
            release(call);
        }
        return call;
    }

    /** Settles the call wherever it is; false when someone else settled it first. */
    synchronized boolean settle(Call<?> call) {
        if (call.settled) {
            return false;
        }
        call.settled = true;
        if (call.seq != 0 && sent.get(call.seq) == call) {
            sent.remove(call.seq);
        } else if (!unsent.remove(call)) {
            backlog.remove(call);
        }
        release(call);
        return true;
    }

    /** True when a call is waiting for a response to this seq. */
    synchronized boolean awaits(long seq) {
        return sent.containsKey(seq);
    }

    private void release(Call<?> call) {
        if (call.holdsSlot) {
            call.holdsSlot = false;
            windowUsed--;
            if (call.writeClass) {
                writesUsed--;
            }
        }
    }

    /** Sent calls in seq order, then unsent calls in arrival order. */
    synchronized List<Call<?>> pendingSnapshot() {
        List<Call<?>> all = new ArrayList<>(sent.values());
        all.addAll(unsent);
        return all;
    }

    synchronized List<Call<?>> backlogSnapshot() {
        return new ArrayList<>(backlog);
    }

    /** Requests sent or waiting for the link (not the backlog). */
    synchronized int inFlight() {
        return sent.size() + unsent.size();
    }

    synchronized int backlogSize() {
        return backlog.size();
    }

}
