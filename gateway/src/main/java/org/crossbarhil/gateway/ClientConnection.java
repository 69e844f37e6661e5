package org.crossbarhil.gateway;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.FrameTooLargeException;
import org.crossbarhil.protocol.FrameType;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection to the gateway: frames in (decoded on the link's event-loop thread and
 * handed to the {@link Dispatcher} in arrival order), responses and events out, and the limits
 * that keep one client from hurting the others. A client is cut off (its link closed, the reason
 * logged, counted and audited) when it
 *
 * <ul>
 *   <li>sends a frame larger than the gateway announced ({@link CutOff#OVERSIZED}),
 *   <li>sends more undecodable frames than allowed ({@link CutOff#GARBAGE}),
 *   <li>keeps sending beyond its in-flight limit ({@link CutOff#FLOOD}),
 *   <li>leaves more response bytes unread than allowed ({@link CutOff#SLOW_READER}),
 *   <li>does not complete the handshake in time ({@link CutOff#HANDSHAKE_TIMEOUT}),
 *   <li>is pushed out of the pool of connections waiting for their handshake by newer ones
 *       ({@link CutOff#CROWDED_OUT}, see {@link Admission}),
 *   <li>sends no complete request for the idle timeout ({@link CutOff#IDLE_TIMEOUT}).
 * </ul>
 *
 * A client that authenticates while every client slot is taken gets one clear refusal, then the
 * link closes.
 */
final class ClientConnection implements LinkHandler, FrameDecoder.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final long SECOND_NANOS = 1_000_000_000L;

    enum CutOff {
        OVERSIZED,
        GARBAGE,
        FLOOD,
        SLOW_READER,
        HANDSHAKE_TIMEOUT,
        CROWDED_OUT,
        IDLE_TIMEOUT
    }

    private final Gateway gateway;
    private final Link link;
    private final String peer;
    private final FrameDecoder decoder;
    private final long connectedNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong eventSeq = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean cut = new AtomicBoolean();
    private volatile FrameEncoder encoder;
    private volatile ClientSession session;
    private volatile ClientIdentity identity;
    private volatile long lastRequestNanos;
    // Decoder-thread state: touched only by the link's thread.
    private int badFrames;
    private long floodWindowStart;
    private int floodRefusals;
    // Subscription: written by the link's thread, read by event threads.
    private volatile boolean events;
    private volatile long telemetryNanos;
    private volatile long nextTelemetryNanos;

    ClientConnection(Gateway gateway, Link link, long nowNanos) {
        this.gateway = gateway;
        this.link = link;
        this.peer = peerOf(link.describe());
        int frame = gateway.clientFrameBytes();
        this.decoder = FrameDecoder.forBoard(frame, this);
        this.encoder = new FrameEncoder(frame);
        this.connectedNanos = nowNanos;
        this.lastRequestNanos = nowNanos;
    }

    /** "127.0.0.1:50312" from "tcp client 127.0.0.1:50312". */
    static String peerOf(String description) {
        int at = description.lastIndexOf(' ');
        return at < 0 ? description : description.substring(at + 1);
    }

    String peer() {
        return peer;
    }

    /** The peer's address without its port ("127.0.0.1", "[::1]"): what per-address limits count. */
    String address() {
        int colon = peer.lastIndexOf(':');
        return colon <= 0 ? peer : peer.substring(0, colon);
    }

    boolean established() {
        return session != null;
    }

    ClientSession session() {
        return session;
    }

    ClientIdentity identity() {
        return identity;
    }

    int inFlight() {
        return inFlight.get();
    }

    void inFlightStarted() {
        inFlight.incrementAndGet();
    }

    void inFlightEnded() {
        inFlight.decrementAndGet();
    }

    /** The handshake succeeded: responses are now sized for the smaller of both frame limits. */
    void establish(ClientSession s, ClientIdentity who, int clientMaxFrameBytes) {
        this.identity = who;
        this.encoder = new FrameEncoder(Math.min(gateway.clientFrameBytes(), clientMaxFrameBytes));
        this.session = s;
    }

    // ---- inbound (the link's thread, one call at a time) ----

    @Override
    public void onBytes(byte[] data, int offset, int length) {
        if (!closed.get()) {
            decoder.feed(data, offset, length);
        }
    }

    @Override
    public void onRequest(Request request) {
        if (cut.get()) {
            return;
        }
        lastRequestNanos = System.nanoTime();
        try {
            gateway.dispatcher().handle(this, request);
        } catch (RuntimeException e) {
            LOG.error("gateway: request {} ({}) from {} failed", Long.toUnsignedString(request.getSeq()), request.getBodyCase(),
                    describe(), e);
            reply(Response.newBuilder().setSeq(request.getSeq()).setStatus(Status.STATUS_INTERNAL)
                    .setMessage("internal error in the gateway: " + e).build());
        }
    }

    @Override
    public void onForeignVersion(int version, int typeCode, byte[] payload) {
        reply(Handshake.foreignFrame(version, payload, Handshake.Side.GATEWAY));
    }

    @Override
    public void onDropped(DropReason reason, int length) {
        String dropped = gateway.stats().countDropped(reason, System.nanoTime());
        if (dropped != null) {
            LOG.warn("gateway: clients' frames: {} (last from {}: {})", dropped, describe(), reason);
        }
        if (reason == DropReason.EMPTY) {
            return;
        }
        if (reason == DropReason.OVERSIZED) {
            cutOff(CutOff.OVERSIZED, "sent a frame larger than the " + decoder.maxFrameBytes() + " bytes this gateway accepts");
            return;
        }
        badFrame(reason.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void onUnexpected(FrameType type) {
        badFrame("a " + type + " frame, which clients do not send");
    }

    private void badFrame(String what) {
        if (++badFrames > gateway.config().maxBadFrames()) {
            cutOff(CutOff.GARBAGE, "sent " + badFrames + " undecodable frames (last: " + what + "), more than the "
                    + gateway.config().maxBadFrames() + " allowed");
        }
    }

    /** Counts a refusal for too many requests in flight; a client that keeps going is flooding. */
    void refusedForLoad(long nowNanos) {
        if (nowNanos - floodWindowStart > SECOND_NANOS) {
            floodWindowStart = nowNanos;
            floodRefusals = 0;
        }
        if (++floodRefusals > gateway.config().maxInFlightPerClient()) {
            cutOff(CutOff.FLOOD, "kept sending beyond its limit of " + gateway.config().maxInFlightPerClient()
                    + " requests in flight (" + floodRefusals + " refused within a second)");
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        if (closed.compareAndSet(false, true)) {
            gateway.connectionClosed(this);
        }
    }

    // ---- outbound (any thread) ----

    void reply(Response response) {
        byte[] frame;
        try {
            frame = encoder.encode(response);
        } catch (FrameTooLargeException e) {
            frame = encoder.encode(tooLarge(response, e.getMessage()));
        }
        send(frame);
    }

    /**
     * What the client hears instead of an answer larger than its frames: RESOURCE_EXHAUSTED
     * ("nothing applied") only when that is true. The board checks sizes before it runs a
     * request, the gateway only sees the answer after the board ran it, so a write that ran is
     * INTERNAL ("unknown"), saying it ran.
     */
    static Response tooLarge(Response answer, String size) {
        Response.Builder r = Response.newBuilder().setSeq(answer.getSeq());
        if (answer.getStatus() == Status.STATUS_OK && Access.changedTheBoard(answer)) {
            ProtocolOperation op = ProtocolOperation.answeredBy(answer.getBodyCase()).orElseThrow();
            return r.setStatus(Status.STATUS_INTERNAL).setMessage("the " + op + " ran on the board, but its answer (" + size
                    + ") does not fit in a frame of this link, so the gateway cannot pass it on: read the devices it targets, and "
                    + "split such requests or raise max_frame_bytes in Hello").build();
        }
        return r.setStatus(Status.STATUS_RESOURCE_EXHAUSTED).setMessage("the answer (" + size + ") does not fit in a frame of "
                + "this link; split the request").build();
    }

    /** Sends an event (its event_seq set for this connection). */
    void sendEvent(Event event) {
        if (closed.get()) {
            return;
        }
        Event numbered = event.toBuilder().setEventSeq(eventSeq.incrementAndGet()).build();
        try {
            send(encoder.encode(numbered));
        } catch (FrameTooLargeException e) {
            LOG.debug("gateway: event {} too large for {}", event.getBodyCase(), describe());
        }
    }

    private void send(byte[] frame) {
        if (closed.get()) {
            return;
        }
        try {
            link.send(frame);
        } catch (IOException e) {
            // The link is going away; onClosed follows.
            return;
        }
        long unsent = link.unsentBytes();
        if (unsent > gateway.config().maxUnsentBytes()) {
            cutOff(CutOff.SLOW_READER, "left " + unsent + " bytes of responses unread, more than the "
                    + gateway.config().maxUnsentBytes() + " allowed");
        }
    }

    // ---- subscription ----

    void subscribe(boolean wantEvents, long telemetryIntervalNanos, long nowNanos) {
        this.events = wantEvents;
        this.telemetryNanos = telemetryIntervalNanos;
        this.nextTelemetryNanos = nowNanos + telemetryIntervalNanos;
    }

    boolean wantsEvents() {
        return events && !closed.get();
    }

    long telemetryIntervalNanos() {
        return closed.get() ? 0 : telemetryNanos;
    }

    /** True (and the next one scheduled) when this connection's telemetry interval has passed. */
    synchronized boolean telemetryDue(long nowNanos) {
        long interval = telemetryNanos;
        if (closed.get() || interval <= 0 || nowNanos - nextTelemetryNanos < 0) {
            return false;
        }
        nextTelemetryNanos = nowNanos + interval;
        return true;
    }

    // ---- timeouts and closing ----

    /** Periodic check (the gateway's timer thread): handshake and idle timeouts, unread responses. */
    void tick(long nowNanos) {
        if (closed.get() || cut.get()) {
            return;
        }
        GatewayConfig c = gateway.config();
        if (!established() && nowNanos - connectedNanos > c.handshakeTimeout().toNanos()) {
            cutOff(CutOff.HANDSHAKE_TIMEOUT, "did not complete the handshake within " + c.handshakeTimeout().toMillis() + " ms");
        } else if (established() && inFlight() == 0 && nowNanos - lastRequestNanos > c.idleTimeout().toNanos()) {
            cutOff(CutOff.IDLE_TIMEOUT, "sent nothing for " + c.idleTimeout().toMillis() + " ms");
        } else if (link.unsentBytes() > c.maxUnsentBytes()) {
            cutOff(CutOff.SLOW_READER, "left " + link.unsentBytes() + " bytes of responses unread");
        }
    }

    /** Closes the link because the client misbehaved; once, whatever the number of reasons. */
    void cutOff(CutOff why, String what) {
        if (!cut.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("gateway: cutting off {}: it {}", describe(), what);
        gateway.cutOff(this, why, what);
        link.close();
    }

    /** Closes the link (after whatever was sent before). */
    void close() {
        link.close();
    }

    String describe() {
        ClientIdentity who = identity;
        return who == null ? "client at " + peer + " (no handshake)" : "client " + who.display();
    }

    @Override
    public String toString() {
        return describe();
    }
}
