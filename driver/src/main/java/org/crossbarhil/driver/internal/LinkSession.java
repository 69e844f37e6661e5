package org.crossbarhil.driver.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.LinkStats;
import org.crossbarhil.link.Connector;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HelloResponse;

/**
 * One session with one board: links made by a {@link Connector}, the handshake on each, seqs and
 * the in-flight window, per-attempt timeouts and retransmission of the identical frame, the idle
 * heartbeat, and reconnecting with the same session id, which is this session's own: drawn here
 * unless the options name one. It knows requests only as protobuf bodies and mappers; the API
 * lives in {@link ProtocolClient}, the relay in {@link org.crossbarhil.driver.RawUpstream}.
 *
 * <p>Made of three parts, one lock each: {@link LinkLifecycle} (the link lock: which link is
 * current, connecting, reconnecting, and every write), {@link RequestEngine} (the tracker's lock:
 * each request's slot, timer and completion) and {@link BoardMemory} (the lock of each unresolved
 * write: what the board's idempotency memory can still answer). When held together they are taken
 * in that order: an unresolved write's entry, then the link lock, then the tracker's. This class
 * builds and wires them and holds no lock itself.
 *
 * <p>Threads: callers submit; link threads deliver responses; {@link SessionThreads} runs the
 * timers and the workers that complete futures, resend and reconnect.
 */
public final class LinkSession {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the client learns from the session. Called on driver threads. */
    public interface Observer {
        /** Validates and applies a Hello answer; throwing refuses the board (the link is closed). */
        void onHello(HelloResponse hello, boolean reconnect);

        void onEvent(Event event);

        /**
         * The board restarted (found on a reconnect): pending calls failed with {@code restart},
         * later ones do until {@link LinkSession#acknowledgeRestart}. Called before
         * {@link #onReconnected}.
         */
        void onRestarted(BoardRestartedException restart);

        /** After a reconnect, once every pending request went out again (or, after a restart, failed). */
        void onReconnected(boolean sessionResumed);
    }

    private final SessionThreads threads;
    private final SessionCounters counters = new SessionCounters();
    private final BoardMemory memory = new BoardMemory();
    private final RequestEngine engine;
    private final LinkLifecycle link;

    public LinkSession(Connector connector, DriverOptions options, String uri, Observer observer) {
        long sessionId = options.sessionId() != 0 ? options.sessionId() : newSessionId();
        RequestTracker tracker = new RequestTracker(options.maxInFlight());
        this.threads = new SessionThreads(uri);
        this.engine = new RequestEngine(options, uri, tracker, memory, counters, threads);
        this.link = new LinkLifecycle(connector, options, uri, sessionId, observer, engine, tracker, memory, counters,
                threads);
        engine.sendOn(link);
    }

    /**
     * A fresh id per open, never per options object: two boards opened with the same options on
     * one board would otherwise share a session, and the second's Hello would resume the first's
     * and their seqs collide.
     */
    private static long newSessionId() {
        long id;
        do {
            id = RANDOM.nextLong();
        } while (id == 0);
        return id;
    }

    /** Connects and shakes hands; on failure everything is released and the exception thrown. */
    public void start() {
        try {
            link.open();
        } catch (RuntimeException e) {
            threads.shutdown();
            throw e;
        }
    }

    /** Best-effort safe idle ({@code lastWords}), then closes the link. Pending requests fail. Idempotent. */
    void close(Function<LinkSession, CompletableFuture<?>> lastWords) {
        if (link.close(lastWords == null ? null : () -> lastWords.apply(this))) {
            threads.shutdown();
        }
    }

    /** Accepts a call: it goes out now, waits for the link, or waits for a window slot. */
    <T> CompletableFuture<T> submit(Call<T> call) {
        return engine.submit(call);
    }

    /** Asks again, with the same key and bytes, for a write whose outcome is unknown. */
    CompletableFuture<Object> resolve(long seq) {
        return memory.resolve(seq, engine);
    }

    /** A board restart someone else saw (a gateway's event or answer): as if a reconnect had found it. */
    public void boardRestarted(BoardRestartedException restart) {
        link.boardRestarted(restart);
    }

    /** The caller took the restarted board as it is: calls go out again. */
    public void acknowledgeRestart() {
        link.acknowledgeRestart();
    }

    /** How long the link has been down, or null while it is up. */
    public Duration downFor() {
        return link.downFor();
    }

    public LinkStats stats() {
        return counters.snapshot(engine.inFlight());
    }

    public String describeLink() {
        return link.describe();
    }
}
