package org.crossbarhil.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.LeaseAction;
import org.crossbarhil.protocol.v1.LeaseRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * A link to the board with no driver in between: the suite writes frames itself (including
 * garbage, corrupted and foreign-version ones) and sees every response as it arrives, which the
 * driver would hide (replay flags, duplicate answers, answers to frames it should have ignored).
 * Sequential use by one check at a time; responses are collected by the link's thread.
 */
final class RawSession implements AutoCloseable {
    /** Sentinel in the arrival queue: the link closed. */
    private static final Response CLOSED = Response.newBuilder().setMessage("link closed").build();

    private final Link link;
    private final FrameEncoder encoder;
    private final Duration timeout;
    private final LinkedBlockingQueue<Response> arrivals = new LinkedBlockingQueue<>();
    /** Events as they arrive; only checks that wait for one look at them (few arrive: they are not subscribed). */
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Responses that arrived while another seq was awaited; checks look at them for strays. */
    private final List<Response> others = new ArrayList<>();
    private volatile Throwable closeCause;
    private volatile boolean closed;
    private long nextSeq = 1;
    private Response handshake;

    private RawSession(Connector connector, Duration timeout, int maxFrameBytes) throws IOException {
        this.timeout = timeout;
        this.encoder = new FrameEncoder(maxFrameBytes);
        FrameDecoder decoder = new FrameDecoder(maxFrameBytes, new FrameDecoder.Listener() {
            @Override
            public void onResponse(Response response) {
                arrivals.add(response);
            }

            @Override
            public void onEvent(Event event) {
                events.add(event);
            }

            @Override
            public void onForeignVersion(int version, int typeCode, byte[] payload) {
                // a board that answers in a foreign frame version is still answering: keep it
                try {
                    arrivals.add(Response.parseFrom(payload));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    // unparseable: nothing to deliver
                }
            }
        });
        this.link = connector.connect(new LinkHandler() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                decoder.feed(data, offset, length);
            }

            @Override
            public void onClosed(Throwable cause) {
                closeCause = cause;
                closed = true;
                arrivals.add(CLOSED);
            }
        }, timeout);
    }

    static RawSession connect(Connector connector, Duration timeout) throws IOException {
        return new RawSession(connector, timeout, ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
    }

    FrameEncoder encoder() {
        return encoder;
    }

    /** The next unused sequence number of this link (callers that resume a session may raise it). */
    long nextSeq() {
        return nextSeq;
    }

    void skipTo(long seq) {
        nextSeq = Math.max(nextSeq, seq);
    }

    /** Stamps the request with the next seq unless it has one, sends it, and returns it as sent. */
    Request send(Request.Builder request) throws IOException {
        if (request.getSeq() == 0) {
            request.setSeq(nextSeq);
        }
        nextSeq = Math.max(nextSeq, request.getSeq() + 1);
        Request built = request.build();
        sendBytes(encoder.encode(built));
        return built;
    }

    /** Stops or resumes reading the board's answers: they wait in the board's buffers and the line's. */
    void pauseReading(boolean paused) {
        link.pauseReading(paused);
    }

    /** Bytes written but not yet taken by the board (0 for links that do not say). */
    long unsentBytes() {
        return link.unsentBytes();
    }

    boolean closed() {
        return closed;
    }

    /** Writes bytes exactly as given: frames, garbage, delimiters. */
    void sendBytes(byte[] bytes) throws IOException {
        if (closed) {
            throw new IOException("link " + link.describe() + " is closed" + (closeCause == null ? "" : ": " + closeCause));
        }
        link.send(bytes);
    }

    /** Sends and waits for the response of the same seq. */
    Response call(Request.Builder request) throws IOException {
        return await(send(request).getSeq());
    }

    /** Waits for the response to {@code seq}; other responses are kept for {@link #othersSince}. */
    Response await(long seq) throws IOException {
        Response r = awaitOrNull(seq, timeout);
        if (r == null) {
            throw new IOException("no response to seq " + seq + " within " + timeout.toMillis() + " ms on " + link.describe());
        }
        return r;
    }

    /** The response to {@code seq} if it arrives within {@code wait}, else null. */
    Response awaitOrNull(long seq, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Response r;
            try {
                r = left <= 0 ? arrivals.poll() : arrivals.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for seq " + seq, e);
            }
            if (r == null) {
                return null;
            }
            if (r == CLOSED) {
                arrivals.add(CLOSED);
                throw new IOException("the board closed the link " + link.describe() + " while seq " + seq + " was awaited"
                        + (closeCause == null ? "" : ": " + closeCause));
            }
            if (r.getSeq() == seq) {
                return r;
            }
            others.add(r);
        }
    }

    /** The next event this link received, waiting at most {@code wait} for it; null if none came. */
    Event nextEvent(Duration wait) throws InterruptedException {
        return events.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Collects whatever else arrives within {@code wait}, then returns every response not awaited so far. */
    List<Response> othersSince(Duration wait) throws IOException {
        awaitOrNull(-1, wait);
        return List.copyOf(others);
    }

    /**
     * Like {@link #othersSince}, but the board closing the link ends the wait instead of failing
     * it: for a link the board may rightly close (one that floods it).
     */
    List<Response> othersUntilClosed(Duration wait) {
        try {
            awaitOrNull(-1, wait);
        } catch (IOException closedByBoard) {
            // what arrived before the close still counts
        }
        return List.copyOf(others);
    }

    /**
     * Handshake with the given session id; on a gateway, also takes the control lease when
     * {@code lease} is set (write-class requests need it there).
     */
    Response hello(long sessionId, String token, boolean lease) throws IOException {
        HelloRequest.Builder hello = HelloRequest.newBuilder()
                .setProtocolMajor(ProtocolVersion.MAJOR)
                .setProtocolMinor(ProtocolVersion.MINOR)
                .setSessionId(sessionId)
                .setClientName("crossbar-conformance@" + ProcessHandle.current().pid())
                .setMaxFrameBytes(encoder.maxFrameBytes());
        if (token != null) {
            hello.setAuthToken(token);
        }
        Response r = call(Request.newBuilder().setHello(hello));
        if (r.getStatus() != Status.STATUS_OK) {
            throw new IOException("handshake refused: " + r.getStatus() + ": " + r.getMessage());
        }
        handshake = r;
        if (lease && r.getHello().getDescription().getCapabilities().getLease()) {
            Response l = call(Request.newBuilder().setLease(LeaseRequest.newBuilder()
                    .setAction(LeaseAction.LEASE_ACTION_ACQUIRE).setDurationSeconds(60)));
            if (l.getStatus() != Status.STATUS_OK) {
                throw new IOException("cannot take the gateway's control lease: " + l.getStatus() + ": " + l.getMessage());
            }
        }
        return r;
    }

    /** The response to this link's Hello, or null before it. */
    Response handshake() {
        return handshake;
    }

    @Override
    public void close() {
        link.close();
    }
}
