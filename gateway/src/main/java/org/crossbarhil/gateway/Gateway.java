package org.crossbarhil.gateway;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.RawUpstream;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.link.tcp.NettyThreads;
import org.crossbarhil.link.tcp.TcpConnector;
import org.crossbarhil.link.tcp.TcpLinkServer;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.BoardDescription;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.SafeIdleRequest;
import org.crossbarhil.protocol.v1.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares one board with network clients (DESIGN §6, docs/gateway.md): owns the board through the
 * driver's protocol session and serves the same wire protocol over TCP or TLS, with token
 * authentication, a control lease (one session may write, the others observe), an idempotency
 * memory per client session, an audit log of every write-class command, and per-client limits
 * that cut off a misbehaving client without disturbing the rest.
 *
 * <pre>
 * try (Gateway g = Gateway.open("sim:?profile=taox-2x64", GatewayConfig.builder().listen("127.0.0.1", 0).build())) {
 *     System.out.println("ready: " + g.readyLine());   // clients use tcp://127.0.0.1:PORT
 * }
 * </pre>
 *
 * When the lease ends (released, expired, or its holder's last connection closed) the board is
 * aborted into safe idle and subscribers hear a lease event; closing the gateway puts the board
 * in safe idle too.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final long TICK_MILLIS = 100;
    private static final long SESSION_SWEEP_NANOS = 1_000_000_000L;

    private final GatewayConfig config;
    private final RawUpstream upstream;
    private final AuditLog audit;
    private final Auth auth;
    private final ControlLease lease = new ControlLease();
    private final SessionTable sessions;
    private final Dispatcher dispatcher = new Dispatcher(this);
    private final EventRelay relay = new EventRelay(this);
    private final GatewayStats stats = new GatewayStats();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final Admission admission;
    private final ScheduledExecutorService timer;
    /**
     * The one event-loop thread of every client connection, and of the board link too when the
     * board is on TCP; null for a gateway started on an open {@link RawUpstream}.
     */
    private final EventLoopGroup loop;
    private final long startNanos = System.nanoTime();
    private final int clientFrameBytes;
    private volatile Limits working;
    private volatile TcpLinkServer server;
    private volatile boolean closing;
    private volatile String stopReport;
    private final CompletableFuture<String> boardLost = new CompletableFuture<>();
    private long lastSessionSweep = startNanos;

    private Gateway(GatewayConfig config, RawUpstream upstream, AuditLog audit, EventLoopGroup loop) {
        this.config = config;
        this.loop = loop;
        this.upstream = upstream;
        this.audit = audit;
        this.auth = new Auth(config.token(), config.adminToken());
        this.admission = new Admission(config.maxClients(), config.maxHandshakes(), config.maxHandshakesPerAddress());
        this.sessions = new SessionTable(config.replayTtl().toNanos(), 4 * config.maxClients(), config.replayCapacity(),
                config.replayBytes());
        this.clientFrameBytes = Math.min(config.maxFrameBytes(), Handshake.maxFrameBytes(upstream.hello().getMaxFrameBytes()));
        this.working = upstream.hello().getWorkingLimits();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crossbar-gateway-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Options of the gateway's own link to the board: a window wide enough for many clients, and
     * reconnecting until the gateway closes, so it serves again after an outage of any length.
     */
    public static DriverOptions upstreamOptions() {
        return DriverOptions.builder().clientName("crossbar-gateway@" + ProcessHandle.current().pid()).maxInFlight(256)
                .reconnectUntilClosed(true).build();
    }

    /** Opens the board at {@code boardUri} and serves it; see {@link #start}. */
    public static Gateway open(String boardUri, GatewayConfig config) throws IOException {
        return open(boardUri, upstreamOptions(), config);
    }

    public static Gateway open(String boardUri, DriverOptions upstreamOptions, GatewayConfig config) throws IOException {
        // The audit log first: a path that cannot be written should fail before the board is touched.
        AuditLog audit = AuditLog.open(config.auditLog(), config.auditFsync());
        // Clients and a TCP board on one event loop: a request and its answer cross the gateway
        // without a thread switch (docs/benchmarks.md, "Gateway").
        EventLoopGroup loop = NettyThreads.group("crossbar-gateway", 1);
        // The board sizes its answers (a settle's states, a whole-tile read) to the frames its host
        // accepts: asking no more than the gateway relays to clients makes the board refuse an
        // answer too large for them, naming what fits, before it runs anything.
        if (upstreamOptions.maxFrameBytes() > config.maxFrameBytes()) {
            upstreamOptions = upstreamOptions.newBuilder().maxFrameBytes(config.maxFrameBytes()).build();
        }
        RawUpstream up;
        try {
            up = RawUpstream.open(boardUri, upstreamOptions,
                    c -> c instanceof TcpConnector ? ((TcpConnector) c).onLoop(loop) : c);
        } catch (RuntimeException e) {
            audit.close();
            loop.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
            throw e;
        }
        return start(up, audit, config, loop);
    }

    /**
     * Serves an open board; the gateway owns it from now on (closing the gateway closes it).
     *
     * @throws IOException naming the address when it cannot listen, or the audit log when it cannot be opened
     */
    public static Gateway start(RawUpstream upstream, GatewayConfig config) throws IOException {
        AuditLog audit;
        try {
            audit = AuditLog.open(config.auditLog(), config.auditFsync());
        } catch (IOException e) {
            upstream.close();
            throw e;
        }
        return start(upstream, audit, config, null);
    }

    private static Gateway start(RawUpstream upstream, AuditLog audit, GatewayConfig config, EventLoopGroup loop)
            throws IOException {
        Gateway g = new Gateway(config, upstream, audit, loop);
        try {
            g.begin();
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    private void begin() throws IOException {
        metrics.watch(() -> upstream.stats().reconnects(), connections::size);
        audit.timeWritesIn(metrics);
        upstream.onEvents(relay::fromBoard);
        upstream.onRestart(this::boardRestarted);
        upstream.subscribe(Duration.ZERO).whenComplete((r, e) -> {
            if (e != null || r.getStatus() != Status.STATUS_OK) {
                LOG.warn("gateway: the board did not accept the event subscription: {}",
                        e != null ? e.getMessage() : r.getStatus() + ": " + r.getMessage());
            }
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        try {
            server = TcpLinkServer.start(config.host(), config.port(), config.ssl(), this::accept, loop);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        audit.note("start", null, Map.of("board", upstream.uri(), "listen", readyLine()));
        LOG.info("gateway: serving {} on {} ({} clients at most, token {})", upstream.uri(), readyLine(), config.maxClients(),
                config.requiresToken() ? "required" : "not required");
    }

    // ---- what users see ----

    /** The address listened on (the real port when started with port 0). */
    public InetSocketAddress address() {
        return server.address();
    }

    /** "tcp 127.0.0.1:7700" or "tls 127.0.0.1:7700": what {@code crossbar serve} prints after "ready: ". */
    public String readyLine() {
        InetSocketAddress a = address();
        String host = a.getHostString().contains(":") ? "[" + a.getHostString() + "]" : a.getHostString();
        return (config.tls() ? "tls " : "tcp ") + host + ":" + a.getPort();
    }

    /** The URI a client on this machine uses, e.g. "tcp://127.0.0.1:7700". */
    public String clientUri() {
        String line = readyLine();
        return line.replaceFirst(" ", "://");
    }

    public GatewayConfig config() {
        return config;
    }

    /** The latest safety events, for the page: bounded, oldest first. */
    private final Deque<String> safetyEvents = new ArrayDeque<>();

    void noteSafety(String kind, String message) {
        // its own lock, not the gateway's: driver threads call this while holding the link's
        synchronized (safetyEvents) {
            safetyEvents.addLast(Instant.now() + " " + kind + (message.isEmpty() ? "" : ": " + message));
            if (safetyEvents.size() > AuditLog.RECENT_LINES) {
                safetyEvents.removeFirst();
            }
        }
    }

    private List<String> recentSafetyEvents() {
        synchronized (safetyEvents) {
            return List.copyOf(safetyEvents);
        }
    }

    /** The bench as the gateway's page shows it now. */
    public GatewayView view() {
        ControlLease.Holder h = lease.holder();
        Duration down = upstream.downFor();
        List<String> who = connections.stream().map(ClientConnection::toString).sorted().toList();
        return new GatewayView(upstream.uri(), ProtoJson.toJson(upstream.hello()), ProtoJson.toJson(working),
                h == null ? null : h.identity().display(), h == null ? 0 : h.expires().getEpochSecond() + h.expires().getNano() / 1e9, who,
                upstream.describeLink(), down == null ? null : down.toMillis() / 1e3, uptimeSeconds(), stats.requests(), stats.forwarded(),
                stats.replayed(), stats.authFailures(), stats.boardRestarts(), recentSafetyEvents(), audit.recentLines());
    }

    /** Prometheus metrics of this gateway (requests, latency, lease, safety events, link, audit). */
    public GatewayMetrics metrics() {
        return metrics;
    }

    public GatewayStats stats() {
        return stats;
    }

    /** Clients that authenticated and hold a client slot now. */
    public int clients() {
        return admission.clients();
    }

    /** Connections waiting for their handshake now, outside the client slots. */
    public int handshaking() {
        return admission.waiting();
    }

    /** The lease holder as clients see it, or null when the lease is free. */
    public String leaseHolder() {
        ControlLease.Holder h = lease.holder();
        return h == null ? null : h.identity().display();
    }

    // ---- accepting and losing clients ----

    /**
     * Every connection starts in the handshake pool ({@link Admission}); the one it pushes out,
     * the longest waiting, is cut off. A client slot is taken only by a valid Hello ({@link #admit}).
     */
    private LinkHandler accept(Link link) {
        if (closing) {
            return null;
        }
        ClientConnection c = new ClientConnection(this, link, System.nanoTime());
        connections.add(c);
        ClientConnection out = admission.arrived(c);
        if (out != null) {
            // Counted, not logged or audited one by one: a flood of connections would otherwise flood the logs too.
            stats.countCutOff(ClientConnection.CutOff.CROWDED_OUT);
            LOG.debug("gateway: {} pushed out of the handshake pool ({} at most, {} per address) by a newer connection", out,
                    config.maxHandshakes(), config.maxHandshakesPerAddress());
            out.close();
        }
        return c;
    }

    /** The client authenticated: whether it gets a client slot (counted either way). */
    boolean admit(ClientConnection c) {
        if (admission.admit(c)) {
            stats.countAccepted();
            return true;
        }
        stats.countTurnedAway();
        return false;
    }

    void connectionClosed(ClientConnection c) {
        if (!connections.remove(c) || !admission.closed(c)) {
            return;
        }
        relay.subscriptionsChanged();
        ClientSession s = c.session();
        if (s != null && s.detach(c)) {
            ControlLease.Holder was = lease.release(s);
            if (was != null) {
                leaseEnded(was, "its holder disconnected");
            }
        }
    }

    void cutOff(ClientConnection c, ClientConnection.CutOff why, String what) {
        stats.countCutOff(why);
        ClientIdentity who = c.identity() != null ? c.identity() : new ClientIdentity("(no handshake)", 0, c.peer(), false);
        audit.note("cut_off", who, Map.of("reason", why.name(), "detail", what));
    }

    void refusedToken(ClientConnection c, String name, boolean missing) {
        stats.countAuthFailure();
        String why = missing ? "no token" : "wrong token";
        LOG.warn("gateway: refused {} at {}: {}", name, c.peer(), why);
        audit.note("auth_failure", new ClientIdentity(name, 0, c.peer(), false), Map.of("reason", why));
    }

    // ---- the lease's consequences ----

    void leaseTaken(ControlLease.Holder h, String how) {
        stats.countLeaseTaken();
        metrics.leaseChanged("taken");
        LOG.info("gateway: control lease {} by {} until {}", how, h.identity().display(), h.expires());
        audit.note("lease", h.identity(), Map.of("action", "taken", "how", how, "expires", h.expires().toString()));
        relay.leaseChanged();
    }

    /**
     * The lease ended: abort whatever runs (the board goes to safe idle), tell subscribers, and
     * once the old holder's requests still at the board are answered, idle the board again if
     * nobody has taken the lease meanwhile (a request queued behind the abort would have left it).
     */
    void leaseEnded(ControlLease.Holder h, String why) {
        stats.countLeaseEnded();
        metrics.leaseChanged("ended");
        noteSafety("lease_ended", h.identity().display() + ": " + why + "; board to safe idle");
        LOG.info("gateway: control lease of {} ended: {}; board to safe idle", h.identity().display(), why);
        audit.note("lease", h.identity(), Map.of("action", "ended", "reason", why));
        relay.leaseChanged();
        String reason = "control lease of " + h.identity().display() + " ended: " + why;
        upstream.forward(Request.newBuilder().setAbort(AbortRequest.newBuilder().setReason(reason)).build())
                .whenComplete((r, e) -> {
                    if ((e != null || r.getStatus() != Status.STATUS_OK) && !closing) {
                        LOG.warn("gateway: abort after the lease ended failed (the board idles itself when it stops "
                                + "hearing from the gateway): {}", e != null ? e.getMessage() : r.getStatus() + ": " + r.getMessage());
                    }
                });
        h.session().drained().thenRun(() -> {
            if (lease.isFree() && !closing) {
                upstream.forward(Request.newBuilder().setSafeIdle(SafeIdleRequest.getDefaultInstance()).build());
            }
        });
    }

    // ---- the board's outages and restarts ----

    /**
     * The board restarted under the gateway (a driver thread, before anything reaches the new
     * board): the relayed requests that were pending have failed, answered BOARD_RESTARTED; every
     * client hears it, the audit log keeps it, and then requests flow to the new board again.
     */
    private void boardRestarted(BoardRestartedException e) {
        stats.countBoardRestart();
        metrics.safetyEvent("board_restarted");
        noteSafety("board_restarted", e.getMessage());
        LOG.warn("gateway: {}; every client is told", e.getMessage());
        audit.note("board_restarted", null, Map.of("board", upstream.uri(), "previous_boot_id",
                Long.toHexString(e.previousBootId()), "boot_id", Long.toHexString(e.bootId()), "detail", e.getMessage()));
        relay.boardRestarted(e.previousBootId(), e.bootId(), e.getMessage());
        upstream.acknowledgeRestart();
    }

    /** How long the board has been unreachable, or null while the gateway's link to it is up. */
    Duration boardDownFor() {
        return upstream.downFor();
    }

    /**
     * Completes, with the reason, once the board has been unreachable for longer than
     * {@link GatewayConfig#exitOnBoardLoss()}; never when that is zero. The gateway keeps serving
     * (answering UNAVAILABLE) until it is closed: stopping is the caller's decision.
     */
    public CompletableFuture<String> boardLost() {
        return boardLost;
    }

    private void checkBoardLoss() {
        Duration limit = config.exitOnBoardLoss();
        Duration down = upstream.downFor();
        if (limit.isZero() || down == null || down.compareTo(limit) < 0 || boardLost.isDone()) {
            return;
        }
        String why = String.format("the board %s has been unreachable for %.1f s (limit %.1f s)", upstream.uri(),
                down.toMillis() / 1e3, limit.toMillis() / 1e3);
        LOG.error("gateway: {}", why);
        audit.note("board_lost", null, Map.of("board", upstream.uri(), "down_seconds", String.valueOf(down.toMillis() / 1e3)));
        boardLost.complete(why);
    }

    // ---- periodic work ----

    private void tick() {
        try {
            long now = System.nanoTime();
            for (ClientConnection c : connections) {
                c.tick(now);
            }
            ControlLease.Holder expired = lease.expireIfDue(now);
            if (expired != null) {
                leaseEnded(expired, "it expired (no request or heartbeat from its holder for "
                        + expired.term().toMillis() + " ms)");
            }
            checkBoardLoss();
            if (now - lastSessionSweep > SESSION_SWEEP_NANOS) {
                lastSessionSweep = now;
                sessions.expire(now);
            }
        } catch (RuntimeException e) {
            LOG.error("gateway: periodic check failed", e);
        }
    }

    // ---- shared with the package ----

    Dispatcher dispatcher() {
        return dispatcher;
    }

    RawUpstream upstream() {
        return upstream;
    }

    ControlLease lease() {
        return lease;
    }

    SessionTable sessions() {
        return sessions;
    }

    AuditLog audit() {
        return audit;
    }

    Auth auth() {
        return auth;
    }

    EventRelay relay() {
        return relay;
    }

    Set<ClientConnection> connections() {
        return connections;
    }

    /** The largest frame exchanged with clients: the configured limit or the board's, whichever is smaller. */
    int clientFrameBytes() {
        return clientFrameBytes;
    }

    /** The board's working limits as last reported (by Hello, info, limits answers or events). */
    Limits workingLimits() {
        return working;
    }

    void trackLimits(Limits now) {
        if (now != null && now.getMaxVolts() > 0) {
            working = now;
        }
    }

    double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The board's description as the gateway presents it: the same board, with a lease. */
    static BoardDescription describe(BoardDescription d) {
        return d.toBuilder().setCapabilities(d.getCapabilities().toBuilder().setLease(true)).build();
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    boolean closing() {
        return closing;
    }

    // ---- closing ----

    /** Stops serving, puts the board in safe idle if it can be reached and closes it, then the audit log. Idempotent. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Like {@link #close()}, and says what became of the board: "BOARD in safe idle", or why it
     * was not put there (no link to it, or no answer). A later call returns the same words.
     */
    public synchronized String stop() {
        if (stopReport != null) {
            return stopReport;
        }
        closing = true;
        TcpLinkServer s = server;
        if (s != null) {
            s.close();
        }
        timer.shutdownNow();
        Duration down = upstream.downFor();
        boolean idled = upstream.closeInSafeIdle();
        String report;
        if (idled) {
            report = upstream.uri() + " in safe idle";
        } else if (down != null) {
            report = String.format("%s NOT put in safe idle: no link to it for %.1f s (it idles itself once its heartbeat "
                    + "timeout passes without a word from the gateway)", upstream.uri(), down.toMillis() / 1e3);
        } else {
            report = upstream.uri() + " NOT confirmed in safe idle: it did not answer the safe-idle request (it idles itself "
                    + "once its heartbeat timeout passes without a word from the gateway)";
        }
        audit.awaitResults();
        audit.note("stop", null, Map.of("board", upstream.uri(), "safe_idle", String.valueOf(idled)));
        audit.close();
        if (loop != null) {
            loop.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        LOG.info("gateway: stopped; {}", report);
        stopReport = report;
        return report;
    }

    @Override
    public String toString() {
        return "Gateway(" + upstream.uri() + (server != null ? " on " + readyLine() : "") + ")";
    }
}
