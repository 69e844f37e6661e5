package org.crossbarhil.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.SimulatedBoard;

/**
 * A board with broken firmware, for proving that the suite notices: every link relays frames to
 * the real simulated board through one misbehaviour. The physics and the rest of the protocol stay
 * real; only the promise the misbehaviour names is broken. The simulator itself cannot be made to
 * break these promises: they are its firmware's rules, and its {@code Faults} break only the link.
 */
final class MisbehavingBoard implements Connector {
    enum Misbehaviour {
        /** Accepts a Hello of any protocol version, in the frame header or in the Hello body. */
        ACCEPTS_FOREIGN_VERSION,
        /** Serves requests before Hello (it says Hello to the board itself on the host's behalf). */
        SERVES_BEFORE_HELLO,
        /** Answers every discarded block (garbage, a bad CRC) with an error response. */
        ANSWERS_GARBAGE,
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
        APPLIES_WHAT_IT_REFUSES,
        /**
         * Takes every request of every connection into one queue and works through it at firmware
         * speed ({@link #QUEUED_REQUEST_COST} each), never refusing one: a connection that floods
         * delays every other, as the simulator did before it bounded requests in flight.
         */
        QUEUES_WITHOUT_BOUND,
        /**
         * Keeps one "last heard" time for the whole board, not one per host session: a request
         * from any host counts as heard from every host (the relay heartbeats each other greeted
         * connection's board session on its behalf), so a silent host is never caught while
         * another one talks.
         */
        ONE_TIMER_FOR_THE_BOARD
    }

    /** What one request costs the firmware that queues without bound. */
    static final Duration QUEUED_REQUEST_COST = Duration.ofMillis(1);

    /** Requests the relay makes on its own account, answered to nobody. */
    private static final long SIDE_CHANNEL = 1L << 40;

    private final SimulatedBoard board;
    private final Misbehaviour misbehaviour;
    private final FrameEncoder encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
    /** Shared by all links: a reconnecting host must not find its old keys either. */
    private final AtomicLong upstreamSeq = new AtomicLong(1_000_000);
    private final AtomicLong sideSeq = new AtomicLong(SIDE_CHANNEL);
    /** The one queue of {@link Misbehaviour#QUEUES_WITHOUT_BOUND}, shared by all connections. */
    private final ExecutorService firmwareQueue = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "misbehaving-firmware-queue");
        t.setDaemon(true);
        return t;
    });

    /** Every open relay: {@link Misbehaviour#ONE_TIMER_FOR_THE_BOARD} speaks for all of them. */
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();

    /** A relay that breaks {@code misbehaviour}; with null, a transparent one (the control). */
    MisbehavingBoard(SimulatedBoard board, Misbehaviour misbehaviour) {
        this.board = board;
        this.misbehaviour = misbehaviour;
    }

    @Override
    public Link connect(LinkHandler host, Duration timeout) throws IOException {
        Relay relay = new Relay(host);
        relay.board = board.connector().connect(relay.fromBoard, timeout);
        relays.add(relay);
        return relay.fromHost;
    }

    @Override
    public String describe() {
        return "sim:?profile=" + board.config().profile() + " behind firmware that " + misbehaviour;
    }

    private boolean is(Misbehaviour m) {
        return misbehaviour == m;
    }

    /** One host link and the board link it is relayed to. */
    private final class Relay {
        final LinkHandler host;
        final Map<Long, Long> hostSeqOf = new ConcurrentHashMap<>();
        final Map<Long, Request> pulses = new ConcurrentHashMap<>();
        volatile Link board;
        volatile boolean greeted;

        final FrameDecoder hostFrames = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
            @Override
            public void onRequest(Request r) {
                toBoard(r);
            }

            @Override
            public void onForeignVersion(int version, int typeCode, byte[] payload) {
                if (!is(Misbehaviour.ACCEPTS_FOREIGN_VERSION)) {
                    send(board, encoder.encodeRaw(version, typeCode, payload));
                    return;
                }
                try {
                    toBoard(Request.parseFrom(payload));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    // not even a request: nothing to pass on
                }
            }

            @Override
            public void onDropped(DropReason reason, int length) {
                if (is(Misbehaviour.ANSWERS_GARBAGE) && reason != DropReason.EMPTY) {
                    toHost(encoder.encode(Response.newBuilder().setSeq(0).setStatus(Status.STATUS_INVALID_ARGUMENT)
                            .setMessage(reason.name()).build()));
                }
            }
        });

        final FrameDecoder boardFrames = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
            @Override
            public void onResponse(Response r) {
                toHost(r);
            }

            @Override
            public void onEvent(Event e) {
                toHost(encoder.encode(e));
            }
        });

        /** The host writes here, from any of its threads. */
        final Link fromHost = new Link() {
            @Override
            public void send(byte[] frame) {
                synchronized (hostFrames) {
                    hostFrames.feed(frame, 0, frame.length);
                }
            }

            @Override
            public String describe() {
                return MisbehavingBoard.this.describe();
            }

            @Override
            public void close() {
                relays.remove(Relay.this);
                board.close();
            }
        };

        /** The board writes here, on its link's writer thread. */
        final LinkHandler fromBoard = new LinkHandler() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                boardFrames.feed(data, offset, length);
            }

            @Override
            public void onClosed(Throwable cause) {
                relays.remove(Relay.this);
                host.onClosed(cause);
            }
        };

        Relay(LinkHandler host) {
            this.host = host;
        }

        void toBoard(Request r) {
            Request forwarded = r;
            if (r.hasHello()) {
                greeted = true;
                if (is(Misbehaviour.ACCEPTS_FOREIGN_VERSION)) {
                    forwarded = r.toBuilder().setHello(r.getHello().toBuilder().setProtocolMajor(ProtocolVersion.MAJOR)).build();
                }
            } else if (!greeted && is(Misbehaviour.SERVES_BEFORE_HELLO)) {
                greeted = true;
                send(board, encoder.encode(Request.newBuilder().setSeq(sideSeq.incrementAndGet()).setHello(HelloRequest.newBuilder()
                        .setProtocolMajor(ProtocolVersion.MAJOR).setProtocolMinor(ProtocolVersion.MINOR)
                        .setSessionId(SuiteContext.newSessionId()).setClientName("misbehaving-firmware")).build()));
            }
            if (is(Misbehaviour.ONE_TIMER_FOR_THE_BOARD)) {
                for (Relay other : relays) {
                    if (other != this && other.greeted) {
                        send(other.board, encoder.encode(Request.newBuilder().setSeq(sideSeq.incrementAndGet())
                                .setHeartbeat(HeartbeatRequest.getDefaultInstance()).build()));
                    }
                }
            }
            if (r.hasPulse() && r.getPulse().getPulsesCount() > 0) {
                pulses.put(r.getSeq(), r);
            }
            if (is(Misbehaviour.EXECUTES_RETRANSMISSIONS)) {
                long seq = upstreamSeq.incrementAndGet();
                hostSeqOf.put(seq, r.getSeq());
                forwarded = forwarded.toBuilder().setSeq(seq).build();
            }
            if (is(Misbehaviour.QUEUES_WITHOUT_BOUND)) {
                byte[] frame = encoder.encode(forwarded);
                firmwareQueue.execute(() -> {
                    try {
                        Thread.sleep(QUEUED_REQUEST_COST.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(board, frame);
                });
                return;
            }
            send(board, encoder.encode(forwarded));
        }

        void toHost(Response r) {
            if (r.getSeq() >= SIDE_CHANNEL) {
                return;
            }
            Request pulse = pulses.remove(r.getSeq());
            if (is(Misbehaviour.APPLIES_WHAT_IT_REFUSES) && pulse != null && r.getStatus() == Status.STATUS_OUT_OF_ENVELOPE) {
                DevicePulse p = pulse.getPulse().getPulses(0);
                send(board, encoder.encode(Request.newBuilder().setSeq(sideSeq.incrementAndGet())
                        .setPulse(PulseRequest.newBuilder().setTile(pulse.getPulse().getTile()).addPulses(DevicePulse.newBuilder()
                                .setRow(p.getRow()).setCol(p.getCol()).setVolts(Math.signum(p.getVolts()) * 1.2)
                                .setWidthSeconds(100e-9).setCount(10)))
                        .build()));
            }
            Response.Builder b = r.toBuilder();
            Long original = hostSeqOf.remove(r.getSeq());
            if (original != null) {
                b.setSeq(original);
            }
            if (is(Misbehaviour.IGNORES_ENVELOPE) && r.getStatus() == Status.STATUS_OUT_OF_ENVELOPE) {
                b.setStatus(Status.STATUS_OK).clearMessage();
            }
            toHost(encoder.encode(b.build()));
        }

        void toHost(byte[] frame) {
            host.onBytes(frame, 0, frame.length);
        }
    }

    private static void send(Link link, byte[] frame) {
        try {
            link.send(frame);
        } catch (IOException e) {
            // the board's link is gone; its close reaches the host through the relay
        }
    }
}
