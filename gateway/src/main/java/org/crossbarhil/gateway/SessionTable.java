package org.crossbarhil.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossbarhil.protocol.rules.IdempotencyMemory;

/**
 * The client sessions the gateway knows, by session id. A session outlives its connections for
 * the replay ttl, so a client that reconnects finds its idempotency memory; sessions with no
 * connection are also capped in number, oldest dropped first, so clients that come and go with
 * fresh ids cannot grow the table without bound.
 */
final class SessionTable {
    record Opened(ClientSession session, boolean resumed) {
    }

    private final long ttlNanos;
    private final int maxDetached;
    private final int replayCapacity;
    private final long replayBytes;
    private final Map<Long, ClientSession> sessions = new HashMap<>();
    private int numbered;

    SessionTable(long ttlNanos, int maxDetached, int replayCapacity, long replayBytes) {
        this.ttlNanos = ttlNanos;
        this.maxDetached = maxDetached;
        this.replayCapacity = replayCapacity;
        this.replayBytes = replayBytes;
    }

    /** The session with this id, made when unknown, with the connection attached. */
    synchronized Opened open(long id, ClientConnection c, long nowNanos) {
        ClientSession s = sessions.get(id);
        boolean resumed = s != null;
        if (s == null) {
            s = new ClientSession(id, ++numbered, new IdempotencyMemory<>(Duration.ofNanos(ttlNanos), replayCapacity, replayBytes,
                    System::nanoTime), nowNanos);
            sessions.put(id, s);
        }
        s.attach(c);
        s.touch(nowNanos);
        return new Opened(s, resumed);
    }

    /** Forgets sessions without connections that are older than the ttl or beyond the cap; expires memories. */
    void expire(long nowNanos) {
        List<ClientSession> all;
        synchronized (this) {
            List<ClientSession> detached = new ArrayList<>();
            sessions.values().removeIf(s -> !s.connected() && nowNanos - s.lastSeenNanos() > ttlNanos);
            for (ClientSession s : sessions.values()) {
                if (!s.connected()) {
                    detached.add(s);
                }
            }
            if (detached.size() > maxDetached) {
                detached.sort(Comparator.comparingLong(ClientSession::lastSeenNanos));
                for (ClientSession s : detached.subList(0, detached.size() - maxDetached)) {
                    sessions.remove(s.id());
                }
            }
            all = new ArrayList<>(sessions.values());
        }
        for (ClientSession s : all) {
            s.memory().expire();
        }
    }

    synchronized int size() {
        return sessions.size();
    }
}
