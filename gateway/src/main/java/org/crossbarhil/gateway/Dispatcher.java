package org.crossbarhil.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.OutcomeUnknownException;
import org.crossbarhil.driver.RawUpstream;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.rules.IdempotencyMemory;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.InfoResponse;
import org.crossbarhil.protocol.v1.LeaseRequest;
import org.crossbarhil.protocol.v1.LeaseResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.SubscribeRequest;
import org.crossbarhil.protocol.v1.SubscribeResponse;

/**
 * What the gateway does with each request of an established client, in the order it arrived:
 * the handshake; the per-session idempotency memory (a key already answered is answered again
 * from memory, a key at the board is not sent twice); the access rules of {@link Access} and the
 * lease; the audit record of write-class commands and aborts before they are forwarded; then the
 * board, whose answer goes back under the client's seq. Lease and subscribe are answered here;
 * info and heartbeat are the board's answer with the lease filled in.
 *
 * <p>Runs on the client's link thread; answers from the board complete on driver threads.
 */
final class Dispatcher {
    /** How long the gateway waits before asking the board again for an answer that was lost. */
    static final Duration RESOLVE_RETRY = Duration.ofMillis(200);
    /**
     * How long requests still go to the board after the gateway lost its link: they wait for the
     * reconnect, as a direct client's would, so a short drop passes unseen and a restarted board
     * fails them BOARD_RESTARTED. Past it, clients hear UNAVAILABLE at once.
     */
    static final Duration OUTAGE_GRACE = Duration.ofSeconds(2);
    /** The finest telemetry interval a client may ask for. */
    static final double MIN_TELEMETRY_SECONDS = 0.05;

    private final Gateway g;

    Dispatcher(Gateway gateway) {
        this.g = gateway;
    }

    void handle(ClientConnection c, Request r) {
        long now = System.nanoTime();
        g.stats().countRequest();
        if (r.hasHello()) {
            if (c.established()) {
                c.reply(Handshake.secondHello(r, c.session().id()));
            } else {
                hello(c, r, now);
            }
            return;
        }
        if (!c.established()) {
            if (Handshake.allowedBeforeHello(r)) {
                abortBeforeHello(c, r);
            } else {
                c.reply(Handshake.beforeHello(r, g.config().requiresToken() ? " with the gateway's token" : ""));
            }
            return;
        }
        if (r.getBodyCase() == Request.BodyCase.BODY_NOT_SET) {
            c.reply(refusal(r.getSeq(), Status.STATUS_UNSUPPORTED, "request " + Long.toUnsignedString(r.getSeq()) + " carries no "
                    + "operation this gateway knows (protocol " + ProtocolVersion.string() + ")"));
            return;
        }
        Response unnumbered = Handshake.unnumberedWrite(r);
        if (unnumbered != null) {
            c.reply(unnumbered);
            return;
        }
        // Abort is never refused for load (docs/protocol.md 7.1): the stop must get through a full window.
        if (!r.hasAbort() && c.inFlight() >= g.config().maxInFlightPerClient()) {
            c.reply(refusal(r.getSeq(), Status.STATUS_RESOURCE_EXHAUSTED, "more than " + g.config().maxInFlightPerClient()
                    + " requests in flight on this link (max_requests_in_flight): nothing was done; read the answers "
                    + "before sending more"));
            c.refusedForLoad(now);
            return;
        }
        ClientSession s = c.session();
        s.touch(now);
        g.lease().renew(s, now);
        Access.Kind kind = Access.of(r);
        IdempotencyMemory.Lookup<Exchange> found = s.memory().begin(r, new Exchange(r, c));
        String seq = Long.toUnsignedString(r.getSeq());
        switch (found.kind()) {
            case REPLAY:
                g.stats().countReplayed();
                c.reply(found.value().answer().toBuilder().setReplayed(true).build());
                return;
            case PENDING:
                // The first copy is still at the board; its answer will come to this connection,
                // or, settled just now, is sent here at once.
                if (!found.value().redirect(c)) {
                    c.reply(found.value().answer().toBuilder().setReplayed(found.slot().answered()).build());
                }
                return;
            case CONFLICT:
                c.reply(refusal(r.getSeq(), Status.STATUS_IDEMPOTENCY_CONFLICT, "seq " + seq + " of this session was "
                        + "already used for a different " + Access.operation(found.value().request) + " request; nothing was "
                        + "applied (a retransmission must repeat the request exactly)"));
                return;
            case FORGOTTEN:
                c.reply(refusal(r.getSeq(), Status.STATUS_FAILED_PRECONDITION, "seq " + seq + " is older than what the "
                        + "gateway still remembers of this session (ttl " + g.config().replayTtl().toSeconds() + " s, "
                        + g.config().replayCapacity() + " answers): it cannot tell whether that " + Access.operation(r)
                        + " ran, so it sent nothing; read the devices it targets"));
                return;
            default:
                break;
        }
        Exchange e = found.value();
        e.slot = found.slot();
        c.inFlightStarted();
        execute(c, s, e, kind, now);
    }

    private void execute(ClientConnection c, ClientSession s, Exchange e, Access.Kind kind, long now) {
        Request r = e.request;
        switch (kind) {
            case SESSION:
                finish(s, e, r.hasLease() ? lease(c, s, r.getLease(), now) : subscribe(c, r.getSubscribe(), now));
                return;
            case OBSERVE:
                forward(c, s, e, false);
                return;
            case STOP:
                if (r.hasSafeIdle()) {
                    ControlLease.Holder h = g.lease().holder();
                    if (h != null && h.session() != s) {
                        finish(s, e, refusal(0, Status.STATUS_LEASE_HELD, ControlLease.heldMessage(h, "safe_idle", now)
                                + " (abort stops the holder's operation and idles the board; any client may send it)"));
                        return;
                    }
                    // Not audited: every driver says safe idle when it closes a board, and it only makes the board safer.
                    forward(c, s, e, false);
                    return;
                }
                forwardAudited(c, s, e);
                return;
            default:
                write(c, s, e, now);
        }
    }

    /**
     * A write: refused for what the board would refuse it too, for the lease, or for the
     * administrator rule, in that order, and only then does it take a free lease, so a refused
     * request never takes the lease.
     */
    private void write(ClientConnection c, ClientSession s, Exchange e, long now) {
        Request r = e.request;
        String op = Access.operation(r);
        String malformed = Access.malformed(r);
        if (malformed != null) {
            finish(s, e, refusal(0, Status.STATUS_INVALID_ARGUMENT, malformed));
            return;
        }
        boolean holds = g.lease().heldBy(s);
        if (!holds) {
            ControlLease.Holder other = g.lease().holder();
            if (other != null) {
                finish(s, e, refusal(0, Status.STATUS_LEASE_HELD, ControlLease.heldMessage(other, op, now)));
                return;
            }
            if (!g.config().autoLease()) {
                finish(s, e, refusal(0, Status.STATUS_FAILED_PRECONDITION, op + " needs the control lease and this gateway "
                        + "grants it only on request: acquire it first (lease ACQUIRE)"));
                return;
            }
        }
        String adminOnly = c.identity().admin() ? null : Access.administratorOnly(r, g.workingLimits());
        if (adminOnly != null) {
            finish(s, e, refusal(0, Status.STATUS_PERMISSION_DENIED, adminOnly));
            return;
        }
        if (!holds) {
            ControlLease.Grant grant = g.lease().acquire(s, c.identity(), g.config().defaultLease(), now);
            if (!grant.granted()) {
                finish(s, e, refusal(0, Status.STATUS_LEASE_HELD, ControlLease.heldMessage(grant.holder(), op, now)));
                return;
            }
            if (grant.fresh()) {
                g.leaseTaken(grant.holder(), "taken by its first " + op);
            }
        }
        forwardAudited(c, s, e);
    }

    /**
     * Abort before Hello (protocol section 8: accepted at any time). A gateway with a token takes
     * it from authenticated clients only, as every other request: anyone who reaches the port
     * could otherwise stop the holder's work. Without a token every client is admitted alike, so
     * the abort goes to the board, audited under the connection's address.
     */
    private void abortBeforeHello(ClientConnection c, Request r) {
        if (g.config().requiresToken()) {
            c.reply(refusal(r.getSeq(), Status.STATUS_UNAUTHENTICATED, "abort before the handshake: this gateway takes abort "
                    + "from authenticated clients only; send Hello with the gateway's token first (protocol "
                    + ProtocolVersion.string() + ")"));
            return;
        }
        ClientIdentity who = new ClientIdentity("(no handshake)", 0, c.peer(), false);
        if (g.audit().enabled()) {
            try {
                g.audit().command(who, r.getSeq(), "abort", r.getAbort());
            } catch (IOException ex) {
                c.reply(refusal(r.getSeq(), Status.STATUS_INTERNAL, "the audit log " + g.audit().file() + " cannot be written ("
                        + ex.getMessage() + "), so the gateway did not forward the abort"));
                return;
            }
        }
        g.stats().countForwarded();
        g.upstream().forward(Request.newBuilder().setAbort(r.getAbort()).build()).whenComplete((answer, failure) -> {
            Response out = failure == null ? answer.toBuilder().setSeq(r.getSeq()).build()
                    : refusal(r.getSeq(), Status.STATUS_INTERNAL, "the gateway could not get an answer from the board: "
                            + unwrap(failure).getMessage());
            if (g.audit().enabled()) {
                g.audit().result(who, r.getSeq(), "abort", out.getStatus().name(), out.getMessage());
            }
            c.reply(out);
        });
    }

    private void forwardAudited(ClientConnection c, ClientSession s, Exchange e) {
        if (!g.audit().enabled()) {
            forward(c, s, e, false);
            return;
        }
        Request r = e.request;
        try {
            g.audit().command(c.identity(), r.getSeq(), Access.operation(r), bodyOf(r));
        } catch (IOException ex) {
            finish(s, e, refusal(0, Status.STATUS_INTERNAL, "the audit log " + g.audit().file() + " cannot be written ("
                    + ex.getMessage() + "), so the gateway did not forward the " + Access.operation(r) + "; nothing was applied"));
            return;
        }
        forward(c, s, e, true);
    }

    private static com.google.protobuf.MessageOrBuilder bodyOf(Request r) {
        com.google.protobuf.Descriptors.FieldDescriptor f = r.getDescriptorForType().findFieldByNumber(r.getBodyCase().getNumber());
        return (com.google.protobuf.MessageOrBuilder) r.getField(f);
    }

    private void forward(ClientConnection c, ClientSession s, Exchange e, boolean audited) {
        g.stats().countForwarded();
        // Until the client's answer is settled, which may outlast the first answer from the board (below).
        CompletableFuture<Void> settled = new CompletableFuture<>();
        s.atBoard(settled);
        long askUntil = System.nanoTime() + g.config().replayTtl().toNanos();
        Duration down = g.boardDownFor();
        if (down != null && down.compareTo(OUTAGE_GRACE) > 0) {
            // Nothing can reach the board: say so now, rather than after the driver's timeouts.
            answered(c, s, e, audited, null, new BoardUnreachable(down), false, askUntil, settled);
            return;
        }
        // The answer is handled on the board link's thread: nothing below blocks.
        g.upstream().relay(e.request, (answer, failure) -> answered(c, s, e, audited, answer, failure, false, askUntil, settled));
    }

    /**
     * Turns the board's answer, or the failure to get one, into the client's answer. A write
     * whose answer was lost between board and gateway ("outcome unknown") is not settled as
     * such while the board may still remember it: the gateway asks the board again with the same
     * key ({@link RawUpstream#resolve}) every {@link #RESOLVE_RETRY} until it answers, its memory
     * is known lost, or the gateway's own memory ttl passes. Meanwhile the key is pending, so the
     * client's retransmissions wait for that answer instead of learning nothing. Once it was
     * {@code asked} again, any failure settles it as outcome unknown: the write did reach the
     * board, so the key must never be forwarded afresh.
     */
    private void answered(ClientConnection c, ClientSession s, Exchange e, boolean audited, Response answer,
            Throwable failure, boolean asked, long askUntil, CompletableFuture<Void> settled) {
        Response out;
        boolean remember = true;
        if (failure == null) {
            out = patch(answer, s);
        } else {
            Throwable cause = unwrap(failure);
            String op = Access.operation(e.request);
            boolean unknown = cause instanceof OutcomeUnknownException || asked;
            if (cause instanceof OutcomeUnknownException && ((OutcomeUnknownException) cause).isResolvable()
                    && System.nanoTime() < askUntil && !g.closing()) {
                long upstreamSeq = ((OutcomeUnknownException) cause).seq();
                try {
                    g.timer().schedule(() -> g.upstream().resolve(upstreamSeq).whenComplete((again, stillNot) ->
                            answered(c, s, e, audited, again, stillNot, true, askUntil, settled)), RESOLVE_RETRY.toMillis(),
                            TimeUnit.MILLISECONDS);
                    return;
                } catch (RejectedExecutionException closing) {
                    // the gateway is closing: settle it as unknown below
                }
            }
            if (cause instanceof BoardRestartedException) {
                // Remembered: a retransmission of this key must not reach the new chip either.
                out = refusal(0, Status.STATUS_BOARD_RESTARTED, "the board behind this gateway restarted while the " + op
                        + " was pending: " + cause.getMessage() + "; its devices no longer hold what this session read or "
                        + "programmed");
            } else if (cause instanceof BoardUnreachable) {
                remember = false;
                g.stats().countUnavailable();
                out = refusal(0, Status.STATUS_UNAVAILABLE, cause.getMessage());
            } else if (unknown) {
                out = refusal(0, Status.STATUS_ABORTED, "outcome unknown: the board did not answer the gateway ("
                        + cause.getMessage() + "); the " + op + " may or may not have been applied: read the devices "
                        + "it targets before repeating it");
            } else if (cause instanceof BoardLinkException && g.boardDownFor() != null) {
                remember = false;
                g.stats().countUnavailable();
                out = refusal(0, Status.STATUS_UNAVAILABLE, new BoardUnreachable(g.boardDownFor()).getMessage());
            } else if (cause instanceof BoardLinkException) {
                // Nothing the board remembers: a retransmission of this key may go out again.
                remember = false;
                out = refusal(0, Status.STATUS_INTERNAL, "the gateway could not get an answer from the board: "
                        + cause.getMessage());
            } else if (cause instanceof IllegalArgumentException) {
                out = refusal(0, Status.STATUS_INVALID_ARGUMENT, op + " cannot be sent to the board: " + cause.getMessage());
            } else {
                out = refusal(0, Status.STATUS_INTERNAL, "internal error in the gateway forwarding " + op + ": " + cause);
            }
        }
        if (audited) {
            g.audit().result(c.identity(), e.seq(), Access.operation(e.request), out.getStatus().name(), out.getMessage());
        }
        if (remember) {
            finish(s, e, out);
        } else {
            Response unremembered = out.toBuilder().setSeq(e.seq()).build();
            ClientConnection to = e.settle(unremembered);
            s.memory().abandon(e.slot);
            e.origin.inFlightEnded();
            to.reply(unremembered);
        }
        settled.complete(null);
    }

    /** The board's answer, with what only the gateway knows filled in. */
    private Response patch(Response answer, ClientSession viewer) {
        if (answer.getStatus() != Status.STATUS_OK) {
            return answer;
        }
        switch (answer.getBodyCase()) {
            case INFO: {
                InfoResponse i = answer.getInfo();
                g.trackLimits(i.getWorkingLimits());
                return answer.toBuilder().setInfo(i.toBuilder()
                        .setDescription(Gateway.describe(i.getDescription()))
                        .setLease(g.lease().info(viewer))).build();
            }
            case HEARTBEAT:
                return answer.toBuilder().setHeartbeat(answer.getHeartbeat().toBuilder().setLease(g.lease().info(viewer))).build();
            case LIMITS:
                g.trackLimits(answer.getLimits().getWorkingLimits());
                return answer;
            default:
                return answer;
        }
    }

    /**
     * Remembers the answer of a new key and sends it to whichever connection asked last (which may
     * have closed: the answer stays remembered for a reconnect).
     */
    private void finish(ClientSession s, Exchange e, Response response) {
        Response out = response.toBuilder().setSeq(e.seq()).setReplayed(false).build();
        g.metrics().answered(Access.operation(e.request), out.getStatus().name(), e.startNanos);
        ClientConnection to = e.settle(out);
        s.memory().complete(e.slot, e, e.request.getSerializedSize() + out.getSerializedSize());
        e.origin.inFlightEnded();
        to.reply(out);
    }

    // ---- answered here ----

    private void hello(ClientConnection c, Request r, long now) {
        HelloRequest h = r.getHello();
        long seq = r.getSeq();
        Response refused = Handshake.refusal(r, Handshake.Side.GATEWAY);
        if (refused != null) {
            c.reply(refused);
            return;
        }
        String name = ClientIdentity.sanitizeName(h.getClientName());
        Auth.Role role = g.auth().check(h.getAuthToken());
        if (role == Auth.Role.REFUSED) {
            g.refusedToken(c, name, h.getAuthToken().isEmpty());
            c.reply(refusal(seq, Status.STATUS_UNAUTHENTICATED, h.getAuthToken().isEmpty()
                    ? "this gateway requires a token: set CROSSBAR_TOKEN or add token-file=FILE to the board URI"
                    : "the token is not this gateway's (check CROSSBAR_TOKEN or the token-file of the board URI)"));
            c.close();
            return;
        }
        Duration down = g.boardDownFor();
        if (down != null && down.compareTo(OUTAGE_GRACE) > 0) {
            g.stats().countUnavailable();
            c.reply(refusal(seq, Status.STATUS_UNAVAILABLE, new BoardUnreachable(down).getMessage()));
            return;
        }
        if (!g.admit(c)) {
            c.reply(refusal(seq, Status.STATUS_RESOURCE_EXHAUSTED, "the gateway serves at most " + g.config().maxClients()
                    + " clients and that many are connected; try again later"));
            c.close();
            return;
        }
        SessionTable.Opened opened = g.sessions().open(h.getSessionId(), c, now);
        ClientSession s = opened.session();
        ClientIdentity who = new ClientIdentity(name, s.number(), c.peer(), role == Auth.Role.ADMIN);
        long highest = s.memory().highestSeq();
        c.establish(s, who, Handshake.maxFrameBytes(h.getMaxFrameBytes()));
        g.upstream().forward(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance()).build()).whenComplete((answer, failure) -> {
            if (failure != null || answer.getStatus() != Status.STATUS_OK) {
                Duration away = g.boardDownFor();
                if (away != null) {
                    g.stats().countUnavailable();
                    c.reply(refusal(seq, Status.STATUS_UNAVAILABLE, new BoardUnreachable(away).getMessage()));
                    return;
                }
                String why = failure != null ? unwrap(failure).getMessage() : answer.getStatus() + ": " + answer.getMessage();
                c.reply(refusal(seq, Status.STATUS_INTERNAL, "the board behind this gateway did not answer: " + why));
                return;
            }
            InfoResponse i = answer.getInfo();
            g.trackLimits(i.getWorkingLimits());
            HelloResponse hello = HelloResponse.newBuilder()
                    .setProtocolMajor(ProtocolVersion.MAJOR)
                    .setProtocolMinor(ProtocolVersion.MINOR)
                    .setDescription(Gateway.describe(i.getDescription()))
                    .setWorkingLimits(i.getWorkingLimits())
                    .setReadConfig(i.getReadConfig())
                    .setMaxFrameBytes(g.clientFrameBytes())
                    .setIdempotencyTtlSeconds(g.config().replayTtl().toNanos() / 1e9)
                    .setIdempotencyCapacity(g.config().replayCapacity())
                    .setHeartbeatTimeoutSeconds(g.config().defaultLease().toNanos() / 1e9)
                    .setMaxRequestsInFlight(g.config().maxInFlightPerClient())
                    .setSessionResumed(opened.resumed())
                    .setHighestSeqSeen(highest)
                    .setBootId(g.upstream().hello().getBootId())
                    .build();
            c.reply(Response.newBuilder().setSeq(seq).setStatus(Status.STATUS_OK).setHello(hello).build());
        });
    }

    private Response lease(ClientConnection c, ClientSession s, LeaseRequest q, long now) {
        double seconds = q.getDurationSeconds();
        double min = GatewayConfig.MIN_LEASE.toNanos() / 1e9;
        double max = g.config().maxLease().toNanos() / 1e9;
        if (!(seconds >= 0) || Double.isInfinite(seconds) || (seconds > 0 && (seconds < min || seconds > max))) {
            return refusal(0, Status.STATUS_INVALID_ARGUMENT, String.format(Locale.ROOT, "lease: duration_seconds %s (expected: 0 "
                    + "for the gateway's default of %s s, or %s..%s s)", seconds, g.config().defaultLease().toNanos() / 1e9, min, max));
        }
        Duration term = seconds == 0 ? g.config().defaultLease() : Duration.ofNanos((long) (seconds * 1e9));
        switch (q.getAction()) {
            case LEASE_ACTION_ACQUIRE: {
                ControlLease.Grant grant = g.lease().acquire(s, c.identity(), term, now);
                if (!grant.granted()) {
                    return refusal(0, Status.STATUS_LEASE_HELD, ControlLease.heldMessage(grant.holder(), "lease acquire", now));
                }
                if (grant.fresh()) {
                    g.leaseTaken(grant.holder(), "acquired");
                }
                break;
            }
            case LEASE_ACTION_RENEW: {
                if (!g.lease().heldBy(s)) {
                    ControlLease.Holder h = g.lease().holder();
                    return h == null
                            ? refusal(0, Status.STATUS_FAILED_PRECONDITION, "lease renew: this session does not hold the lease "
                                    + "(it is free: acquire it)")
                            : refusal(0, Status.STATUS_LEASE_HELD, ControlLease.heldMessage(h, "lease renew", now));
                }
                g.lease().acquire(s, c.identity(), term, now);
                break;
            }
            case LEASE_ACTION_RELEASE: {
                ControlLease.Holder was = g.lease().release(s);
                if (was != null) {
                    g.leaseEnded(was, "released by its holder");
                }
                break;
            }
            case LEASE_ACTION_QUERY:
                break;
            default:
                return refusal(0, Status.STATUS_INVALID_ARGUMENT, "lease: action " + q.getAction()
                        + " (expected: ACQUIRE, RENEW, RELEASE or QUERY)");
        }
        return Response.newBuilder().setStatus(Status.STATUS_OK)
                .setLease(LeaseResponse.newBuilder().setLease(g.lease().info(s))).build();
    }

    private Response subscribe(ClientConnection c, SubscribeRequest q, long now) {
        double seconds = q.getTelemetryIntervalSeconds();
        if (!(seconds >= 0) || Double.isInfinite(seconds) || (seconds > 0 && seconds < MIN_TELEMETRY_SECONDS)) {
            return refusal(0, Status.STATUS_INVALID_ARGUMENT, "subscribe: telemetry_interval_seconds " + seconds
                    + " (expected: 0 = none, or >= " + MIN_TELEMETRY_SECONDS + ")");
        }
        c.subscribe(q.getEvents(), (long) (seconds * 1e9), now);
        g.relay().subscriptionsChanged();
        return Response.newBuilder().setStatus(Status.STATUS_OK).setSubscribe(SubscribeResponse.getDefaultInstance()).build();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    static Response refusal(long seq, Status status, String message) {
        return Response.newBuilder().setSeq(seq).setStatus(status).setMessage(message).build();
    }

    /** The gateway's link to the board is down: what a client is told instead of waiting. */
    private static final class BoardUnreachable extends RuntimeException {
        BoardUnreachable(Duration down) {
            super(String.format("the board behind this gateway has not been reachable for %.1f s; the gateway keeps trying "
                    + "to reach it and serves again as soon as it answers: retry later", down.toMillis() / 1e3), null, false, false);
        }
    }
}
