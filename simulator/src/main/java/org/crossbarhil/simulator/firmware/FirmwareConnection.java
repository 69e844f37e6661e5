package org.crossbarhil.simulator.firmware;

import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameBudget;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.rules.IdempotencyMemory;
import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * One host connection to the firmware: its handshake state, idempotency session, largest frame
 * the host accepts, and event subscription. The idempotency memory belongs to the board, keyed
 * by session id, so a host that reconnects with the same id finds its responses again.
 */
public final class FirmwareConnection {
    private final Firmware fw;
    private final EventSink sink;
    /** Written on the board thread; read on the link thread by {@link #heartbeatNow}. */
    private volatile boolean established;
    /** A line without connection boundaries (serial): a new Hello starts over (docs/protocol.md section 8). */
    private volatile boolean helloStartsOver;
    private long sessionId;
    private int hostMaxFrameBytes = ProtocolVersion.DEFAULT_MAX_FRAME_BYTES;
    private String clientName = "";
    private boolean events;
    private long telemetryIntervalNanos;
    private long nextTelemetryNanos;
    private long eventSeq;
    private boolean closed;
    /** Board time of the last request from this host; set on the link's thread as requests arrive. */
    private volatile long lastHeardNanos;
    /** Board thread: the {@link #lastHeardNanos} whose silence already idled the board. */
    private long lapsedSilenceFrom = Long.MIN_VALUE;

    FirmwareConnection(Firmware fw, EventSink sink) {
        this.fw = fw;
        this.sink = sink;
        this.lastHeardNanos = fw.nowNanos();
    }

    private void heard() {
        lastHeardNanos = fw.nowNanos();
    }

    boolean established() {
        return established;
    }

    long sessionId() {
        return sessionId;
    }

    /**
     * On the board thread: whether this host session has been silent for longer than
     * {@code timeoutNanos} and has not yet been held responsible for that silence. A host that
     * hung idles the board once, like a lost link, not again each time another host drives the
     * board; once heard again, its timer runs anew.
     */
    boolean lapsedAt(long nowNanos, long timeoutNanos) {
        long heard = lastHeardNanos;
        if (!established || closed || nowNanos - heard <= timeoutNanos || lapsedSilenceFrom == heard) {
            return false;
        }
        lapsedSilenceFrom = heard;
        return true;
    }

    /** Handles a request arriving now (tests and synchronous callers). */
    public Response handle(Request request) {
        return handle(request, arrive(request));
    }

    /**
     * Numbers a request as it arrives ({@link Firmware#arrive}) and counts it as heard from this
     * connection's host: call it on the thread that decoded the frame, so that a request waiting
     * behind a long operation still keeps the host's heartbeat timer alive (section 8).
     */
    public long arrive(Request request) {
        heard();
        return fw.arrive(request);
    }

    /** For a link whose end the board cannot see (a serial line): a host's next Hello starts a new session. */
    public void helloStartsOver() {
        helloStartsOver = true;
    }

    /** Handles a request numbered by {@link #arrive(Request)} when it was decoded. */
    public Response handle(Request request, long arrival) {
        heard();
        if (request.getBodyCase() == Request.BodyCase.HELLO) {
            if (established && !helloStartsOver) {
                return Handshake.secondHello(request, sessionId);
            }
            Response refused = Handshake.refusal(request, Handshake.Side.BOARD);
            if (refused != null) {
                return refused;
            }
            return fw.session().hello(request.getHello(), this).setStatus(Status.STATUS_OK).setSeq(request.getSeq()).build();
        }
        if (!established) {
            // Abort before Hello stops the board (section 8); there is no session whose memory could record it.
            return Handshake.allowedBeforeHello(request) ? fw.execute(this, request, arrival) : Handshake.beforeHello(request, "");
        }
        Response unnumbered = Handshake.unnumberedWrite(request);
        if (unnumbered != null) {
            return unnumbered;
        }
        IdempotencyMemory<Response> memory = fw.memories.of(sessionId);
        if (!ProtocolOperation.find(request.getBodyCase()).map(ProtocolOperation::remembered).orElse(true)) {
            // Heartbeat, abort, subscribe: run again when retransmitted; only their seq is recorded.
            Response response = fw.execute(this, request, arrival);
            memory.executed(request.getSeq());
            return response;
        }
        IdempotencyMemory.Lookup<Response> found = memory.begin(request, null);
        String key = "seq " + Long.toUnsignedString(request.getSeq()) + " of session " + Long.toHexString(sessionId);
        switch (found.kind()) {
            case REPLAY:
                return found.value().toBuilder().setReplayed(true).build();
            case CONFLICT:
                Response first = found.value();
                return refusal(request.getSeq(), Status.STATUS_IDEMPOTENCY_CONFLICT, key + " was already used for a different "
                        + "request (" + (first == null ? "still executing" : first.getBodyCase() + " answered " + first.getStatus())
                        + "); nothing applied");
            case FORGOTTEN:
                return refusal(request.getSeq(), Status.STATUS_FAILED_PRECONDITION, key + " is older than the idempotency memory "
                        + "(highest forgotten write seq " + Long.toUnsignedString(memory.highestForgottenWrite()) + "); not "
                        + "executed, since it may already have run: read the devices to find out");
            case NEW:
                Response response = fw.execute(this, request, arrival);
                memory.complete(found.slot(), response, response.getSerializedSize());
                return response;
            default:
                throw new IllegalStateException(found.kind() + " for " + key + ": the board executes one request at a time");
        }
    }

    /**
     * A heartbeat answered at once on the link's thread, while the board thread may be busy with a
     * long operation (protocol section 8): board time and state are all it reports, and both can
     * be read from any thread. Null before the handshake: the board thread then refuses it in turn.
     * The board thread still counts it ({@link #heartbeatAnswered}).
     */
    public Response heartbeatNow(Request request) {
        if (!established || !request.hasHeartbeat()) {
            return null;
        }
        return fw.session().heartbeat().setSeq(request.getSeq()).setStatus(Status.STATUS_OK).build();
    }

    /** On the board thread, for a heartbeat {@link #heartbeatNow} answered: its seq counts as executed. */
    public void heartbeatAnswered(Request request) {
        heard();
        fw.memories.of(sessionId).executed(request.getSeq());
    }

    /**
     * Answers a frame stamped with another protocol major version: STATUS_VERSION_MISMATCH
     * naming both, with the seq read from the payload when it parses.
     */
    public Response foreignVersion(int version, byte[] payload) {
        return Handshake.foreignFrame(version, payload, Handshake.Side.BOARD);
    }

    /**
     * Counts a block this connection's decoder dropped (any thread); returns the summary of the
     * board's drops to log when one is due ({@link org.crossbarhil.protocol.DropCounter#summaryIfDue}), else null.
     */
    public String dropped(DropReason reason) {
        fw.drops.count(reason);
        return fw.drops.summaryIfDue(System.nanoTime());
    }

    /**
     * The link ended: the board goes to safe idle if it was driving anything and this was a host
     * session (section 8); a connection that never completed Hello is only counted. Idempotent.
     */
    public void close() {
        if (!closed) {
            closed = true;
            fw.connectionClosed(this);
        }
    }

    public String clientName() {
        return clientName;
    }

    /** Largest frame this connection may send: the smaller of the board's and the host's. */
    public int maxResponseFrameBytes() {
        return Math.min(fw.config.session().maxFrameBytes(), hostMaxFrameBytes);
    }

    void establish(long sessionId, int hostMaxFrameBytes, String clientName) {
        this.established = true;
        this.sessionId = sessionId;
        this.hostMaxFrameBytes = hostMaxFrameBytes;
        this.clientName = clientName;
    }

    void subscribe(boolean events, double telemetrySeconds, long nowNanos) {
        this.events = events;
        this.telemetryIntervalNanos = (long) (telemetrySeconds * 1e9);
        this.nextTelemetryNanos = nowNanos + telemetryIntervalNanos;
    }

    boolean wantsEvents() {
        return events && !closed;
    }

    /** Safe-idle and fault events go to every open connection past its handshake. */
    boolean hearsSafetyEvents() {
        return established && !closed;
    }

    boolean telemetryDue(long nowNanos) {
        if (closed || telemetryIntervalNanos <= 0 || nowNanos < nextTelemetryNanos) {
            return false;
        }
        nextTelemetryNanos = nowNanos + telemetryIntervalNanos;
        return true;
    }

    void emit(Event.Builder event) {
        sink.send(event.setEventSeq(++eventSeq).build());
    }

    /** Refuses before executing when the response, {@code payloadBytes} plus overhead, could not be sent to this host. */
    void checkResponseFits(String what, long payloadBytes) {
        long estimatedBytes = payloadBytes + FrameBudget.OVERHEAD_BYTES;
        if (estimatedBytes > maxResponseFrameBytes()) {
            throw Refusal.exhausted(what + " needs about " + estimatedBytes + " bytes, above the largest frame of this link ("
                    + maxResponseFrameBytes() + " bytes); split it into smaller requests");
        }
    }

    private static Response refusal(long seq, Status status, String message) {
        return Response.newBuilder().setSeq(seq).setStatus(status).setMessage(message).build();
    }
}
