package org.crossbarhil.driver.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.crossbarhil.driver.BoardException;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Futures;
import org.crossbarhil.driver.LinkStats;
import org.crossbarhil.driver.OutcomeUnknownException;
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
import org.crossbarhil.protocol.v0.Event;
import org.crossbarhil.protocol.v0.HelloResponse;
import org.crossbarhil.protocol.v0.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request engine of one board: links made by a {@link Connector}, the handshake on each,
 * seqs and the in-flight window ({@link RequestTracker}), per-attempt timeouts and
 * retransmission of the identical frame, the idle heartbeat, and reconnecting with the same
 * session id, which is this session's own: drawn here unless the options name one. It knows
 * requests only as protobuf bodies and mappers; the API lives in {@link ProtocolClient}.
 *
 * <p>Threads: callers submit; link threads deliver responses; one timer thread runs attempt
 * timers and the heartbeat; a small pool completes futures (so a caller's continuation never runs
 * on a link thread, where a blocking call would deadlock it), resends and reconnects.
 *
 * <p>Locks, always in this order: {@code sendLock} (link state and writes, so seqs reach the wire
 * in order), then the tracker. Nothing takes {@code sendLock} while holding the tracker.
 */
public final class LinkSession implements Connection.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(LinkSession.class);
    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2000;
    private static final SecureRandom RANDOM = new SecureRandom();

    enum State {
        CONNECTING,
        READY,
        RECONNECTING,
        /** Gave up: the reconnect window passed, or the board refused the handshake. Terminal. */
        FAILED,
        CLOSED
    }

    /** What the client learns from the session. Called on driver threads. */
    public interface Observer {
        /** Validates and applies a Hello answer; throwing refuses the board (the link is closed). */
        void onHello(HelloResponse hello, boolean reconnect);

        void onEvent(Event event);

        /** After a reconnect, once every pending request went out again. */
        void onReconnected(boolean sessionResumed);
    }

    private final Connector connector;
    private final DriverOptions options;
    private final String uri;
    private final Observer observer;
    private final long sessionId;
    private final RequestTracker tracker;
    private final UnresolvedWrites unresolved = new UnresolvedWrites();
    private final Object sendLock = new Object();
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService workers;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retransmissions = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicInteger generations = new AtomicInteger();
    private final HeartbeatTimer heartbeat = new HeartbeatTimer();

    // Guarded by sendLock for writes; volatile for lock-free reads.
    private volatile State state = State.CONNECTING;
    private volatile Connection current;
    private volatile FrameEncoder encoder;
    private volatile int memoryEpoch;
    private volatile Duration idempotencyTtl = Duration.ZERO;
    private volatile long linkDownSinceNanos;
    private volatile String failureReason;
    private volatile long lastSendNanos = System.nanoTime();

    public LinkSession(Connector connector, DriverOptions options, String uri, Observer observer) {
        this.connector = connector;
        this.options = options;
        this.uri = uri;
        this.observer = observer;
        this.sessionId = options.sessionId() != 0 ? options.sessionId() : newSessionId();
        this.tracker = new RequestTracker(options.maxInFlight());
        this.encoder = new FrameEncoder(options.maxFrameBytes());
        this.timers = new ScheduledThreadPoolExecutor(1, daemon("crossbar-timer " + uri));
        this.timers.setRemoveOnCancelPolicy(true);
        this.workers = Executors.newCachedThreadPool(daemon("crossbar-worker " + uri));
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

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + " #" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- lifecycle ----

    /** Connects and shakes hands; on failure everything is released and the exception thrown. */
    public void start() {
        Connection c = null;
        try {
            c = connect();
            HelloResponse hello = handshake(c, false);
            synchronized (sendLock) {
                current = c;
                state = State.READY;
            }
            startHeartbeat(hello);
        } catch (RuntimeException e) {
            if (c != null) {
                c.retire();
            }
            state = State.CLOSED;
            shutdownThreads();
            throw e;
        }
    }

    /** Best-effort safe idle, then closes the link. Pending requests fail. Idempotent. */
    void close(Function<LinkSession, CompletableFuture<?>> lastWords) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.READY && lastWords != null) {
            try {
                long waitMs = Math.min(options.requestTimeout().toMillis(), 2000);
                lastWords.apply(this).get(waitMs, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Best effort: a board that cannot hear us goes to safe idle on heartbeat loss.
                LOG.debug("safe idle before closing {} failed: {}", uri, e.toString());
            }
        }
        Connection c;
        synchronized (sendLock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            failureReason = "board " + uri + " was closed";
            c = current;
            current = null;
        }
        failAll("the board was closed");
        if (c != null) {
            c.retire();
        }
        shutdownThreads();
    }

    private void shutdownThreads() {
        heartbeat.stop();
        timers.shutdownNow();
        workers.shutdown();
    }

    // ---- submitting ----

    /** Accepts a call: it goes out now, waits for the link, or waits for a window slot. */
    <T> CompletableFuture<T> submit(Call<T> call) {
        State s = state;
        if (s == State.CLOSED || s == State.FAILED) {
            call.future.completeExceptionally(new BoardLinkException(call.op + " not sent: " + failureReason
                    + "; nothing was applied (open the board again)"));
            return call.future;
        }
        requests.incrementAndGet();
        call.acceptedNanos = System.nanoTime();
        if (tracker.admit(call)) {
            startAttemptTimer(call);
            dispatch(call);
        }
        return call.future;
    }

    private void dispatch(Call<?> call) {
        synchronized (sendLock) {
            Connection c = linkFor(call);
            if (c == null && call.pinnedTo != null) {
                // The link closed before its handshake could even start: there is nothing to wait for.
                fail(call, new BoardLinkException("link " + ((Connection) call.pinnedTo).describe()
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
                    fail(call, new IllegalArgumentException(call.op + ": " + e.getMessage(), e));
                    return;
                }
            }
            synchronized (tracker) {
                if (!tracker.markSent(call)) {
                    return;
                }
                if (!call.everSent) {
                    call.everSent = true;
                    call.firstSentNanos = System.nanoTime();
                    call.memoryEpoch = memoryEpoch;
                }
            }
            write(c, call);
        }
    }

    /** Sends the call's frame again, byte for byte; nothing when the link is down. */
    private void retransmit(Call<?> call) {
        synchronized (sendLock) {
            Connection c = linkFor(call);
            if (c == null || call.settled) {
                return;
            }
            retransmissions.incrementAndGet();
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
            // Reported from a worker: this thread holds the send lock, which the link's own thread
            // may need to report the same loss (a serial link waits for its reader on close).
            runOnWorker(() -> linkFailed(c, e));
        }
    }

    // ---- timers ----

    private void startAttemptTimer(Call<?> call) {
        try {
            ScheduledFuture<?> t = timers.schedule(() -> onAttemptTimeout(call), options.requestTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
            synchronized (tracker) {
                ScheduledFuture<?> old = call.timer;
                call.timer = t;
                if (old != null) {
                    old.cancel(false);
                }
                if (call.settled) {
                    t.cancel(false);
                }
            }
        } catch (RejectedExecutionException closing) {
            // close() fails every pending call itself.
        }
    }

    private void onAttemptTimeout(Call<?> call) {
        boolean exhausted;
        boolean unsafeToRepeat;
        synchronized (tracker) {
            if (call.settled) {
                return;
            }
            timeouts.incrementAndGet();
            call.attempts++;
            exhausted = call.attempts > options.maxRetransmissions();
            // A board that remembers nothing would execute a repeated write again.
            unsafeToRepeat = call.neverRepeatBlindly && call.everSent && idempotencyTtl.isZero();
        }
        if (exhausted || unsafeToRepeat) {
            fail(call, timeoutFailure(call, unsafeToRepeat
                    ? "; the board reported no idempotency memory (ttl 0), so the write was not retransmitted" : ""));
            return;
        }
        startAttemptTimer(call);
        runOnWorker(() -> {
            if (call.everSent) {
                retransmit(call);
            } else {
                dispatch(call);
            }
        });
    }

    private BoardLinkException timeoutFailure(Call<?> call, String extra) {
        long elapsedMs = (System.nanoTime() - call.acceptedNanos) / 1_000_000;
        String where = "(in flight: " + tracker.inFlight() + ", link: " + linkDescription() + ")";
        if (!call.everSent) {
            String down = state == State.RECONNECTING
                    ? "the link has been down for " + (System.nanoTime() - linkDownSinceNanos) / 1_000_000 + " ms"
                    : "the link is not up (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")";
            return Failures.neverSent(call, down, elapsedMs, where);
        }
        return Failures.timedOut(call, elapsedMs, Math.min(call.attempts - 1, options.maxRetransmissions()), where, extra);
    }

    private String linkDescription() {
        Connection c = current;
        if (c != null && state == State.READY) {
            return c.describe();
        }
        return connector.describe() + " (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    // ---- completion ----

    private void fail(Call<?> call, RuntimeException failure) {
        ScheduledFuture<?> t;
        synchronized (tracker) {
            if (!tracker.settle(call)) {
                return;
            }
            t = call.timer;
        }
        if (t != null) {
            t.cancel(false);
        }
        if (failure instanceof OutcomeUnknownException) {
            unresolved.add(call);
        }
        runOnWorker(() -> call.future.completeExceptionally(failure));
        drainBacklogLater();
    }

    @SuppressWarnings("unchecked")
    private <T> void deliver(Call<T> call, Response response) {
        BoardStatus status = Wire.status(response.getStatus());
        Object outcome;
        if (status != BoardStatus.OK) {
            String message = response.getMessage().isEmpty() ? "(no message)" : response.getMessage();
            outcome = new BoardStatusException(status, call.op.wireName(), message);
        } else if (response.getBodyCase() != call.op.responseBody()) {
            outcome = Failures.protocolError(call, "answered with a " + response.getBodyCase() + " body (expected "
                    + call.op.responseBody() + ")", linkDescription());
        } else {
            try {
                outcome = call.mapper.apply(response);
            } catch (RuntimeException e) {
                outcome = Failures.protocolError(call, "malformed response: " + e.getMessage(), linkDescription());
            }
        }
        Object result = outcome;
        Runnable complete = () -> {
            if (result instanceof BoardException) {
                call.future.completeExceptionally((BoardException) result);
            } else {
                call.future.complete((T) result);
            }
        };
        if (call.completeOnLinkThread) {
            complete.run();
        } else {
            runOnWorker(complete);
        }
    }

    private void runOnWorker(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }

    private void drainBacklogLater() {
        if (tracker.backlogSize() > 0) {
            runOnWorker(this::drainBacklog);
        }
    }

    private void drainBacklog() {
        Call<?> next;
        while ((next = tracker.takeFromBacklog()) != null) {
            startAttemptTimer(next);
            dispatch(next);
        }
    }

    // ---- from the link (Connection.Sink) ----

    @Override
    public void onResponse(Connection from, Response response) {
        Call<?> call = tracker.settleSent(response.getSeq());
        if (call == null) {
            if (!unresolved.offerLate(response)) {
                unmatched.incrementAndGet();
                LOG.debug("[{}] response to seq {} that no caller awaits, ignored", uri, response.getSeq());
            }
            return;
        }
        ScheduledFuture<?> t;
        synchronized (tracker) {
            t = call.timer;
        }
        if (t != null) {
            t.cancel(false);
        }
        if (response.getReplayed()) {
            replayed.incrementAndGet();
        }
        deliver(call, response);
        drainBacklogLater();
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
        dropped.incrementAndGet();
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
        for (Call<?> call : tracker.pendingSnapshot()) {
            if (call.pinnedTo == from) {
                fail(call, mismatch);
            }
        }
    }

    @Override
    public void onDropped(Connection from, DropReason reason, int length) {
        if (reason != DropReason.EMPTY) {
            dropped.incrementAndGet();
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
            h = Futures.await(submit(hello));
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
        idempotencyTtl = Duration.ofNanos((long) (Math.max(0, h.getIdempotencyTtlSeconds()) * 1e9));
        // Before the link is READY; a reconnect's Hello may bring another capacity, and resume()
        // drains the backlog afterwards in case it grew.
        tracker.limitWrites(Unsigned.saturatedInt(h.getIdempotencyCapacity()));
        tracker.limitInFlight(h.getMaxRequestsInFlight());
        return h;
    }

    private void linkFailed(Connection c, Throwable cause) {
        boolean reconnect;
        synchronized (sendLock) {
            if (c != current || state != State.READY) {
                // A handshake link or an old one: its own handshake fails; the state is not ours to change.
                c.retire();
                failPinned(c, cause);
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
            runOnWorker(this::reconnectLoop);
        } else {
            failAll(failureReason);
        }
    }

    private void failPinned(Connection c, Throwable cause) {
        for (Call<?> call : tracker.pendingSnapshot()) {
            if (call.pinnedTo == c) {
                fail(call, new BoardLinkException("link " + c.describe() + " closed during the handshake: " + Failures.reason(cause)));
            }
        }
    }

    private void reconnectLoop() {
        long deadline = linkDownSinceNanos + options.reconnectWindow().toNanos();
        long backoffMs = FIRST_BACKOFF_MS;
        int attempt = 0;
        while (state == State.RECONNECTING) {
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
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
                Thread.sleep(Math.min(backoffMs, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
        if (state == State.RECONNECTING) {
            giveUp("the link to " + connector.describe() + " was lost and not re-established within the reconnect window of "
                    + options.reconnectWindow().toMillis() + " ms (" + attempt + " attempts)");
        }
    }

    /** Makes c the link, then sends every pending request again under its original seq. */
    private boolean resume(Connection c, HelloResponse hello) {
        boolean resumed = hello.getSessionResumed();
        List<Call<?>> pending;
        synchronized (sendLock) {
            if (state != State.RECONNECTING) {
                return false;
            }
            if (!resumed) {
                memoryEpoch++;
            }
            current = c;
            state = State.READY;
            // Taken under sendLock: from here on new calls go straight out, none is parked.
            pending = tracker.pendingSnapshot();
        }
        reconnects.incrementAndGet();
        LOG.info("[{}] link re-established on {} (session {})", uri, c.describe(), resumed ? "resumed" : "new");
        for (Call<?> call : pending) {
            if (call.pinnedTo != null) {
                continue;
            }
            if (call.everSent && call.neverRepeatBlindly) {
                String lost = memoryLost(call);
                if (lost != null) {
                    fail(call, Failures.notResent(call, lost));
                    continue;
                }
            }
            startAttemptTimer(call);
            if (call.everSent) {
                retransmit(call);
            } else {
                dispatch(call);
            }
        }
        try {
            observer.onReconnected(resumed);
        } catch (RuntimeException e) {
            LOG.warn("[{}] after reconnect", uri, e);
        }
        drainBacklogLater();
        return true;
    }

    /** Why the board can no longer answer this write from memory, or null when it can. */
    private String memoryLost(Call<?> call) {
        if (call.memoryEpoch != memoryEpoch) {
            return "the board did not resume this session (it restarted?) and its idempotency memory is gone";
        }
        Duration ttl = idempotencyTtl;
        if (ttl.isZero()) {
            return "the board keeps no idempotency memory (ttl 0)";
        }
        long elapsed = System.nanoTime() - call.firstSentNanos;
        // Keep a margin: the board's clock started when the request reached it, ours when it left.
        if (elapsed > ttl.toNanos() * 9 / 10) {
            return "it was first sent " + elapsed / 1_000_000 + " ms ago, close to or past the board's idempotency ttl of "
                    + ttl.toMillis() + " ms";
        }
        return null;
    }

    private void giveUp(String reason) {
        synchronized (sendLock) {
            if (state == State.CLOSED || state == State.FAILED) {
                return;
            }
            state = State.FAILED;
            failureReason = reason;
        }
        LOG.warn("[{}] {}", uri, reason);
        failAll(reason);
    }

    private void failAll(String reason) {
        List<Call<?>> all = tracker.pendingSnapshot();
        all.addAll(tracker.backlogSnapshot());
        for (Call<?> call : all) {
            fail(call, Failures.abandoned(call, reason));
        }
    }

    // ---- heartbeat ----

    private void startHeartbeat(HelloResponse hello) {
        heartbeat.start(timers, HeartbeatTimer.interval(options.heartbeatInterval(), hello.getHeartbeatTimeoutSeconds()),
                () -> state == State.READY, () -> lastSendNanos, this::sendHeartbeat);
    }

    private CompletableFuture<?> sendHeartbeat() {
        Connection c = current;
        return submit(new Call<>(ProtocolOperation.HEARTBEAT, Wire.heartbeat(), r -> r, false)).whenComplete((r, e) -> {
            if (e instanceof BoardLinkException && c != null && c == current) {
                // Silence on a link that looks open (a stalled peer, a half-open socket): start over.
                linkFailed(c, new IOException("heartbeat unanswered: " + e.getMessage()));
            }
        });
    }

    // ---- outcome resolution ----

    /** Asks again, with the same key and bytes, for a write whose outcome is unknown. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<Object> resolve(long seq) {
        UnresolvedWrites.Entry entry = unresolved.get(seq);
        if (entry == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("seq " + seq
                    + " is not an unresolved write of this board (unresolved: " + unresolved.seqs() + ")"));
        }
        Call<?> original = entry.call;
        synchronized (entry) {
            if (entry.resolving != null && !entry.resolving.isDone()) {
                return entry.resolving;
            }
            Call<Object> again = Call.again(original.op, original.body, (Function) original.mapper, seq, original.frame,
                    original.memoryEpoch, original.firstSentNanos);
            again.everSent = true;
            Response late = entry.late;
            if (late != null) {
                unresolved.remove(seq);
                again.settled = true;
                deliver(again, late);
                entry.resolving = again.future;
                return again.future;
            }
            String lost = memoryLost(original);
            if (lost != null) {
                unresolved.remove(seq);
                return CompletableFuture.failedFuture(Failures.unresolvable(original, lost));
            }
            if (tracker.awaits(seq)) {
                return CompletableFuture.failedFuture(new IllegalStateException("seq " + seq + " is already awaited"));
            }
            entry.resolving = again.future;
            submit(again).whenComplete((v, e) -> {
                if (e == null || e instanceof BoardStatusException) {
                    unresolved.remove(seq);
                }
            });
            return again.future;
        }
    }

    // ---- observation ----

    public LinkStats stats() {
        return new LinkStats(requests.get(), retransmissions.get(), timeouts.get(), reconnects.get(), dropped.get(),
                replayed.get(), tracker.inFlight(), unmatched.get());
    }

    public String describeLink() {
        return linkDescription();
    }
}
