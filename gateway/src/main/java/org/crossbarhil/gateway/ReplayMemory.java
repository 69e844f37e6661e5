package org.crossbarhil.gateway;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;

/**
 * One client session's idempotency memory at the gateway, keyed by the client's seq: the same
 * rule the board keeps for the gateway, kept again for each client, because the gateway's own
 * upstream keys are not the client's. A key seen again with the same request is answered from
 * memory (or, while its first copy is still at the board, answered once that copy is); the same
 * key with another request is a conflict. Nothing is ever forwarded twice for one key.
 *
 * <p>Bounded three ways, as docs/protocol.md section 6 asks of a board: by age ({@code ttl}), by
 * count and by bytes of remembered requests and responses. Over a bound, read answers go first
 * (repeating a read changes nothing), then the oldest write answers; entries still awaiting the
 * board never. Once a write has been dropped, a request with its seq or an older one that is not
 * remembered is refused as forgotten: the gateway can no longer tell whether it ran. A forgotten
 * read is simply forwarded again. Heartbeat, abort and subscribe are safe to repeat and are not
 * remembered once answered.
 *
 * <p>Thread-safe (each method synchronizes on this memory).
 */
final class ReplayMemory {
    enum Kind {
        /** Never seen: execute it; {@link Lookup#entry()} now awaits its response. */
        NEW,
        /** Answered before: send {@link Lookup#entry()}'s response again, marked replayed. */
        REPLAY,
        /** Still at the board: its response goes to the connection that asked last. */
        PENDING,
        /** The seq was used for another request. */
        CONFLICT,
        /** A write older than what this memory still holds. */
        FORGOTTEN
    }

    record Lookup(Kind kind, Entry entry) {
    }

    /** One key. {@code response} is null while the request is at the board. */
    static final class Entry {
        final long seq;
        final Request request;
        final boolean write;
        /** False for requests that are safe to repeat: dropped as soon as they are answered. */
        final boolean remembered;
        final long bornNanos;
        /** The connection whose in-flight slot this request holds. */
        final ClientConnection origin;
        /** Where the response goes: the connection that sent this key last. */
        ClientConnection replyTo;
        Response response;
        long bytes;

        Entry(long seq, Request request, boolean write, ClientConnection origin, long bornNanos) {
            this.seq = seq;
            this.request = request;
            this.write = write;
            this.remembered = !(request.hasHeartbeat() || request.hasAbort() || request.hasSubscribe());
            this.origin = origin;
            this.replyTo = origin;
            this.bornNanos = bornNanos;
        }
    }

    private final long ttlNanos;
    private final int capacity;
    private final long maxBytes;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>();
    private int answered;
    private long bytes;
    private long highestSeq;
    /** The highest seq of a write this memory has dropped; 0 when none. */
    private long forgottenWritesUpTo;

    ReplayMemory(long ttlNanos, int capacity, long maxBytes) {
        this.ttlNanos = ttlNanos;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    synchronized Lookup begin(Request request, boolean write, ClientConnection from, long nowNanos) {
        long seq = request.getSeq();
        Entry known = entries.get(seq);
        if (known != null) {
            if (!known.request.equals(request)) {
                return new Lookup(Kind.CONFLICT, known);
            }
            if (known.response == null) {
                known.replyTo = from;
                return new Lookup(Kind.PENDING, known);
            }
            return new Lookup(Kind.REPLAY, known);
        }
        if (write && seq <= forgottenWritesUpTo) {
            return new Lookup(Kind.FORGOTTEN, null);
        }
        Entry e = new Entry(seq, request, write, from, nowNanos);
        entries.put(seq, e);
        highestSeq = Math.max(highestSeq, seq);
        return new Lookup(Kind.NEW, e);
    }

    /**
     * Records the answer of a NEW entry and returns the connection it should go to (which may be
     * closed: the response stays remembered for a reconnect).
     */
    synchronized ClientConnection complete(Entry e, Response response, long nowNanos) {
        if (entries.get(e.seq) != e || e.response != null) {
            return e.replyTo;
        }
        if (!e.remembered) {
            entries.remove(e.seq);
            return e.replyTo;
        }
        e.response = response;
        e.bytes = e.request.getSerializedSize() + response.getSerializedSize() + 64L;
        bytes += e.bytes;
        answered++;
        evict(nowNanos);
        return e.replyTo;
    }

    /**
     * Drops a NEW entry without remembering an answer: for failures where nothing reached the
     * board, so that a retransmission may go out again. Returns the connection to answer.
     */
    synchronized ClientConnection forget(Entry e) {
        if (entries.get(e.seq) == e && e.response == null) {
            entries.remove(e.seq);
        }
        return e.replyTo;
    }

    /** Drops answered entries older than the ttl. */
    synchronized void expire(long nowNanos) {
        evict(nowNanos);
    }

    /** Drops expired answers, then, while over a bound, read answers and after them the oldest write answers. */
    private void evict(long nowNanos) {
        // Insertion order is age order: the first young answer ends the expired ones.
        Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.response == null) {
                continue;
            }
            if (nowNanos - e.bornNanos <= ttlNanos) {
                break;
            }
            drop(it, e);
        }
        for (boolean writes : new boolean[] {false, true}) {
            for (it = entries.entrySet().iterator(); it.hasNext() && (answered > capacity || bytes > maxBytes);) {
                Entry e = it.next().getValue();
                if (e.response != null && e.write == writes) {
                    drop(it, e);
                }
            }
        }
    }

    private void drop(Iterator<Map.Entry<Long, Entry>> it, Entry e) {
        it.remove();
        answered--;
        bytes -= e.bytes;
        if (e.write) {
            forgottenWritesUpTo = Math.max(forgottenWritesUpTo, e.seq);
        }
    }

    synchronized long highestSeq() {
        return highestSeq;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }
}
