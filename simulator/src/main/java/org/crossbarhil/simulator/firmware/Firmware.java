package org.crossbarhil.simulator.firmware;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import org.crossbarhil.protocol.DropCounter;
import org.crossbarhil.protocol.v1.BoardState;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.TelemetryEvent;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.physics.CrossbarArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated board's firmware: executes protocol requests against the physics and answers
 * them. It owns the board-level state (arrays, envelope, read configuration, idempotency memory,
 * board state, events) and hands each concern to its own class: {@link SessionOps} (handshake,
 * info, heartbeat, lease, subscribe), {@link MeasureOps}, {@link ProgramOps}, {@link ControlOps}, {@link SettleOps},
 * {@link Envelope}, {@link SessionMemories}, {@link EventHub}.
 *
 * <p>Not thread-safe: the serving runtime calls it from one board thread. Tests call it directly,
 * with a controllable clock, through {@link #connect(EventSink)} and
 * {@link FirmwareConnection#handle(Request)}.
 *
 * <p>Board state: SAFE_IDLE at power-on, after abort, a safe-idle request, an internal error,
 * a host session's lost heartbeat or closed link, and shutdown; any operation that drives lines (read, VMM,
 * programming) leaves it for READY.
 */
public final class Firmware {
    public static final String FIRMWARE_VERSION = "crossbar-sim 0.1";
    /** How often {@link #tick()} should run: heartbeat timeout and telemetry resolution. */
    public static final double TICK_SECONDS = 0.05;
    private static final Logger LOG = LoggerFactory.getLogger(Firmware.class);
    private static final long CLOSE_LOG_INTERVAL_NANOS = 60_000_000_000L;

    final SimConfig config;
    final CrossbarArray array;
    final Envelope envelope;
    final SessionMemories memories;
    final EventHub events = new EventHub();
    final AbortSignal abortSignal = new AbortSignal();
    final ReadSettings readSettings;
    /** Blocks dropped on every connection; a summary is logged at most every 10 s. */
    final DropCounter drops = new DropCounter(Duration.ofSeconds(10));
    /** {@link #drops} at the last ledger reset: the ledger counts from there. */
    volatile long dropsAtLedgerReset;
    /**
     * Drawn at power-on from the system's entropy, never from the physics' seeded generator: a
     * seeded run stays the same run, and two boards of one seed still tell their restarts apart.
     */
    private static final SecureRandom BOOT_IDS = new SecureRandom();

    private final InstantSource clock;
    private final Instant start;
    private final long bootId = drawBootId();
    private final SessionOps session;
    private final MeasureOps measure;
    private final ProgramOps program;
    private final ControlOps control;
    private final SettleOps settle;
    /** Written on the board thread; read by heartbeats answered on a link thread. */
    private volatile BoardState state = BoardState.BOARD_STATE_SAFE_IDLE;
    private String stateReason = "power-on";
    private long closedBeforeHello;
    private long closedBeforeHelloLogged;
    private long nextCloseLogNanos;

    public Firmware(SimConfig config) {
        this(config, Clock.systemUTC());
    }

    public Firmware(SimConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.start = clock.instant();
        this.array = new CrossbarArray(config.physics());
        this.envelope = new Envelope(config.hardLimits(), config.physics().device().gCeiling(), config.physics().readPath());
        this.memories = new SessionMemories(config.session().idempotencyTtlSeconds(), config.session().idempotencyCapacity(),
                this::nowNanos);
        this.readSettings = new ReadSettings(config.readDefaults());
        this.session = new SessionOps(this);
        this.measure = new MeasureOps(this);
        this.program = new ProgramOps(this);
        this.control = new ControlOps(this);
        this.settle = new SettleOps(this);
    }

    private static long drawBootId() {
        long id;
        do {
            id = BOOT_IDS.nextLong();
        } while (id == 0);
        return id;
    }

    public SimConfig config() {
        return config;
    }

    /** This power-on's boot id (HelloResponse.boot_id), never 0. */
    public long bootId() {
        return bootId;
    }

    /** The physics, for tests that look at what the protocol cannot show (true conductances). */
    public CrossbarArray array() {
        return array;
    }

    public BoardState state() {
        return state;
    }

    public String stateReason() {
        return stateReason;
    }

    /** A new connection (a link, or a test) whose events go to {@code sink}. */
    public FirmwareConnection connect(EventSink sink) {
        FirmwareConnection c = new FirmwareConnection(this, sink);
        events.add(c);
        return c;
    }

    /**
     * Numbers a request as it arrives, before it waits for the board thread. Call it on the
     * thread that decoded the frame: an abort takes effect here, ahead of queued requests.
     */
    public long arrive(Request request) {
        return abortSignal.arrive(request.getBodyCase() == Request.BodyCase.ABORT);
    }

    /** Periodic work (every {@link #TICK_SECONDS}): memory expiry, lost heartbeat, telemetry. */
    public void tick() {
        long now = nowNanos();
        memories.expire();
        double timeout = config.session().heartbeatTimeoutSeconds();
        if (timeout > 0 && state == BoardState.BOARD_STATE_READY) {
            // Each host session has its own timer (section 8): another host's heartbeats do not vouch for a silent one.
            for (FirmwareConnection c : events.connections()) {
                if (c.lapsedAt(now, (long) (timeout * 1e9))) {
                    enterSafeIdle("heartbeat lost (no request from session " + Long.toHexString(c.sessionId()) + " for "
                            + timeout + " s)");
                    break;
                }
            }
        }
        events.telemetry(now, boardTimeSeconds(), () -> TelemetryEvent.newBuilder().setState(state)
                .setLedger(Wire.ledger(array.ledger().totals())).build());
    }

    /**
     * A fault the board detects by itself (a compliance trip, an over-temperature): every host
     * hears a fault event, then the board goes to safe idle, as after an internal error.
     */
    public void trip(String message) {
        events.fault(Status.STATUS_DEVICE_FAULT, message, boardTimeSeconds());
        enterSafeIdle("fault: " + message);
    }

    /** Puts the board in safe idle before the process exits. */
    public void shutdown() {
        enterSafeIdle("shutdown");
    }

    long nowNanos() {
        return Duration.between(start, clock.instant()).toNanos();
    }

    double boardTimeSeconds() {
        return nowNanos() / 1e9;
    }

    void enterSafeIdle(String reason) {
        state = BoardState.BOARD_STATE_SAFE_IDLE;
        stateReason = reason;
        events.safeIdle(reason, boardTimeSeconds());
    }

    void leaveSafeIdle() {
        if (state != BoardState.BOARD_STATE_READY) {
            state = BoardState.BOARD_STATE_READY;
            stateReason = "";
        }
    }

    void connectionClosed(FirmwareConnection c) {
        events.remove(c);
        if (!c.established()) {
            closedBeforeHello();
        } else if (state == BoardState.BOARD_STATE_READY) {
            enterSafeIdle("link lost");
        }
    }

    /**
     * A connection that never completed Hello was no host session: closing it idles nothing and
     * tells no host (section 8). Port scanners and health probes do this all day, so it is
     * counted, and logged at most once a minute.
     */
    private void closedBeforeHello() {
        closedBeforeHello++;
        long now = nowNanos();
        if (now - nextCloseLogNanos >= 0) {
            LOG.info("{} connection(s) closed before completing Hello since the last report ({} in all); the board state is "
                    + "unaffected", closedBeforeHello - closedBeforeHelloLogged, closedBeforeHello);
            closedBeforeHelloLogged = closedBeforeHello;
            nextCloseLogNanos = now + CLOSE_LOG_INTERVAL_NANOS;
        }
    }

    /** Connections closed without completing Hello since power-on; they did not idle the board. */
    public long connectionsClosedBeforeHello() {
        return closedBeforeHello;
    }

    BooleanSupplier abortCheck(long arrival) {
        return () -> abortSignal.aborted(arrival);
    }

    /** Runs one request (not Hello, not a replay) and returns its complete response. */
    Response execute(FirmwareConnection c, Request r, long arrival) {
        array.ledger().countRequest();
        Response.Builder b;
        try {
            b = dispatch(c, r, arrival);
            if (b.getStatus() == Status.STATUS_UNSPECIFIED) {
                b.setStatus(Status.STATUS_OK);
            }
        } catch (Refusal e) {
            b = Response.newBuilder().setStatus(e.status()).setMessage(e.getMessage());
        } catch (RuntimeException e) {
            String message = "internal error in " + r.getBodyCase() + ": " + e;
            b = Response.newBuilder().setStatus(Status.STATUS_INTERNAL).setMessage(message);
            events.fault(Status.STATUS_INTERNAL, message, boardTimeSeconds());
            enterSafeIdle("error: " + message);
        }
        return b.setSeq(r.getSeq()).build();
    }

    private Response.Builder dispatch(FirmwareConnection c, Request r, long arrival) {
        switch (r.getBodyCase()) {
            case INFO:
                return session.info();
            case HEARTBEAT:
                return session.heartbeat();
            case LEASE:
                return session.lease(r.getLease());
            case SUBSCRIBE:
                return session.subscribe(r.getSubscribe(), c);
            case CONFIGURE:
                return measure.configure(r.getConfigure());
            case READ:
                return measure.read(r.getRead(), c);
            case VMM:
                return measure.vmm(r.getVmm(), c);
            case PULSE:
                return program.pulse(r.getPulse(), arrival);
            case PULSE_READ:
                return program.pulseRead(r.getPulseRead(), arrival, c);
            case OUTER_PRODUCT_UPDATE:
                return program.outerProduct(r.getOuterProductUpdate(), arrival);
            case WRITE_VERIFY:
                return program.writeVerify(r.getWriteVerify(), arrival, c);
            case RAMP:
                return program.ramp(r.getRamp(), arrival, c);
            case SET_UPDATE_MASK:
                return program.setUpdateMask(r.getSetUpdateMask());
            case SETTLE_NETWORK:
                return settle.define(r.getSettleNetwork());
            case SETTLE:
                return settle.settle(r.getSettle(), c, arrival);
            case GET_LIMITS:
                return control.getLimits();
            case SET_LIMITS:
                return control.setLimits(r.getSetLimits());
            case ABORT:
                return control.abort(r.getAbort(), arrival);
            case SAFE_IDLE:
                return control.safeIdle(r.getSafeIdle());
            case LEDGER:
                return control.ledger(r.getLedger());
            case BODY_NOT_SET:
                throw Refusal.unsupported("request " + Long.toUnsignedString(r.getSeq()) + " carries no operation this board knows (protocol "
                        + org.crossbarhil.protocol.ProtocolVersion.string() + ")");
            default:
                throw Refusal.unsupported("operation " + r.getBodyCase() + " is not implemented by " + FIRMWARE_VERSION);
        }
    }

    SessionOps session() {
        return session;
    }
}
