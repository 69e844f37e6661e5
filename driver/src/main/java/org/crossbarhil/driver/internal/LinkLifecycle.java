package org.crossbarhil.driver.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.BoardUnavailableException;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Futures;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.FrameTooLargeException;
import org.crossbarhil.protocol.FrameType;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.rules.Unsigned;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's link to the board, from the first connect to close: the handshake on each link,
 * the idle heartbeat, noticing a lost link, reconnecting with the same session id within the
 * reconnect window, and putting each frame on the current link. What a link decodes is routed
 * from here: responses to the {@link RequestEngine}, events to the observer.
 *
 * <p>Lock: the link lock. It guards the state, the current connection and why the session ended,
 * and it is held across every write, so seqs reach the wire in the order they were assigned, and
 * a reconnect's snapshot of the pending calls, taken under it as the link turns ready, misses no
 * call that found the link down and parked. Lock order: the link lock, then the tracker's
 * ({@link RequestEngine}); nothing takes the link lock while holding the tracker's. A failed
 * write is reported from a worker, never under the link lock: the link's own thread may need the
 * lock to report the same loss (a serial link waits for its reader on close).
 */
final class LinkLifecycle implements Connection.Sink {
    // Logs under the session's name: one category to turn up when a board misbehaves.
    private static final Logger LOG = LoggerFactory.getLogger(LinkSession.class);
    private static final long FIRST_BACKOFF_MS = 50;

    enum State {
        CONNECTING,
        READY,
        RECONNECTING,
        /** Gave up: the reconnect window passed, or the board refused the handshake. Terminal. */
        FAILED,
        CLOSED
    }

    private final Connector connector;
    private final DriverOptions options;
    private final String uri;
    private final long sessionId;
    private final LinkSession.Observer observer;
    private final RequestEngine engine;
    private final RequestTracker tracker;
    private final BoardMemory memory;
    private final SessionCounters counters;
    private final SessionThreads threads;
    private final Object linkLock = new Object();
    private final AtomicInteger generations = new AtomicInteger();
    private final HeartbeatTimer heartbeat = new HeartbeatTimer();

    // Guarded by linkLock for writes; volatile for lock-free reads.
    private volatile State state = State.CONNECTING;
    private volatile Connection current;
    private volatile FrameEncoder encoder;
    private volatile long linkDownSinceNanos;
    private volatile String failureReason;
    private volatile long lastSendNanos = System.nanoTime();
    /** The board's boot id from the latest handshake; 0 when it states none. */
    private volatile long bootId;
    /** The restart not yet acknowledged by the caller, or null; set under linkLock. */
    private volatile BoardRestartedException restarted;

    LinkLifecycle(Connector connector, DriverOptions options, String uri, long sessionId, LinkSession.Observer observer,
            RequestEngine engine, RequestTracker tracker, BoardMemory memory, SessionCounters counters,
            SessionThreads threads) {
        this.connector = connector;
        this.options = options;
        this.uri = uri;
        this.sessionId = sessionId;
        this.observer = observer;
        this.engine = engine;
        this.tracker = tracker;
        this.memory = memory;
        this.counters = counters;
        this.threads = threads;
        this.encoder = new FrameEncoder(options.maxFrameBytes());
    }

    // ---- open and close ----

    /** Connects and shakes hands; on failure the link is released and the exception thrown. */
    void open() {
        Connection c = null;
        try {
            c = connect();
            HelloResponse hello = handshake(c, false);
            synchronized (linkLock) {
                current = c;
                state = State.READY;
                bootId = hello.getBootId();
            }
            startHeartbeat(hello);
        } catch (RuntimeException e) {
            if (c != null) {
                c.retire();
            }
            state = State.CLOSED;
            heartbeat.stop();
            throw e;
        }
    }

    /**
     * Best-effort last words (safe idle) while the link is up, then closes it; pending calls
     * fail. True for the one call that closed the session, false when it was closed already.
     */
    boolean close(Supplier<CompletableFuture<?>> lastWords) {
        if (state == State.CLOSED) {
            return false;
        }
        if (state == State.READY && lastWords != null) {
            try {
                long waitMs = Math.min(options.requestTimeout().toMillis(), 2000);
                lastWords.get().get(waitMs, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Best effort: a board that cannot hear us goes to safe idle on heartbeat loss.
                LOG.debug("safe idle before closing {} failed: {}", uri, e.toString());
            }
        }
        Connection c;
        synchronized (linkLock) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            failureReason = "board " + uri + " was closed";
            c = current;
            current = null;
        }
        engine.failAll("the board was closed");
        if (c != null) {
            c.retire();
        }
        heartbeat.stop();
        return true;
    }

    /**
     * Why no call can go out (the session closed or failed, or a board restart is not yet
     * acknowledged), or null while it can. Hello, heartbeat, abort and safe idle always may: they
     * keep the link and make the board safe, whatever chip it is now.
     */
    BoardLinkException refusal(Call<?> call) {
        State s = state;
        if (s == State.CLOSED || s == State.FAILED) {
            return new BoardLinkException(call.op + " not sent: " + failureReason
                    + "; nothing was applied (open the board again)");
        }
        BoardRestartedException r = restarted;
        if (r != null && !survivesRestart(call.op)) {
            return r.again(call.op.wireName());
        }
        return null;
    }

    private static boolean survivesRestart(ProtocolOperation op) {
        return op == ProtocolOperation.HELLO || op == ProtocolOperation.HEARTBEAT || op == ProtocolOperation.ABORT
                || op == ProtocolOperation.SAFE_IDLE;
    }

    /**
     * The board restarted (found on a reconnect, or told by a gateway): every pending call fails
     * with it, and later ones until {@link #acknowledgeRestart}. The first restart told is kept
     * until then; a later one adds nothing the caller must do differently.
     */
    void boardRestarted(BoardRestartedException e) {
        synchronized (linkLock) {
            if (state == State.CLOSED || state == State.FAILED) {
                return;
            }
            if (restarted == null) {
                restarted = e;
            }
        }
        LOG.warn("[{}] {}", uri, e.getMessage());
        engine.failAllExceptSurvivors(e, LinkLifecycle::survivesRestart);
    }

    /** The caller took the new chip as it is: calls go out again. */
    void acknowledgeRestart() {
        synchronized (linkLock) {
            restarted = null;
        }
    }

    /** How long the link has been down, or null while it is up (or still opening, or closed). */
    Duration downFor() {
        State s = state;
        if (s != State.RECONNECTING && s != State.FAILED) {
            return null;
        }
        return Duration.ofNanos(System.nanoTime() - linkDownSinceNanos);
    }

    // ---- sending ----

    /** Puts a call that holds a slot on the link under its seq, or parks it until the link is back. */
    void send(Call<?> call) {
        synchronized (linkLock) {
            Connection c = linkFor(call);
            if (c == null && call.pinnedTo != null) {
                // The link closed before its handshake could even start: there is nothing to wait for.
                engine.fail(call, new BoardLinkException("link " + ((Connection) call.pinnedTo).describe()
                        + " closed during the handshake, before Hello could be sent"));
                return;
            }
            if (c == null) {
                tracker.park(call);
                return;
            }
            tracker.assignSeq(call);
            if (call.frame == null) {
                try {
                    call.frame = encoder.encode(call.body.toBuilder().setSeq(call.seq).build());
                } catch (FrameTooLargeException e) {
                    engine.fail(call, new IllegalArgumentException(call.op + ": " + e.getMessage(), e));
                    return;
                }
            }
            if (!tracker.markSent(call, memory.epoch())) {
                return;
            }
            write(c, call);
        }
    }

    /** Sends the call's frame again, byte for byte; nothing when the link is down. */
    void resend(Call<?> call) {
        synchronized (linkLock) {
            Connection c = linkFor(call);
            if (c == null || call.settled) {
                return;
            }
            counters.retransmissions.incrementAndGet();
            write(c, call);
        }
    }

    private Connection linkFor(Call<?> call) {
        if (call.pinnedTo != null) {
            Connection pinned = (Connection) call.pinnedTo;
            return pinned.isRetired() ? null : pinned;
        }
        return state == State.READY ? current : null;
    }

    private void write(Connection c, Call<?> call) {
        lastSendNanos = System.nanoTime();
        try {
            c.send(call.frame);
        } catch (IOException e) {
            // The link is broken; the call stays pending and goes out again after the reconnect.
            threads.runOnWorker(() -> linkFailed(c, e));
        }
    }

    // ---- describing ----

    String describe() {
        Connection c = current;
        if (c != null && state == State.READY) {
            return c.describe();
        }
        return connector.describe() + " (" + state.name().toLowerCase(Locale.ROOT) + ")";
    }

    /** Why a call found no link during its attempt windows. */
    String whyDown() {
        return state == State.RECONNECTING
                ? "the link has been down for " + (System.nanoTime() - linkDownSinceNanos) / 1_000_000 + " ms"
                : "the link is not up (" + state.name().toLowerCase(Locale.ROOT) + ")";
    }

    // ---- from the link (Connection.Sink) ----

    @Override
    public void onResponse(Connection from, Response response) {
        engine.onResponse(response);
    }

    @Override
    public void onEvent(Connection from, Event event) {
        try {
            observer.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("[{}] event {} could not be handled", uri, event.getBodyCase(), e);
        }
    }

    @Override
    public void onForeignVersion(Connection from, int version, int typeCode, byte[] payload) {
        counters.dropped.incrementAndGet();
        // Only a handshake can make sense of it: the board speaks another major version.
        String boardVersion = "major " + version;
        if (typeCode == FrameType.RESPONSE.code()) {
            try {
                Response r = Response.parseFrom(payload);
                if (r.hasHello() && r.getHello().getProtocolMajor() == version) {
                    boardVersion = Handshake.version(version, r.getHello().getProtocolMinor());
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                // A later major may lay its payload out differently: the header's major is enough.
            }
        }
        BoardStatusException mismatch = Failures.versionMismatch("the board answered with protocol " + boardVersion + " frames");
        engine.failPinnedTo(from, () -> mismatch);
    }

    @Override
    public void onDropped(Connection from, DropReason reason, int length) {
        if (reason != DropReason.EMPTY) {
            counters.dropped.incrementAndGet();
            LOG.debug("[{}] dropped {} bytes ({})", uri, length, reason);
        }
    }

    @Override
    public void onClosed(Connection from, Throwable cause) {
        linkFailed(from, cause);
    }

    // ---- handshake, link loss and reconnect ----

    private Connection connect() {
        Connection c = new Connection(generations.incrementAndGet(), options.maxFrameBytes(), this);
        try {
            Link link = connector.connect(c, options.connectTimeout());
            c.attach(link);
        } catch (IOException e) {
            throw new BoardLinkException("cannot connect to " + connector.describe() + " within "
                    + options.connectTimeout().toMillis() + " ms: " + e.getMessage(), e);
        }
        return c;
    }

    private HelloResponse handshake(Connection c, boolean reconnect) {
        Call<HelloResponse> hello = new Call<>(ProtocolOperation.HELLO, Wire.hello(sessionId, options.clientName(),
                options.authToken(), options.maxFrameBytes()), Response::getHello, true);
        hello.pinnedTo = c;
        HelloResponse h;
        try {
            h = Futures.await(engine.submit(hello));
        } catch (BoardStatusException e) {
            if (e.status() == BoardStatus.VERSION_MISMATCH && !e.getMessage().contains("this driver speaks")) {
                // the board's own words, without the "hello refused by the board" prefix versionMismatch adds again
                throw Failures.versionMismatch(RawCalls.boardMessage(ProtocolOperation.HELLO, e));
            }
            throw e;
        }
        if (h.getProtocolMajor() != ProtocolVersion.MAJOR) {
            throw Failures.versionMismatch("the board speaks protocol "
                    + Handshake.version(h.getProtocolMajor(), h.getProtocolMinor()));
        }
        try {
            if (h.getSessionResumed()) {
                // Before the link is READY, so no request can take a seq the board already holds.
                tracker.continueAfter(h.getHighestSeqSeen());
            }
            observer.onHello(h, reconnect);
        } catch (IllegalArgumentException e) {
            throw new BoardLinkException("protocol error: the Hello answer of " + c.describe() + " is invalid: "
                    + e.getMessage(), e);
        }
        encoder = new FrameEncoder(Math.max(Handshake.maxFrameBytes(h.getMaxFrameBytes()), FrameEncoder.OVERHEAD_BYTES));
        memory.learn(h);
        // Before the link is READY; a reconnect's Hello may bring another capacity, and resume()
        // drains the backlog afterwards in case it grew.
        tracker.limitWrites(Unsigned.saturatedInt(h.getIdempotencyCapacity()));
        tracker.limitInFlight(h.getMaxRequestsInFlight());
        return h;
    }

    private void linkFailed(Connection c, Throwable cause) {
        boolean reconnect;
        synchronized (linkLock) {
            if (c != current || state != State.READY) {
                // A handshake link or an old one: its own handshake fails; the state is not ours to change.
                c.retire();
                engine.failPinnedTo(c, () -> new BoardLinkException("link " + c.describe()
                        + " closed during the handshake: " + Failures.reason(cause)));
                return;
            }
            current = null;
            linkDownSinceNanos = System.nanoTime();
            reconnect = options.reconnect();
            if (reconnect) {
                state = State.RECONNECTING;
            } else {
                state = State.FAILED;
                failureReason = "the link to " + c.describe() + " was lost (" + Failures.reason(cause)
                        + ") and reconnecting is off";
            }
        }
        c.retire();
        LOG.info("[{}] link {} lost ({}){}", uri, c.describe(), Failures.reason(cause), reconnect ? ", reconnecting" : "");
        if (reconnect) {
            threads.runOnWorker(this::reconnectLoop);
        } else {
            engine.failAll(failureReason);
        }
    }

    private void reconnectLoop() {
        boolean untilClosed = options.reconnectUntilClosed();
        long deadline = linkDownSinceNanos + options.reconnectWindow().toNanos();
        long maxBackoffMs = options.maxReconnectBackoff().toMillis();
        long backoffMs = Math.min(FIRST_BACKOFF_MS, maxBackoffMs);
        int attempt = 0;
        while (state == State.RECONNECTING) {
            long remainingMs = untilClosed ? Long.MAX_VALUE : (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) {
                break;
            }
            attempt++;
            Connection c = null;
            try {
                c = connect();
                HelloResponse hello = handshake(c, true);
                if (resume(c, hello)) {
                    return;
                }
                c.retire();
                return;
            } catch (BoardStatusException e) {
                // The board refuses us (version, token): retrying cannot help.
                if (c != null) {
                    c.retire();
                }
                giveUp("reconnecting to " + connector.describe() + " was refused: " + e.getMessage());
                return;
            } catch (BoardLinkException e) {
                if (c != null) {
                    c.retire();
                }
                LOG.debug("[{}] reconnect attempt {} failed: {}", uri, attempt, e.getMessage());
            }
            try {
                Thread.sleep(untilClosed ? backoffMs : Math.min(backoffMs, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
        }
        if (state == State.RECONNECTING) {
            giveUp("the link to " + connector.describe() + " was lost and not re-established within the reconnect window of "
                    + options.reconnectWindow().toMillis() + " ms (" + attempt + " attempts)");
        }
    }

    /**
     * Makes c the link, then sends every pending request again under its original seq; or, when
     * the board restarted meanwhile, fails them all: they were meant for a chip that is gone.
     */
    private boolean resume(Connection c, HelloResponse hello) {
        boolean resumed = hello.getSessionResumed();
        List<Call<?>> pending;
        BoardRestartedException restart;
        synchronized (linkLock) {
            if (state != State.RECONNECTING) {
                return false;
            }
            if (!resumed) {
                memory.forget();
            }
            restart = restartFound(c, hello);
            bootId = hello.getBootId();
            if (restart != null && restarted == null) {
                // Before the link is READY: no call may go out to the new chip unacknowledged.
                restarted = restart;
            }
            current = c;
            state = State.READY;
            // Taken under the link lock: from here on new calls go straight out, none is parked.
            pending = tracker.pendingSnapshot();
        }
        counters.reconnects.incrementAndGet();
        LOG.info("[{}] link re-established on {} (session {})", uri, c.describe(), resumed ? "resumed" : "new");
        if (restart != null) {
            boardRestarted(restart);
            try {
                observer.onRestarted(restart);
            } catch (RuntimeException e) {
                LOG.warn("[{}] after a board restart", uri, e);
            }
        } else {
            engine.resendAfterReconnect(pending);
        }
        try {
            observer.onReconnected(resumed);
        } catch (RuntimeException e) {
            LOG.warn("[{}] after reconnect", uri, e);
        }
        engine.drainBacklogLater();
        return true;
    }

    /** The restart a reconnect's Hello shows (another boot id, or the session forgotten), or null. */
    private BoardRestartedException restartFound(Connection c, HelloResponse hello) {
        long before = bootId;
        long now = hello.getBootId();
        if (before != 0 && now != 0 && before != now) {
            return new BoardRestartedException(String.format("the board restarted: the reconnect to %s found boot id %016x "
                    + "(was %016x); its devices no longer hold what this session read or programmed", c.describe(), now, before),
                    before, now);
        }
        if (!hello.getSessionResumed()) {
            return new BoardRestartedException("the board restarted or lost its memory: the reconnect to " + c.describe()
                    + " found a board that no longer knew this session; its devices may no longer hold what this session "
                    + "read or programmed", before, now);
        }
        return null;
    }

    private void giveUp(String reason) {
        synchronized (linkLock) {
            if (state == State.CLOSED || state == State.FAILED) {
                return;
            }
            state = State.FAILED;
            failureReason = reason;
        }
        LOG.warn("[{}] {}", uri, reason);
        engine.failAll(reason);
    }

    // ---- heartbeat ----

    private void startHeartbeat(HelloResponse hello) {
        heartbeat.start(threads.timers(), HeartbeatTimer.interval(options.heartbeatInterval(), hello.getHeartbeatTimeoutSeconds()),
                () -> state == State.READY, () -> lastSendNanos, this::sendHeartbeat);
    }

    private CompletableFuture<?> sendHeartbeat() {
        Connection c = current;
        return engine.submit(new Call<>(ProtocolOperation.HEARTBEAT, Wire.heartbeat(), r -> r, false)).whenComplete((r, e) -> {
            // An answer that the board behind a gateway restarted or is away says the link itself is fine.
            boolean answered = e instanceof BoardRestartedException || e instanceof BoardUnavailableException;
            if (e instanceof BoardLinkException && !answered && c != null && c == current) {
                // Silence on a link that looks open (a stalled peer, a half-open socket): start over.
                linkFailed(c, new IOException("heartbeat unanswered: " + e.getMessage()));
            }
        });
    }

    @Override
    public String toString() {
        return "link of " + uri + " (" + state.name().toLowerCase(Locale.ROOT) + ")";
    }
}
