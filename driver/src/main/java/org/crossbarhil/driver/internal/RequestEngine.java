package org.crossbarhil.driver.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.crossbarhil.driver.BoardException;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.BoardUnavailableException;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.OutcomeUnknownException;
import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.v1.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each request's fate from acceptance to completion: a slot of the in-flight window
 * ({@link RequestTracker}), an attempt timer per window, the choice at each timeout between
 * sending the identical frame again and giving up, matching responses by seq, and completing the
 * future on a worker. Putting frames on the wire is the link's ({@link LinkLifecycle#send},
 * {@link LinkLifecycle#resend}); it knows requests only as protobuf bodies and mappers.
 *
 * <p>Lock: the tracker's monitor, which also guards each {@link Call}'s mutable fields, so that
 * exactly one party settles a call and its timer is never left running. The link shares the
 * tracker: it numbers, parks and marks calls sent under its own lock. Lock order: the link lock
 * ({@link LinkLifecycle}) may be held when the tracker's is taken (a send numbers or fails a
 * call); the tracker's is never held while taking the link lock, so nothing here sends under it.
 */
final class RequestEngine {
    // Logs under the session's name: one category to turn up when a board misbehaves.
    private static final Logger LOG = LoggerFactory.getLogger(LinkSession.class);

    private final DriverOptions options;
    private final String uri;
    private final RequestTracker tracker;
    private final BoardMemory memory;
    private final SessionCounters counters;
    private final SessionThreads threads;
    /** Set once, before the session starts: the link and the engine refer to each other. */
    private LinkLifecycle link;

    RequestEngine(DriverOptions options, String uri, RequestTracker tracker, BoardMemory memory,
            SessionCounters counters, SessionThreads threads) {
        this.options = options;
        this.uri = uri;
        this.tracker = tracker;
        this.memory = memory;
        this.counters = counters;
        this.threads = threads;
    }

    void sendOn(LinkLifecycle link) {
        if (this.link != null) {
            throw new IllegalStateException("the engine already sends on " + this.link);
        }
        this.link = link;
    }

    /** Accepts a call: it goes out now, waits for the link, or waits for a window slot. */
    <T> CompletableFuture<T> submit(Call<T> call) {
        BoardLinkException refused = link.refusal(call);
        if (refused != null) {
            call.future.completeExceptionally(refused);
            return call.future;
        }
        counters.requests.incrementAndGet();
        call.acceptedNanos = System.nanoTime();
        if (tracker.admit(call)) {
            startAttemptTimer(call);
            link.send(call);
        }
        // A close (or a restart) between the check above and the admission failed every call it
        // saw but this one, which then waits unsent for a link that never comes: asked again now,
        // it is refused. A call that went out was admitted before the close, which fails it.
        BoardLinkException refusedSince = link.refusal(call);
        if (refusedSince != null && !call.everSent) {
            fail(call, refusedSince);
        }
        return call.future;
    }

    /** A call sent before goes out again byte for byte; one never sent takes its seq now. */
    private void transmit(Call<?> call) {
        if (call.everSent) {
            link.resend(call);
        } else {
            link.send(call);
        }
    }

    /**
     * After a reconnect: every pending call goes out again under its own seq, except a write
     * that must never be repeated blindly and that the board can no longer answer from memory.
     */
    void resendAfterReconnect(List<Call<?>> pending) {
        for (Call<?> call : pending) {
            if (call.pinnedTo != null) {
                continue;
            }
            if (call.everSent && call.neverRepeatBlindly) {
                String lost = memory.lostFor(call);
                if (lost != null) {
                    fail(call, Failures.notResent(call, lost));
                    continue;
                }
            }
            startAttemptTimer(call);
            transmit(call);
        }
    }

    /** True when a call is waiting for a response to this seq. */
    boolean awaits(long seq) {
        return tracker.awaits(seq);
    }

    int inFlight() {
        return tracker.inFlight();
    }

    // ---- timers ----

    private void startAttemptTimer(Call<?> call) {
        try {
            ScheduledFuture<?> t = threads.timers().schedule(() -> onAttemptTimeout(call),
                    options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
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
            counters.timeouts.incrementAndGet();
            call.attempts++;
            exhausted = call.attempts > options.maxRetransmissions();
            unsafeToRepeat = call.neverRepeatBlindly && call.everSent && memory.keepsNothing();
        }
        if (exhausted || unsafeToRepeat) {
            fail(call, timeoutFailure(call, unsafeToRepeat
                    ? "; the board reported no idempotency memory (ttl 0), so the write was not retransmitted" : ""));
            return;
        }
        startAttemptTimer(call);
        threads.runOnWorker(() -> transmit(call));
    }

    private BoardLinkException timeoutFailure(Call<?> call, String extra) {
        long elapsedMs = (System.nanoTime() - call.acceptedNanos) / 1_000_000;
        String where = "(in flight: " + tracker.inFlight() + ", link: " + link.describe() + ")";
        if (!call.everSent) {
            return Failures.neverSent(call, link.whyDown(), elapsedMs, where);
        }
        return Failures.timedOut(call, elapsedMs, Math.min(call.attempts - 1, options.maxRetransmissions()), where, extra);
    }

    // ---- completion ----

    /** Settles the call with this failure, unless someone settled it first. */
    void fail(Call<?> call, RuntimeException failure) {
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
            memory.remember(call);
        }
        threads.runOnWorker(() -> call.future.completeExceptionally(failure));
        drainBacklogLater();
    }

    /** Fails every pending and waiting call: the session gave up for this reason. */
    void failAll(String reason) {
        List<Call<?>> all = tracker.pendingSnapshot();
        all.addAll(tracker.backlogSnapshot());
        for (Call<?> call : all) {
            fail(call, Failures.abandoned(call, reason));
        }
    }

    /** Fails every pending and waiting call but those {@code survives} lets through: the board restarted. */
    void failAllExceptSurvivors(BoardRestartedException restart, Predicate<ProtocolOperation> survives) {
        List<Call<?>> all = tracker.pendingSnapshot();
        all.addAll(tracker.backlogSnapshot());
        for (Call<?> call : all) {
            if (call.pinnedTo == null && !survives.test(call.op)) {
                fail(call, restart.again(call.op.wireName()));
            }
        }
    }

    /** Fails the calls that may go out only on {@code c} (its Hello), each with a failure of its own. */
    void failPinnedTo(Connection c, Supplier<? extends RuntimeException> failure) {
        for (Call<?> call : tracker.pendingSnapshot()) {
            if (call.pinnedTo == c) {
                fail(call, failure.get());
            }
        }
    }

    /** Completes an already settled call with the board's answer: its mapped body or the refusal. */
    @SuppressWarnings("unchecked")
    <T> void deliver(Call<T> call, Response response) {
        BoardStatus status = Wire.status(response.getStatus());
        Object outcome;
        if (status == BoardStatus.BOARD_RESTARTED) {
            // A gateway's word that its board restarted: this session's chip is gone as surely as after our own reconnect.
            BoardRestartedException restart = new BoardRestartedException("the board behind " + link.describe()
                    + " restarted: " + response.getMessage(), 0, 0);
            outcome = new BoardRestartedException(call.op.wireName() + " not done: " + restart.getMessage(), 0, 0);
            threads.runOnWorker(() -> link.boardRestarted(restart));
        } else if (status == BoardStatus.UNAVAILABLE) {
            outcome = new BoardUnavailableException(call.op.wireName() + " not done: " + link.describe()
                    + " cannot reach its board: " + response.getMessage());
        } else if (status != BoardStatus.OK) {
            String message = response.getMessage().isEmpty() ? "(no message)" : response.getMessage();
            outcome = new BoardStatusException(status, call.op.wireName(), message);
        } else if (response.getBodyCase() != call.op.responseBody()) {
            outcome = Failures.protocolError(call, "answered with a " + response.getBodyCase() + " body (expected "
                    + call.op.responseBody() + ")", link.describe());
        } else {
            try {
                outcome = call.mapper.apply(response);
            } catch (RuntimeException e) {
                outcome = Failures.protocolError(call, "malformed response: " + e.getMessage(), link.describe());
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
            threads.runOnWorker(complete);
        }
    }

    /** A response from the link: settles the call awaiting its seq, if any. On the link's thread. */
    void onResponse(Response response) {
        Call<?> call = tracker.settleSent(response.getSeq());
        if (call == null) {
            if (!memory.offerLate(response)) {
                counters.unmatched.incrementAndGet();
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
            counters.replayed.incrementAndGet();
        }
        deliver(call, response);
        drainBacklogLater();
    }

    // ---- the backlog ----

    /** Lets waiting calls into slots freed (or made by a larger capacity), from a worker. */
    void drainBacklogLater() {
        if (tracker.backlogSize() > 0) {
            threads.runOnWorker(this::drainBacklog);
        }
    }

    private void drainBacklog() {
        Call<?> next;
        while ((next = tracker.takeFromBacklog()) != null) {
            startAttemptTimer(next);
            link.send(next);
        }
    }
}
