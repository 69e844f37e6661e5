package org.crossbarhil.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.crossbarhil.protocol.rules.IdempotencyMemory;

/**
 * A client session at the gateway: the 64-bit id its host chose (reused when it reconnects), the
 * gateway's own number for it (what other clients see), its idempotency memory, its live
 * connections, and the requests it has at the board. The control lease belongs to a session.
 */
final class ClientSession {
    private final long id;
    private final int number;
    private final IdempotencyMemory<Exchange> memory;
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> atBoard = ConcurrentHashMap.newKeySet();
    private volatile long lastSeenNanos;

    ClientSession(long id, int number, IdempotencyMemory<Exchange> memory, long nowNanos) {
        this.id = id;
        this.number = number;
        this.memory = memory;
        this.lastSeenNanos = nowNanos;
    }

    long id() {
        return id;
    }

    int number() {
        return number;
    }

    IdempotencyMemory<Exchange> memory() {
        return memory;
    }

    void touch(long nowNanos) {
        lastSeenNanos = nowNanos;
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    void attach(ClientConnection c) {
        connections.add(c);
    }

    /** Returns true when no connection of this session is left. */
    boolean detach(ClientConnection c) {
        connections.remove(c);
        return connections.isEmpty();
    }

    boolean connected() {
        return !connections.isEmpty();
    }

    /** Keeps track of a request at the board until it is answered. */
    void atBoard(CompletableFuture<?> f) {
        atBoard.add(f);
        f.whenComplete((r, e) -> atBoard.remove(f));
    }

    /** Completes once every request this session has at the board now is answered (or failed). */
    CompletableFuture<Void> drained() {
        List<CompletableFuture<?>> now = new ArrayList<>(atBoard);
        return CompletableFuture.allOf(now.stream().map(f -> f.handle((r, e) -> null)).toArray(CompletableFuture[]::new));
    }
}
