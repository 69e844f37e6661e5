package org.crossbarhil.simulator.firmware;

import com.google.protobuf.InvalidProtocolBufferException;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v0.Event;
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
    private boolean established;
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
                return refusal(request.getSeq(), e.status(), e.getMessage());
            }
        }
        if (!established) {
            return refusal(request.getSeq(), Status.STATUS_FAILED_PRECONDITION, request.getBodyCase()
                    + " before the handshake: send Hello first (protocol " + ProtocolVersion.string() + ")");
        }
        long now = fw.nowNanos();
        IdempotencyMemory.Lookup found = fw.memory.lookup(sessionId, request, now);
        switch (found.kind()) {
            case REPLAY:
                return found.response();
            case CONFLICT:
                return refusal(request.getSeq(), Status.STATUS_IDEMPOTENCY_CONFLICT, found.message());
            case FORGOTTEN:
                return refusal(request.getSeq(), Status.STATUS_FAILED_PRECONDITION, found.message());
            default:
                Response response = fw.execute(this, request, arrival);
                fw.memory.remember(sessionId, request, response, fw.nowNanos());
                return response;
        }
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
        return refusal(seq, Status.STATUS_VERSION_MISMATCH, "frame stamped with protocol major " + version
                + "; this board speaks " + ProtocolVersion.string() + " (major " + ProtocolVersion.MAJOR + ")");
    }

    /** The link ended: the board goes to safe idle if it was driving anything. Idempotent. */
    public void close() {
        if (!closed) {
            closed = true;
            fw.connectionClosed(this);
        }
    }

    public boolean established() {
        return established;
    }

    public long sessionId() {
        return sessionId;
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

    /** Refuses before executing when the response could not be sent to this host. */
    void checkResponseFits(String what, long estimatedBytes) {
        if (estimatedBytes > maxResponseFrameBytes()) {
            throw Refusal.exhausted(what + " needs about " + estimatedBytes + " bytes, above the largest frame of this link ("
                    + maxResponseFrameBytes() + " bytes); split it into smaller requests");
        }
    }

    private static Response refusal(long seq, Status status, String message) {
        return Response.newBuilder().setSeq(seq).setStatus(status).setMessage(message).build();
    }
}
