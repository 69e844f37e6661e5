package org.crossbarhil.simulator.firmware;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.crossbarhil.protocol.rules.IdempotencyMemory;
import org.crossbarhil.protocol.v1.Response;

/**
 * The board's idempotency memories, one per host session id, so that a host reconnecting with
 * its id finds its answers again (protocol section 6). How each memory remembers and forgets is
 * {@link IdempotencyMemory}'s; this class only decides how long a session is known: until it has
 * been silent for the ttl with nothing left in its memory.
 *
 * <p>Bounded per session by {@code capacity} answers and {@link #MAX_BYTES_PER_SESSION}. Time is
 * the firmware's injectable clock (wall time: the TTL is a promise to hosts, not a physical
 * quantity).
 */
final class SessionMemories {
    static final long MAX_BYTES_PER_SESSION = 64L << 20;

    private static final class Session {
        final IdempotencyMemory<Response> memory;
        long lastUsedNanos;

        Session(IdempotencyMemory<Response> memory) {
            this.memory = memory;
        }
    }

    private final Duration ttl;
    private final int capacity;
    private final LongSupplier nanoClock;
    private final Map<Long, Session> sessions = new HashMap<>();

    SessionMemories(double ttlSeconds, int capacity, LongSupplier nanoClock) {
        // Rounded up: a positive ttl never becomes none.
        this.ttl = Duration.ofNanos((long) Math.ceil(ttlSeconds * 1e9));
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    /** Whether the board still knows this session: a Hello with its id resumes it. */
    boolean knows(long sessionId) {
        expire();
        return sessions.containsKey(sessionId);
    }

    /** The highest seq executed in a session (unsigned), or 0 when it is unknown or ran nothing. */
    long highestSeq(long sessionId) {
        Session s = sessions.get(sessionId);
        return s == null ? 0 : s.memory.highestSeq();
    }

    /**
     * The memory of a session, made when the board does not know it; using it keeps the session
     * known, with its record of forgotten seqs, even once every answer in it has expired.
     */
    IdempotencyMemory<Response> of(long sessionId) {
        Session s = sessions.computeIfAbsent(sessionId,
                id -> new Session(new IdempotencyMemory<>(ttl, capacity, MAX_BYTES_PER_SESSION, nanoClock)));
        s.lastUsedNanos = nanoClock.getAsLong();
        return s.memory;
    }

    /** Drops expired answers, and sessions with nothing left that have been quiet for the ttl. */
    void expire() {
        long now = nanoClock.getAsLong();
        Iterator<Session> it = sessions.values().iterator();
        while (it.hasNext()) {
            Session s = it.next();
            s.memory.expire();
            if (s.memory.isEmpty() && now - s.lastUsedNanos >= ttl.toNanos()) {
                it.remove();
            }
        }
    }
}
