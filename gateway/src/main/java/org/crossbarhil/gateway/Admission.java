package org.crossbarhil.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who gets in (docs/gateway.md, "Admission"): a connection that has not authenticated waits in a
 * small pool of its own, never in a client slot, and only a Hello with a valid token moves it to
 * one of the {@code maxClients} slots. The pool is bounded in all and per address; a new
 * connection that finds it full pushes out the one that has waited longest (of its own address
 * first), so connections that never say Hello cannot keep a token holder out: they only crowd
 * each other out.
 *
 * <p>State only, thread-safe; closing what it pushes out is the {@link Gateway}'s.
 */
final class Admission {
    private final int maxClients;
    private final int maxPending;
    private final int maxPendingPerAddress;
    private final Set<ClientConnection> pending = new LinkedHashSet<>();
    private final Map<String, Deque<ClientConnection>> pendingByAddress = new HashMap<>();
    private final Set<ClientConnection> admitted = new HashSet<>();

    Admission(int maxClients, int maxPending, int maxPendingPerAddress) {
        this.maxClients = maxClients;
        this.maxPending = maxPending;
        this.maxPendingPerAddress = maxPendingPerAddress;
    }

    /** Takes a new connection into the pool; returns the one it pushes out, or null. */
    synchronized ClientConnection arrived(ClientConnection c) {
        pending.add(c);
        Deque<ClientConnection> same = pendingByAddress.computeIfAbsent(c.address(), a -> new ArrayDeque<>());
        same.addLast(c);
        ClientConnection out = null;
        if (same.size() > maxPendingPerAddress) {
            out = same.peekFirst();
        } else if (pending.size() > maxPending) {
            out = pending.iterator().next();
        }
        if (out != null) {
            leavePool(out);
        }
        return out;
    }

    /**
     * The connection authenticated: true when it got a client slot (and left the pool), false
     * when every slot is taken (it stays in the pool until it closes).
     */
    synchronized boolean admit(ClientConnection c) {
        if (admitted.contains(c)) {
            return true;
        }
        if (admitted.size() >= maxClients) {
            return false;
        }
        leavePool(c);
        admitted.add(c);
        return true;
    }

    /** The connection closed; returns whether it had a client slot. */
    synchronized boolean closed(ClientConnection c) {
        leavePool(c);
        return admitted.remove(c);
    }

    synchronized int clients() {
        return admitted.size();
    }

    synchronized int waiting() {
        return pending.size();
    }

    private void leavePool(ClientConnection c) {
        if (pending.remove(c)) {
            Deque<ClientConnection> same = pendingByAddress.get(c.address());
            same.remove(c);
            if (same.isEmpty()) {
                pendingByAddress.remove(c.address());
            }
        }
    }
}
