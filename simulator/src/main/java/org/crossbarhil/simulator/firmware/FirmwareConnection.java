package org.crossbarhil.simulator.firmware;

import com.google.protobuf.InvalidProtocolBufferException;
import org.crossbarhil.protocol.FrameBudget;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v0.Event;
import org.crossbarhil.protocol.v0.HelloResponse;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;
import org.crossbarhil.protocol.v0.Status;

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
    private long sessionId;
    private int hostMaxFrameBytes = ProtocolVersion.DEFAULT_MAX_FRAME_BYTES;
    private String clientName = "";
    private boolean events;
    private long telemetryIntervalNanos;
    private long nextTelemetryNanos;
    private long eventSeq;
    private boolean closed;

    FirmwareConnection(Firmware fw, EventSink sink) {
        this.fw = fw;
        this.sink = sink;
    }

    /** Handles a request arriving now (tests and synchronous callers). */
    public Response handle(Request request) {
        return handle(request, fw.arrive(request));
    }

    /** Handles a request numbered by {@link Firmware#arrive(Request)} when it was decoded. */
    public Response handle(Request request, long arrival) {
        fw.touch();
        if (request.getBodyCase() == Request.BodyCase.HELLO) {
            try {
                return fw.session().hello(request.getHello(), this).setStatus(Status.STATUS_OK).setSeq(request.getSeq()).build();
            } catch (Refusal e) {
                if (e.status() == Status.STATUS_VERSION_MISMATCH) {
                    return versionMismatch(request.getSeq(), e.getMessage());
                }
                return refusal(request.getSeq(), e.status(), e.getMessage());
            }
        }
        if (!established) {
            return refusal(request.getSeq(), Status.STATUS_FAILED_PRECONDITION, request.getBodyCase()
                    + " before the handshake: send Hello first (protocol " + ProtocolVersion.string() + ")");
        }
        long now = fw.nowNanos();
        if (!remembered(request)) {
            Response response = fw.execute(this, request, arrival);
            fw.memory.executed(sessionId, request.getSeq(), fw.nowNanos());
            return response;
        }
        boolean write = writeClass(request);
        IdempotencyMemory.Lookup found = fw.memory.lookup(sessionId, request, write, now);
        switch (found.kind()) {
            case REPLAY:
                return found.response();
            case CONFLICT:
                return refusal(request.getSeq(), Status.STATUS_IDEMPOTENCY_CONFLICT, found.message());
            case FORGOTTEN:
                return refusal(request.getSeq(), Status.STATUS_FAILED_PRECONDITION, found.message());
            default:
                Response response = fw.execute(this, request, arrival);
                fw.memory.remember(sessionId, request, write, response, fw.nowNanos());
                return response;
        }
    }

    /**
     * Hello, heartbeat, abort and subscribe are safe to repeat and not remembered (protocol
     * section 6): a retransmitted abort stops the board again instead of replaying an old answer,
     * and heartbeats do not fill the memory that writes need.
     */
    static boolean remembered(Request r) {
        switch (r.getBodyCase()) {
            case HELLO:
            case HEARTBEAT:
            case ABORT:
            case SUBSCRIBE:
                return false;
            default:
                return true;
        }
    }

    /** Write-class requests of protocol section 3.4: in a full memory their answers outlive read answers. */
    static boolean writeClass(Request r) {
        switch (r.getBodyCase()) {
            case CONFIGURE:
            case PULSE:
            case OUTER_PRODUCT_UPDATE:
            case PULSE_READ:
            case WRITE_VERIFY:
            case RAMP:
            case SET_LIMITS:
            case SAFE_IDLE:
            case SET_UPDATE_MASK:
                return true;
            case LEDGER:
                return r.getLedger().getReset();
            default:
                return false;
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
        fw.touch();
        fw.memory.executed(sessionId, request.getSeq(), fw.nowNanos());
    }

    /**
     * Answers a frame stamped with another protocol major version: STATUS_VERSION_MISMATCH
     * naming both, with the seq read from the payload when it parses.
     */
    public Response foreignVersion(int version, byte[] payload) {
        fw.touch();
        long seq = 0;
        try {
            seq = Request.parseFrom(payload).getSeq();
        } catch (InvalidProtocolBufferException e) {
            // A payload of another major need not parse as ours; answer without a seq.
        }
        return versionMismatch(seq, "frame stamped with protocol major " + version + "; this board speaks "
                + ProtocolVersion.string() + " (major " + ProtocolVersion.MAJOR + ")");
    }

    /**
     * The refusal of protocol section 5 step 2: both versions named, what to update, and the
     * board's own version in the frozen Hello fields, so that a host of any major can read it.
     */
    private static Response versionMismatch(long seq, String what) {
        return Response.newBuilder().setSeq(seq).setStatus(Status.STATUS_VERSION_MISMATCH)
                .setMessage(what + ": update the host software or the board firmware so that the major versions match")
                .setHello(HelloResponse.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR).setProtocolMinor(ProtocolVersion.MINOR))
                .build();
    }

    /** The link ended: the board goes to safe idle if it was driving anything. Idempotent. */
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
