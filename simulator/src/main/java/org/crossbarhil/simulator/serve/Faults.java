package org.crossbarhil.simulator.serve;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import org.crossbarhil.protocol.v0.Request;

/**
 * The fault switchboard (after OkHttp MockWebServer's {@code SocketPolicy}): queue a fault and
 * the next request it matches suffers it, once. With no kinds named a fault matches any request;
 * naming kinds (e.g. only PULSE) keeps heartbeats that the driver sends in between from using it
 * up. Thread-safe: tests enqueue while link threads take.
 */
public final class Faults {
    /** What happens to the request that draws the fault. */
    public enum Kind {
        /** Executed, but its response is never sent: the host times out and retransmits. */
        DROP_RESPONSE,
        /** Executed; its response is sent with a wrong CRC, so the host's decoder drops it. */
        CORRUPT_RESPONSE_CRC,
        /** Executed; its response is held back for the stall duration. */
        STALL_RESPONSE,
        /** Executed; then the link is closed without a response (outcome unknown for the host). */
        DISCONNECT_AFTER_REQUEST,
        /** The link is closed as the request arrives; it is never executed. */
        DISCONNECT_BEFORE_REQUEST,
        /**
         * Executed; a burst of garbage ending in a 0x00 precedes its response: the host's decoder
         * must drop the garbage and still decode the response.
         */
        GARBAGE_BEFORE_RESPONSE
    }

    /** A queued fault. */
    public record Fault(Kind kind, Duration stall, Set<Request.BodyCase> only) {
        boolean matches(Request r) {
            return only.isEmpty() || only.contains(r.getBodyCase());
        }
    }

    private final ArrayDeque<Fault> queue = new ArrayDeque<>();

    /** Queues a fault for the next request of one of {@code only} (any request when none given). */
    public Faults enqueue(Kind kind, Duration stall, Request.BodyCase... only) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(stall, "stall");
        if (stall.isNegative()) {
            throw new IllegalArgumentException("stall: " + stall + " (expected: >= 0)");
        }
        Set<Request.BodyCase> kinds = only.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(only));
        synchronized (queue) {
            queue.add(new Fault(kind, stall, kinds));
        }
        return this;
    }

    public Faults dropNextResponse(Request.BodyCase... only) {
        return enqueue(Kind.DROP_RESPONSE, Duration.ZERO, only);
    }

    public Faults corruptNextResponse(Request.BodyCase... only) {
        return enqueue(Kind.CORRUPT_RESPONSE_CRC, Duration.ZERO, only);
    }

    public Faults stallNextResponse(Duration stall, Request.BodyCase... only) {
        return enqueue(Kind.STALL_RESPONSE, stall, only);
    }

    public Faults disconnectAfterNextRequest(Request.BodyCase... only) {
        return enqueue(Kind.DISCONNECT_AFTER_REQUEST, Duration.ZERO, only);
    }

    public Faults disconnectBeforeNextRequest(Request.BodyCase... only) {
        return enqueue(Kind.DISCONNECT_BEFORE_REQUEST, Duration.ZERO, only);
    }

    public Faults garbageBeforeNextResponse(Request.BodyCase... only) {
        return enqueue(Kind.GARBAGE_BEFORE_RESPONSE, Duration.ZERO, only);
    }

    /** Faults not yet drawn. */
    public int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    public void clear() {
        synchronized (queue) {
            queue.clear();
        }
    }

    /** Removes and returns the first queued fault matching the request, or null. */
    Fault take(Request r) {
        synchronized (queue) {
            Iterator<Fault> it = queue.iterator();
            while (it.hasNext()) {
                Fault f = it.next();
                if (f.matches(r)) {
                    it.remove();
                    return f;
                }
            }
            return null;
        }
    }
}
