package org.crossbarhil.gateway;

import org.crossbarhil.protocol.rules.IdempotencyMemory;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;

/**
 * One client key at the gateway, from the request's arrival until its answer is settled, and
 * what the session's {@link IdempotencyMemory} keeps under the key afterwards: the request (to
 * forward and audit), the connection whose in-flight slot it holds, the connection its answer
 * goes to, and the answer. The memory decides what is remembered and for how long; this class
 * only makes sure an answer goes once to whichever connection sent the key last.
 */
final class Exchange {
    final Request request;
    /** The connection whose in-flight slot this request holds. */
    final ClientConnection origin;
    /** When the request arrived, for the latency metric. */
    final long startNanos = System.nanoTime();
    /** The key in the session's memory; set once {@link IdempotencyMemory#begin} has made it. */
    IdempotencyMemory.Slot<Exchange> slot;
    private ClientConnection replyTo;
    private Response answer;

    Exchange(Request request, ClientConnection origin) {
        this.request = request;
        this.origin = origin;
        this.replyTo = origin;
    }

    long seq() {
        return request.getSeq();
    }

    /**
     * Sends the answer to {@code to} instead, the connection that sent the key again while it was
     * at the board. False when the answer was already settled: {@code to} must be answered with
     * {@link #answer()} itself.
     */
    synchronized boolean redirect(ClientConnection to) {
        if (answer != null) {
            return false;
        }
        replyTo = to;
        return true;
    }

    /** Fixes the answer (once) and returns the connection it goes to, which may have closed meanwhile. */
    synchronized ClientConnection settle(Response response) {
        if (answer == null) {
            answer = response;
        }
        return replyTo;
    }

    /** The settled answer, or null while the request is at the board. */
    synchronized Response answer() {
        return answer;
    }
}
