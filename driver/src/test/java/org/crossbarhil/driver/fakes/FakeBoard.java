package org.crossbarhil.driver.fakes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.BoardDescription;
import org.crossbarhil.protocol.v1.BoardIdentity;
import org.crossbarhil.protocol.v1.Capabilities;
import org.crossbarhil.protocol.v1.Converters;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.Geometry;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.ReadConfig;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * A small scripted board for driver tests, speaking the real wire protocol through the real
 * codecs, with a fault switchboard (after OkHttp's MockWebServer): drop a response, corrupt its
 * CRC, put garbage or a response with an unknown seq before it, close the link instead of
 * answering, answer with a given status, stall, answer Hello with another version. Its
 * idempotency memory is minimal but real: (session id, seq) to response, same key and body
 * answered from memory with {@code replayed}, same key with another body refused.
 *
 * <p>Device behaviour is deliberately trivial (a SET pulse adds 1 µS, RESET removes 1 µS) so
 * tests can check exactly how many pulses were executed.
 *
 * <p>Use as the acceptor of a {@link PipeConnector} or of a {@code TcpLinkServer}.
 */
public final class FakeBoard implements Function<Link, LinkHandler> {
    public static final double STEP_SIEMENS = 1e-6;
    public static final double INITIAL_SIEMENS = 10e-6;

    /** What happens to the next response of an operation (or of any operation). */
    public enum Fault {
        /** Executed, remembered, but the response never leaves. */
        DROP_RESPONSE,
        /** The response leaves with a broken CRC: the host must drop it. */
        CORRUPT_CRC,
        /** Garbage bytes (zeros included) and a forged frame with a bad CRC precede the response. */
        GARBAGE_BEFORE,
        /** A well-formed response to a seq nobody asked precedes the real one. */
        UNKNOWN_SEQ_BEFORE,
        /** Executed and remembered, then the link closes instead of answering. */
        CLOSE_WITHOUT_RESPONSE,
        /** Answered INVALID_ARGUMENT with a message, without executing. */
        REFUSE
    }

    private record Armed(Request.BodyCase op, Fault fault) {
    }

    private record Remembered(Request request, Response response) {
    }

    /** One received request frame: raw bytes as they arrived (delimiter included) and what they said. */
    public record Received(long seq, Request.BodyCase op, byte[] raw) {
    }

    private final int tiles;
    private final int rows;
    private final int cols;
    private final int maxFrameBytes;
    private final double ttlSeconds;
    private final float[][] g;
    private final Map<Long, Map<Long, Remembered>> memory = new HashMap<>();
    private final Set<Long> knownSessions = new HashSet<>();
    private final Deque<Armed> faults = new ArrayDeque<>();
    private final Map<Request.BodyCase, Integer> executed = new EnumMap<>(Request.BodyCase.class);
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> helloSessions = Collections.synchronizedList(new ArrayList<>());
    private final List<String> helloClients = Collections.synchronizedList(new ArrayList<>());
    private volatile String lastToken;
    private final List<Conn> connections = new CopyOnWriteArrayList<>();
    private Limits hard = Limits.newBuilder()
            .setMaxVolts(2.0).setMaxReadVolts(0.3).setMaxHalfSelectVolts(0.75)
            .setMinPulseSeconds(10e-9).setMaxPulseSeconds(1e-3).setMaxPulsesPerCommand(1000)
            .setMaxDeviceAmperes(1e-3).setMaxLineAmperes(1e-2).build();
    private Limits working = hard;
    private int replays;
    private int helloMajor = ProtocolVersion.MAJOR;
    private int helloMinor = ProtocolVersion.MINOR;
    private int idempotencyCapacity = 1024;
    private int framingVersion = ProtocolVersion.MAJOR;
    private int connectionCount;
    private int stalledBelow;
    private boolean reverseOnRelease;

    public FakeBoard() {
        this(2, 8, 8, ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, 60);
    }

    public FakeBoard(int tiles, int rows, int cols, int maxFrameBytes, double ttlSeconds) {
        this.tiles = tiles;
        this.rows = rows;
        this.cols = cols;
        this.maxFrameBytes = maxFrameBytes;
        this.ttlSeconds = ttlSeconds;
        this.g = new float[tiles][rows * cols];
        for (float[] tile : g) {
            for (int i = 0; i < tile.length; i++) {
                tile[i] = (float) (INITIAL_SIEMENS + i * 1e-8);
            }
        }
    }

    // ---- the switchboard ----

    /** Arms a fault for the next response to {@code op} (null: to any request but Hello). */
    public synchronized FakeBoard arm(Request.BodyCase op, Fault fault) {
        faults.add(new Armed(op, fault));
        return this;
    }

    public synchronized FakeBoard arm(Request.BodyCase op, Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            arm(op, fault);
        }
        return this;
    }

    /** Connections open now stop answering (requests are held); later connections are not stalled. */
    public synchronized void stall() {
        stalledBelow = connectionCount + 1;
    }

    /** Answers every held request, in arrival order (or reversed, see {@link #reverseOnRelease}). */
    public void release() {
        List<Conn> conns;
        synchronized (this) {
            stalledBelow = 0;
            conns = new ArrayList<>(connections);
        }
        for (Conn c : conns) {
            c.releaseHeld();
        }
    }

    public synchronized void reverseOnRelease(boolean on) {
        reverseOnRelease = on;
    }

    /** Answers Hello claiming this protocol major version. */
    public synchronized void helloMajor(int major) {
        helloMajor = major;
    }

    /** Answers Hello claiming this protocol minor version (a board older or newer than the driver). */
    public synchronized void helloMinor(int minor) {
        helloMinor = minor;
    }

    /** The idempotency_capacity the next Hello answers report. */
    public synchronized void idempotencyCapacity(int capacity) {
        idempotencyCapacity = capacity;
    }

    /** Stamps every frame it sends with this version byte. */
    public synchronized void framingVersion(int version) {
        framingVersion = version;
    }

    /** Closes every link, as a cable pull or a process death would. */
    public void dropConnections() {
        for (Conn c : connections) {
            c.link.close();
        }
    }

    /** A power cycle: links drop and the idempotency memory is gone. */
    public void restart() {
        synchronized (this) {
            memory.clear();
            knownSessions.clear();
        }
        dropConnections();
    }

    /** Sends an event to every connection that has said Hello. */
    public void emit(Event event) {
        for (Conn c : connections) {
            if (c.helloDone) {
                c.send(c.encoder().encode(event));
            }
        }
    }

    /** Changes the working limits board-side and tells every connection. */
    public void changeWorkingLimits(Limits now) {
        synchronized (this) {
            working = now;
        }
        emit(Event.newBuilder().setEventSeq(1).setLimitsChanged(
                org.crossbarhil.protocol.v1.LimitsChangedEvent.newBuilder().setWorkingLimits(now)).build());
    }

    // ---- observation ----

    public synchronized int executed(Request.BodyCase op) {
        return executed.getOrDefault(op, 0);
    }

    public synchronized int replays() {
        return replays;
    }

    /** Request frames received, retransmissions included, in order. */
    public List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    public List<Received> received(Request.BodyCase op) {
        List<Received> out = new ArrayList<>();
        for (Received r : received()) {
            if (r.op() == op) {
                out.add(r);
            }
        }
        return out;
    }

    public List<Long> helloSessions() {
        synchronized (helloSessions) {
            return new ArrayList<>(helloSessions);
        }
    }

    public List<String> helloClients() {
        synchronized (helloClients) {
            return new ArrayList<>(helloClients);
        }
    }

    /** The auth token of the latest Hello ("" when none). */
    public String lastToken() {
        return lastToken;
    }

    public synchronized int connectionsAccepted() {
        return connectionCount;
    }

    public synchronized float siemens(int tile, int row, int col) {
        return g[tile][row * cols + col];
    }

    public Limits hardLimits() {
        return hard;
    }

    // ---- acceptor ----

    @Override
    public LinkHandler apply(Link link) {
        Conn c;
        synchronized (this) {
            c = new Conn(link, ++connectionCount);
        }
        connections.add(c);
        return c;
    }

    /** One connection: splits raw bytes into frames (to log them), decodes, answers. */
    private final class Conn implements LinkHandler, FrameDecoder.Listener {
        final Link link;
        final int number;
        final FrameDecoder decoder = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, this);
        final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        final List<Request> held = new ArrayList<>();
        volatile boolean helloDone;
        long sessionId;
        byte[] currentRaw;

        Conn(Link link, int number) {
            this.link = link;
            this.number = number;
        }

        FrameEncoder encoder() {
            synchronized (FakeBoard.this) {
                return new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, framingVersion);
            }
        }

        @Override
        public void onBytes(byte[] data, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                partial.write(data[i]);
                if (data[i] == 0) {
                    currentRaw = partial.toByteArray();
                    partial.reset();
                    decoder.feed(currentRaw);
                }
            }
        }

        @Override
        public void onClosed(Throwable cause) {
            connections.remove(this);
        }

        @Override
        public void onRequest(Request request) {
            received.add(new Received(request.getSeq(), request.getBodyCase(), currentRaw));
            boolean stalled;
            synchronized (FakeBoard.this) {
                stalled = number < stalledBelow;
            }
            if (stalled) {
                synchronized (held) {
                    held.add(request);
                }
                return;
            }
            answer(request);
        }

        void releaseHeld() {
            List<Request> now;
            synchronized (held) {
                now = new ArrayList<>(held);
                held.clear();
            }
            boolean reverse;
            synchronized (FakeBoard.this) {
                reverse = reverseOnRelease;
            }
            if (reverse) {
                Collections.reverse(now);
            }
            for (Request r : now) {
                answer(r);
            }
        }

        void answer(Request request) {
            Fault fault = request.hasHello() ? null : takeFault(request.getBodyCase());
            Response response;
            if (fault == Fault.REFUSE) {
                response = status(request, Status.STATUS_INVALID_ARGUMENT, "refused by the fake board on purpose");
            } else {
                response = respond(request);
            }
            FrameEncoder enc = encoder();
            if (fault == null) {
                send(enc.encode(response));
                return;
            }
            switch (fault) {
                case DROP_RESPONSE:
                    return;
                case CORRUPT_CRC: {
                    byte[] frame = enc.encode(response);
                    // Flip a bit of the last CRC byte's COBS encoding without making it zero.
                    int i = frame.length - 2;
                    frame[i] = (byte) (frame[i] == 1 ? 2 : frame[i] ^ 0x01);
                    if (frame[i] == 0) {
                        frame[i] = 3;
                    }
                    send(frame);
                    return;
                }
                case GARBAGE_BEFORE: {
                    send(new byte[] {0x13, 0x37, 0x00, (byte) 0xFF, 0x42, 0x00, 0x00, 0x55});
                    // A forged answer to the same seq with a wrong body, its CRC broken: never delivered.
                    Response forged = Response.newBuilder().setSeq(request.getSeq()).setStatus(Status.STATUS_OK)
                            .setMessage("forged").build();
                    byte[] bad = enc.encode(forged);
                    bad[1] = (byte) (bad[1] == 0x7F ? 0x7E : 0x7F);
                    send(bad);
                    send(enc.encode(response));
                    return;
                }
                case UNKNOWN_SEQ_BEFORE:
                    send(enc.encode(response.toBuilder().setSeq(request.getSeq() + 1_000_000).build()));
                    send(enc.encode(response));
                    return;
                case CLOSE_WITHOUT_RESPONSE:
                    link.close();
                    return;
                default:
                    send(enc.encode(response));
            }
        }

        void send(byte[] frame) {
            try {
                link.send(frame);
            } catch (IOException closed) {
                // The host went away; nothing to answer.
            }
        }

        Response respond(Request request) {
            if (request.hasHello()) {
                return hello(request);
            }
            if (!helloDone) {
                return status(request, Status.STATUS_FAILED_PRECONDITION, "Hello first");
            }
            synchronized (FakeBoard.this) {
                Map<Long, Remembered> mine = memory.computeIfAbsent(sessionId, k -> new HashMap<>());
                Remembered r = mine.get(request.getSeq());
                if (r != null) {
                    if (!r.request.equals(request)) {
                        return status(request, Status.STATUS_IDEMPOTENCY_CONFLICT, "seq " + request.getSeq()
                                + " was used for another request");
                    }
                    replays++;
                    return r.response.toBuilder().setReplayed(true).build();
                }
                Response response = FakeFirmware.execute(FakeBoard.this, request);
                if (response.getStatus() == Status.STATUS_OK) {
                    executed.merge(request.getBodyCase(), 1, Integer::sum);
                }
                mine.put(request.getSeq(), new Remembered(request, response));
                return response;
            }
        }

        Response hello(Request request) {
            synchronized (FakeBoard.this) {
                if (request.getHello().getProtocolMajor() != ProtocolVersion.MAJOR) {
                    return status(request, Status.STATUS_VERSION_MISMATCH, "board speaks " + ProtocolVersion.string());
                }
                sessionId = request.getHello().getSessionId();
                helloSessions.add(sessionId);
                helloClients.add(request.getHello().getClientName());
                lastToken = request.getHello().getAuthToken();
                boolean resumed = !knownSessions.add(sessionId);
                long highestSeen = memory.getOrDefault(sessionId, Map.of()).keySet().stream()
                        .mapToLong(Long::longValue).max().orElse(0);
                helloDone = true;
                HelloResponse h = HelloResponse.newBuilder()
                        .setProtocolMajor(helloMajor)
                        .setProtocolMinor(helloMinor)
                        .setDescription(description())
                        .setWorkingLimits(working)
                        .setReadConfig(ReadConfig.newBuilder().setReadVolts(0.2).setIntegrationSeconds(1e-6)
                                .setAdcFullScaleAmperes(1e-4).setReadsAveraged(1))
                        .setMaxFrameBytes(maxFrameBytes)
                        .setIdempotencyTtlSeconds(ttlSeconds)
                        .setIdempotencyCapacity(idempotencyCapacity)
                        .setSessionResumed(resumed)
                        .setHighestSeqSeen(resumed ? highestSeen : 0)
                        .build();
                return Response.newBuilder().setSeq(request.getSeq()).setStatus(Status.STATUS_OK).setHello(h).build();
            }
        }
    }

    private synchronized Fault takeFault(Request.BodyCase op) {
        for (Iterator<Armed> it = faults.iterator(); it.hasNext();) {
            Armed a = it.next();
            if (a.op == null || a.op == op) {
                it.remove();
                return a.fault;
            }
        }
        return null;
    }

    static Response status(Request request, Status status, String message) {
        return Response.newBuilder().setSeq(request.getSeq()).setStatus(status).setMessage(message).build();
    }

    BoardDescription description() {
        return BoardDescription.newBuilder()
                .setIdentity(BoardIdentity.newBuilder().setVendor("crossbar-hil tests").setModel("fake")
                        .setSerialNumber("F-1").setFirmwareVersion("0.0-test"))
                .setGeometry(Geometry.newBuilder().setTiles(tiles).setRows(rows).setCols(cols))
                .setConverters(Converters.newBuilder().setDacBits(8).setDacFullScaleVolts(0.3).setAdcBits(10)
                        .addAdcFullScaleAmperes(1e-4).addAdcFullScaleAmperes(1e-3).setMaxReadsAveraged(8))
                .setCapabilities(Capabilities.newBuilder().setParallelOuterProductUpdate(true).setWriteVerify(true)
                        .setRamp(true).setTransposedVmm(true))
                .setHardLimits(hard)
                .build();
    }

    // ---- state used by FakeFirmware (called with the board's lock held) ----

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    int tiles() {
        return tiles;
    }

    float[] tile(int t) {
        return g[t];
    }

    Limits hard() {
        return hard;
    }

    Limits working() {
        return working;
    }

    void working(Limits now) {
        working = now;
    }
}
