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
 * and never executed twice, across reconnects. Each entry keeps a SHA-256 digest of the request
 * bytes: the same key with a different body is a conflict, not a replay.
 *
 * <p>Bounded three ways per session: time-to-live, entry count, and bytes of remembered responses
 * ({@link #MAX_BYTES_PER_SESSION}). An evicted seq is not forgotten silently: a request whose seq
 * is at or below the highest evicted one, and not in memory, is refused rather than run, because
 * the board can no longer tell whether it already ran it.
 *
 * <p>A session (with its highest forgotten seq) is dropped once it has been silent for the TTL
 * and holds no entry.
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
        final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>();
        long bytes;
        long highestSeq = -1;
        long highestEvicted = -1;
        long lastUsedNanos;
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

    Lookup lookup(long sessionId, Request request, long nowNanos) {
        Session s = sessions.get(sessionId);
        if (s == null) {
            expire(nowNanos);
            return new Lookup(Kind.MISS, null, null);
        }
        // A session in use keeps its record of forgotten seqs, even once every entry has expired.
        s.lastUsedNanos = nowNanos;
        expire(nowNanos);
        long seq = request.getSeq();
        Entry e = s.entries.get(seq);
        if (e == null) {
            if (seq <= s.highestEvicted) {
                return new Lookup(Kind.FORGOTTEN, null, "seq " + seq + " of session " + Long.toHexString(sessionId)
                        + " is older than the idempotency memory (highest forgotten seq " + s.highestEvicted
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

    void remember(long sessionId, Request request, Response response, long nowNanos) {
        Session s = sessions.computeIfAbsent(sessionId, id -> new Session());
        s.lastUsedNanos = nowNanos;
        Entry e = new Entry(digest(request), response, nowNanos);
        Entry old = s.entries.put(request.getSeq(), e);
        if (old != null) {
            s.bytes -= old.bytes;
        }
        s.bytes += e.bytes;
        s.highestSeq = Math.max(s.highestSeq, request.getSeq());
        while (s.entries.size() > capacity || (s.bytes > MAX_BYTES_PER_SESSION && s.entries.size() > 1)) {
            evictEldest(s);
        }
    }

    /** Registers a session at handshake, so that a later Hello with the same id is a resume. */
    void open(long sessionId, long nowNanos) {
        sessions.computeIfAbsent(sessionId, id -> new Session()).lastUsedNanos = nowNanos;
    }

    private void evictEldest(Session s) {
        Iterator<Map.Entry<Long, Entry>> it = s.entries.entrySet().iterator();
        Map.Entry<Long, Entry> eldest = it.next();
        s.highestEvicted = Math.max(s.highestEvicted, eldest.getKey());
        s.bytes -= eldest.getValue().bytes;
        it.remove();
    }

    /** Drops entries past their TTL, and sessions with nothing left that have been quiet as long. */
    void expire(long nowNanos) {
        Iterator<Map.Entry<Long, Session>> sit = sessions.entrySet().iterator();
        while (sit.hasNext()) {
            Session s = sit.next().getValue();
            while (!s.entries.isEmpty()) {
                Entry eldest = s.entries.values().iterator().next();
                if (nowNanos - eldest.storedNanos < ttlNanos) {
                    break;
                }
                evictEldest(s);
            }
            if (s.entries.isEmpty() && nowNanos - s.lastUsedNanos >= ttlNanos) {
                sit.remove();
            }
        }
    }

    int size(long sessionId) {
        Session s = sessions.get(sessionId);
        return s == null ? 0 : s.entries.size();
    }

    private static byte[] digest(Request request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(request.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
