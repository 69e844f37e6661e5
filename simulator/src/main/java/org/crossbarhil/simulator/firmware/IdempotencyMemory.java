package org.crossbarhil.simulator.firmware;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;

/**
 * Responses remembered per (session id, seq), so that a retransmission is answered from memory
 * and never executed twice, across reconnects (protocol section 6). Each entry keeps a SHA-256
 * digest of the request bytes: the same key with a different body is a conflict, not a replay.
 *
 * <p>Bounded three ways per session: time-to-live, entry count ({@code capacity}) and bytes of
 * remembered answers ({@link #MAX_BYTES_PER_SESSION}). When over a bound, read-class answers go
 * first (repeating a read changes nothing), then the oldest write answers. Refusing new writes
 * instead, to keep every write answer for its whole TTL, would make the memory a rate limit of
 * capacity / TTL writes: a training run sends thousands of outer-product updates a second and
 * was refused within seconds (docs/protocol.md section 6 says why the board forgets instead).
 *
 * <p>A write answer that was dropped is not forgotten silently: a write whose seq is at or below
 * the highest dropped write seq, and not in memory, is refused rather than run, because the board can
 * no longer tell whether it already ran it. A session (with that record) is dropped once it has
 * been silent for the TTL and holds no entry.
 *
 * <p>Time is the firmware's injectable clock (wall time: the TTL is a promise to hosts, not a
 * physical quantity).
 */
final class IdempotencyMemory {
    static final long MAX_BYTES_PER_SESSION = 64L << 20;

    /** What {@link #lookup} found. */
    enum Kind {
        MISS,
        REPLAY,
        CONFLICT,
        FORGOTTEN
    }

    record Lookup(Kind kind, Response response, String message) {
    }

    private static final class Entry {
        final byte[] digest;
        final Response response;
        final long storedNanos;
        final int bytes;

        Entry(byte[] digest, Response response, long storedNanos) {
            this.digest = digest;
            this.response = response;
            this.storedNanos = storedNanos;
            this.bytes = response.getSerializedSize() + 64;
        }
    }

    private static final class Session {
        final LinkedHashMap<Long, Entry> writes = new LinkedHashMap<>();
        final LinkedHashMap<Long, Entry> reads = new LinkedHashMap<>();
        long bytes;
        long highestSeq = -1;
        long highestForgottenWrite = -1;
        long lastUsedNanos;

        int size() {
            return writes.size() + reads.size();
        }

        Entry get(long seq) {
            Entry e = writes.get(seq);
            return e != null ? e : reads.get(seq);
        }
    }

    private final long ttlNanos;
    private final int capacity;
    private final Map<Long, Session> sessions = new HashMap<>();

    IdempotencyMemory(double ttlSeconds, int capacity) {
        this.ttlNanos = (long) (ttlSeconds * 1e9);
        this.capacity = capacity;
    }

    boolean knows(long sessionId, long nowNanos) {
        expire(nowNanos);
        return sessions.containsKey(sessionId);
    }

    /** Highest seq executed in a session, or -1. */
    long highestSeq(long sessionId) {
        Session s = sessions.get(sessionId);
        return s == null ? -1 : s.highestSeq;
    }

    Lookup lookup(long sessionId, Request request, boolean write, long nowNanos) {
        Session s = sessions.get(sessionId);
        if (s == null) {
            expire(nowNanos);
            return new Lookup(Kind.MISS, null, null);
        }
        // A session in use keeps its record of forgotten seqs, even once every entry has expired.
        s.lastUsedNanos = nowNanos;
        expire(nowNanos);
        long seq = request.getSeq();
        Entry e = s.get(seq);
        if (e == null) {
            if (!write) {
                return new Lookup(Kind.MISS, null, null);
            }
            if (seq <= s.highestForgottenWrite) {
                return new Lookup(Kind.FORGOTTEN, null, "seq " + seq + " of session " + Long.toHexString(sessionId)
                        + " is older than the idempotency memory (highest forgotten write seq " + s.highestForgottenWrite
                        + "); not executed, since it may already have run: read the devices to find out");
            }
            return new Lookup(Kind.MISS, null, null);
        }
        if (!Arrays.equals(e.digest, digest(request))) {
            return new Lookup(Kind.CONFLICT, null, "seq " + seq + " of session " + Long.toHexString(sessionId)
                    + " was already used for a different request (" + e.response.getBodyCase() + " answered "
                    + e.response.getStatus() + "); nothing applied");
        }
        return new Lookup(Kind.REPLAY, e.response.toBuilder().setReplayed(true).build(), null);
    }

    /** Keeps the answer of an executed request; over a bound, read answers give way first, then the oldest writes. */
    void remember(long sessionId, Request request, boolean write, Response response, long nowNanos) {
        Session s = session(sessionId, request.getSeq(), nowNanos);
        Entry e = new Entry(digest(request), response, nowNanos);
        store(s, write ? s.writes : s.reads, request.getSeq(), e);
        while (s.size() > 1 && (s.size() > capacity || s.bytes > MAX_BYTES_PER_SESSION)) {
            evictEldest(s, s.reads.isEmpty() ? s.writes : s.reads);
        }
    }

    /** Records that a request ran without being remembered (heartbeat, abort, subscribe). */
    void executed(long sessionId, long seq, long nowNanos) {
        session(sessionId, seq, nowNanos);
    }

    private Session session(long sessionId, long seq, long nowNanos) {
        Session s = sessions.computeIfAbsent(sessionId, id -> new Session());
        s.lastUsedNanos = nowNanos;
        s.highestSeq = Math.max(s.highestSeq, seq);
        return s;
    }

    /** Registers a session at handshake, so that a later Hello with the same id is a resume. */
    void open(long sessionId, long nowNanos) {
        sessions.computeIfAbsent(sessionId, id -> new Session()).lastUsedNanos = nowNanos;
    }

    private static void store(Session s, LinkedHashMap<Long, Entry> into, long seq, Entry e) {
        Entry old = into.put(seq, e);
        if (old != null) {
            s.bytes -= old.bytes;
        }
        s.bytes += e.bytes;
    }

    private static void evictEldest(Session s, LinkedHashMap<Long, Entry> from) {
        Iterator<Map.Entry<Long, Entry>> it = from.entrySet().iterator();
        Map.Entry<Long, Entry> eldest = it.next();
        if (from == s.writes) {
            s.highestForgottenWrite = Math.max(s.highestForgottenWrite, eldest.getKey());
        }
        s.bytes -= eldest.getValue().bytes;
        it.remove();
    }

    /** Drops entries past their TTL, and sessions with nothing left that have been quiet as long. */
    void expire(long nowNanos) {
        Iterator<Map.Entry<Long, Session>> sit = sessions.entrySet().iterator();
        while (sit.hasNext()) {
            Session s = sit.next().getValue();
            expire(s, s.writes, nowNanos);
            expire(s, s.reads, nowNanos);
            if (s.size() == 0 && nowNanos - s.lastUsedNanos >= ttlNanos) {
                sit.remove();
            }
        }
    }

    private void expire(Session s, LinkedHashMap<Long, Entry> entries, long nowNanos) {
        while (!entries.isEmpty()) {
            Entry eldest = entries.values().iterator().next();
            if (nowNanos - eldest.storedNanos < ttlNanos) {
                return;
            }
            evictEldest(s, entries);
        }
    }

    private static byte[] digest(Request request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(request.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
