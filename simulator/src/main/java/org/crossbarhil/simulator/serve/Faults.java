package org.crossbarhil.simulator.serve;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.protocol.v1.Request;

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
        GARBAGE_BEFORE_RESPONSE,
        /**
         * Executed only once {@link Hold#release() released}, as a long operation (a slow ramp, a
         * long pulse train) would be: the board is busy meanwhile, so later requests wait behind
         * it, while heartbeats are answered and an abort takes effect at once. Never drawn by a
         * heartbeat, which the board answers without waiting.
         */
        HOLD_REQUEST,
        /**
         * Executed and answered; then the board trips, as on a compliance or over-temperature
         * fault: every host hears a fault event (STATUS_DEVICE_FAULT), then the board goes to
         * safe idle.
         */
        TRIP_AFTER_REQUEST
    }

    /** A queued fault; {@code hold} is set for {@link Kind#HOLD_REQUEST} only. */
    public record Fault(Kind kind, Duration stall, Set<Request.BodyCase> only, Hold hold) {
        boolean matches(Request r) {
            if (kind == Kind.HOLD_REQUEST && r.hasHeartbeat()) {
                return false;
            }
            return only.isEmpty() || only.contains(r.getBodyCase());
        }
    }

    /**
     * The request a {@link Kind#HOLD_REQUEST} fault holds: the test sees it arrive, then lets it
     * run. {@link Faults#clear()} releases it too, so a board is never left held.
     */
    public static final class Hold {
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Lets the held request run (and every request waiting behind it). Idempotent. */
        public void release() {
            released.countDown();
        }

        /** Waits until a request has drawn this hold; false when none did within {@code timeout}. */
        public boolean awaitArrival(Duration timeout) throws InterruptedException {
            return arrived.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** On the board thread, before the held request executes. */
        void holdBoard() {
            arrived.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                // the board is shutting down: run the request rather than hang
                Thread.currentThread().interrupt();
            }
        }
    }

    private final ArrayDeque<Fault> queue = new ArrayDeque<>();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();

    /** Queues a fault for the next request of one of {@code only} (any request when none given). */
    public Faults enqueue(Kind kind, Duration stall, Request.BodyCase... only) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(stall, "stall");
        if (stall.isNegative()) {
            throw new IllegalArgumentException("stall: " + stall + " (expected: >= 0)");
        }
        if (kind == Kind.HOLD_REQUEST) {
            throw new IllegalArgumentException("kind: HOLD_REQUEST (expected: holdNextRequest, which returns the hold to release)");
        }
        add(new Fault(kind, stall, kinds(only), null));
        return this;
    }

    private static Set<Request.BodyCase> kinds(Request.BodyCase... only) {
        return only.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(only));
    }

    private void add(Fault f) {
        synchronized (queue) {
            queue.add(f);
        }
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

    public Faults tripAfterNextRequest(Request.BodyCase... only) {
        return enqueue(Kind.TRIP_AFTER_REQUEST, Duration.ZERO, only);
    }

    /** Holds the next request of one of {@code only} (any but a heartbeat when none given) until the returned hold is released. */
    public Hold holdNextRequest(Request.BodyCase... only) {
        Hold h = new Hold();
        holds.add(h);
        add(new Fault(Kind.HOLD_REQUEST, Duration.ZERO, kinds(only), h));
        return h;
    }

    /** Faults not yet drawn. */
    public int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Drops the faults not yet drawn and releases every hold. */
    public void clear() {
        synchronized (queue) {
            queue.clear();
        }
        for (Hold h : holds) {
            h.release();
        }
        holds.clear();
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
