package org.crossbarhil.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.link.tcp.TcpLinkServer;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v0.DevicePulse;
import org.crossbarhil.protocol.v0.Event;
import org.crossbarhil.protocol.v0.PulseRequest;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;
import org.crossbarhil.protocol.v0.Status;

/**
 * A broken board for proving that the conformance suite notices: a TCP server whose every
 * connection relays frames to a good board (the simulator) through a fault. The physics stays
 * real; only the protocol behaviour the fault names goes wrong.
 */
final class FaultyBoard implements Function<Link, LinkHandler>, AutoCloseable {
    enum Fault {
        /**
         * Executes retransmissions again: every request reaches the board under a fresh seq, so
         * the board's idempotency memory never sees a key twice.
         */
        EXECUTES_RETRANSMISSIONS,
        /** Answers OK where the board refused a request as out of envelope. */
        IGNORES_ENVELOPE,
        /**
         * Says the right thing but does the wrong one: passes the board's refusal of an
         * out-of-envelope pulse on, after pulsing that device anyway (with pulses the board accepts).
         */
        APPLIES_WHAT_IT_REFUSES
    }

    private final Connector upstream;
    private final Fault fault;
    private final FrameEncoder encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
    /** Shared by all connections: a reconnecting host must not find its old keys either. */
    private final AtomicLong upstreamSeq = new AtomicLong(1_000_000);
    /** Requests the faulty board makes on its own account, answered to nobody. */
    private static final long SIDE_CHANNEL = 1L << 40;
    private final AtomicLong sideSeq = new AtomicLong(SIDE_CHANNEL);
    private final TcpLinkServer server;

    FaultyBoard(Connector upstream, Fault fault) {
        this.upstream = upstream;
        this.fault = fault;
        this.server = TcpLinkServer.start("127.0.0.1", 0, null, this);
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.address().getPort();
    }

    @Override
    public LinkHandler apply(Link client) {
        Map<Long, Long> clientSeqOf = new ConcurrentHashMap<>();
        Map<Long, Request> pulses = new ConcurrentHashMap<>();
        Link[] boardLink = new Link[1];
        FrameDecoder fromBoard = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
            @Override
            public void onResponse(Response r) {
                if (r.getSeq() >= SIDE_CHANNEL) {
                    return;
                }
                Request pulse = pulses.remove(r.getSeq());
                if (fault == Fault.APPLIES_WHAT_IT_REFUSES && pulse != null && r.getStatus() == Status.STATUS_OUT_OF_ENVELOPE) {
                    DevicePulse p = pulse.getPulse().getPulses(0);
                    send(boardLink[0], encoder.encode(Request.newBuilder().setSeq(sideSeq.incrementAndGet())
                            .setPulse(PulseRequest.newBuilder().setTile(pulse.getPulse().getTile()).addPulses(DevicePulse.newBuilder()
                                    .setRow(p.getRow()).setCol(p.getCol()).setVolts(Math.signum(p.getVolts()) * 1.2)
                                    .setWidthSeconds(100e-9).setCount(10)))
                            .build()));
                }
                Response.Builder b = r.toBuilder();
                Long original = clientSeqOf.remove(r.getSeq());
                if (original != null) {
                    b.setSeq(original);
                }
                if (fault == Fault.IGNORES_ENVELOPE && r.getStatus() == Status.STATUS_OUT_OF_ENVELOPE) {
                    b.setStatus(Status.STATUS_OK).clearMessage();
                }
                send(client, encoder.encode(b.build()));
            }

            @Override
            public void onEvent(Event e) {
                send(client, encoder.encode(e));
            }
        });
        Link board;
        try {
            board = upstream.connect(new LinkHandler() {
                @Override
                public void onBytes(byte[] data, int offset, int length) {
                    fromBoard.feed(data, offset, length);
                }

                @Override
                public void onClosed(Throwable cause) {
                    client.close();
                }
            }, Duration.ofSeconds(5));
        } catch (IOException e) {
            return null;
        }
        boardLink[0] = board;
        FrameDecoder fromClient = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
            @Override
            public void onRequest(Request r) {
                Request forwarded = r;
                if (r.hasPulse() && r.getPulse().getPulsesCount() > 0) {
                    pulses.put(r.getSeq(), r);
                }
                if (fault == Fault.EXECUTES_RETRANSMISSIONS) {
                    long seq = upstreamSeq.incrementAndGet();
                    clientSeqOf.put(seq, r.getSeq());
                    forwarded = r.toBuilder().setSeq(seq).build();
                }
                send(board, encoder.encode(forwarded));
            }

            @Override
            public void onForeignVersion(int version, int typeCode, byte[] payload) {
                send(board, encoder.encodeRaw(version, typeCode, payload));
            }
        });
        return new LinkHandler() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                fromClient.feed(data, offset, length);
            }

            @Override
            public void onClosed(Throwable cause) {
                board.close();
            }
        };
    }

    private static void send(Link link, byte[] frame) {
        try {
            link.send(frame);
        } catch (IOException e) {
            // the other side is gone; its close closes this side too
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
