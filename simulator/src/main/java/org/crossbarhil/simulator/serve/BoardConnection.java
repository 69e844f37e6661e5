package org.crossbarhil.simulator.serve;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.protocol.Cobs;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.FrameTooLargeException;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.firmware.EventSink;
import org.crossbarhil.simulator.firmware.FirmwareConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board's end of one link. Three threads meet here, each with one job:
 *
 * <pre>
 * link thread   bytes -> FrameDecoder -> number the request (aborts act now, heartbeats are
 *               answered now) -> board thread
 * board thread  firmware executes -> response -> writer
 * writer        faults (drop, corrupt, stall, garbage, disconnect) -> FrameEncoder bytes -> link
 *               (a trip, and a hold, act on the board thread)
 * </pre>
 *
 * The writer is this link's own thread, like a UART's transmit DMA: a slow link (or a stalled
 * response) never holds up the board. A held request ({@link Faults#holdNextRequest}) does: it
 * waits on the board thread, as a long operation would, while the link thread goes on numbering
 * arrivals, so that an abort still takes effect.
 *
 * <p>Backpressure (docs/protocol.md section 7): a connection may have at most the board's
 * {@code max_requests_in_flight} requests unanswered; beyond that a request is refused at once,
 * on the link thread, with {@code RESOURCE_EXHAUSTED}, so one host cannot queue work on the
 * shared board thread without bound. Answers waiting for the writer are bounded too: past
 * {@link #PAUSE_FRAMES} the link stops reading the host until the writer is down to
 * {@link #RESUME_FRAMES}, so a host that does not read its answers only fills its own buffers.
 */
public final class BoardConnection implements LinkHandler, FrameDecoder.Listener, EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(BoardConnection.class);
    /** Garbage for {@link Faults.Kind#GARBAGE_BEFORE_RESPONSE}: line noise, then the delimiter that ends it. */
    private static final byte[] GARBAGE = {0x05, 0x01, 0x02, (byte) 0xFF, 0x7E, 0x13, 0x37, 0x00};
    /** Frames queued for the writer at which the link stops reading the host. */
    static final int PAUSE_FRAMES = 128;
    /** Frames queued for the writer at which it reads again. */
    static final int RESUME_FRAMES = 16;

    private final BoardRuntime board;
    private final CompletableFuture<Link> link;
    private final FrameDecoder decoder;
    private final ExecutorService writer;
    private final FirmwareConnection connection;
    private volatile FrameEncoder encoder;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger queuedFrames = new java.util.concurrent.atomic.AtomicInteger();
    private final int maxInFlight;
    private volatile boolean readingPaused;
    private volatile java.util.function.Consumer<Throwable> closeListener = cause -> {
    };

    public BoardConnection(BoardRuntime board, CompletableFuture<Link> link) {
        this.board = board;
        board.attached();
        this.link = link;
        int boardMax = board.config().session().maxFrameBytes();
        this.maxInFlight = board.config().session().maxRequestsInFlight();
        this.decoder = new FrameDecoder(boardMax, this);
        this.encoder = new FrameEncoder(boardMax);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "crossbar-sim-writer");
            t.setDaemon(true);
            return t;
        });
        this.connection = board.onBoardThread(fw -> fw.connect(this));
    }

    // ---- link thread ----

    @Override
    public void onBytes(byte[] data, int offset, int length) {
        synchronized (decoder) {
            decoder.feed(data, offset, length);
        }
    }

    @Override
    public void onRequest(Request request) {
        Faults.Fault fault = board.faults().take(request);
        if (fault != null && fault.kind() == Faults.Kind.DISCONNECT_BEFORE_REQUEST) {
            writer.execute(this::closeLink);
            return;
        }
        long arrival = connection.arrive(request);
        Response beat = connection.heartbeatNow(request);
        if (beat != null) {
            deliver(beat, fault);
            board.boardThread().execute(() -> {
                connection.heartbeatAnswered(request);
                trip(request, fault);
            });
            return;
        }
        if (request.hasHello()) {
            Link l = link.getNow(null);
            if (l != null && !l.hasConnectionBoundary()) {
                connection.helloStartsOver();
            }
        }
        boolean bypass = request.getBodyCase() == Request.BodyCase.ABORT;
        if (!bypass && inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            deliver(tooManyInFlight(request), null);
            return;
        }
        board.boardThread().execute(() -> {
            if (fault != null && fault.kind() == Faults.Kind.HOLD_REQUEST) {
                fault.hold().holdBoard();
            }
            Response response;
            try {
                response = connection.handle(request, arrival);
            } finally {
                if (!bypass) {
                    inFlight.decrementAndGet();
                }
            }
            if (request.getBodyCase() == Request.BodyCase.HELLO && response.getStatus() == Status.STATUS_OK) {
                encoder = new FrameEncoder(connection.maxResponseFrameBytes());
            }
            deliver(response, fault);
            trip(request, fault);
        });
    }

    /** Not remembered and never executed: the host may send it again once answers came back. */
    private Response tooManyInFlight(Request request) {
        return Response.newBuilder().setSeq(request.getSeq()).setStatus(Status.STATUS_RESOURCE_EXHAUSTED)
                .setMessage("more than " + maxInFlight + " requests in flight on this connection (max_requests_in_flight): "
                        + "nothing was done; read the answers before sending more")
                .build();
    }

    /** On the board thread, once the request was answered. */
    private void trip(Request request, Faults.Fault fault) {
        if (fault != null && fault.kind() == Faults.Kind.TRIP_AFTER_REQUEST) {
            board.firmware().trip("tripped after " + request.getBodyCase() + " seq " + request.getSeq()
                    + " (the simulator's fault switchboard)");
        }
    }

    @Override
    public void onForeignVersion(int version, int typeCode, byte[] payload) {
        board.boardThread().execute(() -> deliver(connection.foreignVersion(version, payload), null));
    }

    @Override
    public void onDropped(DropReason reason, int length) {
        LOG.debug("dropped {} bytes from {}: {}", length, this, reason);
        String summary = connection.dropped(reason);
        if (summary != null) {
            LOG.warn("simulated board: {} (last from {}: {})", summary, this, reason);
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        board.boardThread().execute(() -> {
            connection.close();
            board.detached();
        });
        java.util.function.Consumer<Throwable> listener = closeListener;
        writer.execute(() -> listener.accept(cause));
        writer.shutdown();
    }

    /** Runs on the writer thread after the last frame, once the link has closed. */
    public void onLinkClosed(java.util.function.Consumer<Throwable> listener) {
        this.closeListener = listener;
    }

    // ---- board thread ----

    @Override
    public void send(Event event) {
        FrameEncoder e = encoder;
        write(() -> {
            try {
                return e.encode(event);
            } catch (FrameTooLargeException tooLarge) {
                LOG.warn("event of {} too large for the link: {}", event.getBodyCase(), tooLarge.getMessage());
                return null;
            }
        });
    }

    private void deliver(Response response, Faults.Fault fault) {
        byte[] frame = encode(response);
        if (fault == null) {
            write(() -> frame);
            return;
        }
        switch (fault.kind()) {
            case DROP_RESPONSE:
                return;
            case CORRUPT_RESPONSE_CRC:
                write(() -> corruptCrc(frame));
                return;
            case STALL_RESPONSE:
                write(() -> {
                    sleep(fault.stall().toNanos());
                    return frame;
                });
                return;
            case DISCONNECT_AFTER_REQUEST:
                writer.execute(this::closeLink);
                return;
            case GARBAGE_BEFORE_RESPONSE:
                write(() -> {
                    byte[] out = new byte[GARBAGE.length + frame.length];
                    System.arraycopy(GARBAGE, 0, out, 0, GARBAGE.length);
                    System.arraycopy(frame, 0, out, GARBAGE.length, frame.length);
                    return out;
                });
                return;
            default:
                write(() -> frame);
        }
    }

    private byte[] encode(Response response) {
        try {
            return encoder.encode(response);
        } catch (FrameTooLargeException e) {
            // Checked before executing wherever the size is known; this is the last resort.
            return encoder.encode(Response.newBuilder().setSeq(response.getSeq()).setStatus(Status.STATUS_RESOURCE_EXHAUSTED)
                    .setMessage("response of " + response.getBodyCase() + " too large for this link: " + e.getMessage()).build());
        }
    }

    /** A frame whose CRC no longer matches: decoded, last CRC byte flipped, re-encoded. */
    static byte[] corruptCrc(byte[] frame) {
        byte[] decoded = new byte[frame.length];
        int n = Cobs.decode(frame, 0, frame.length - 1, decoded, 0);
        decoded[n - 1] ^= 0x5A;
        byte[] out = new byte[Cobs.maxEncodedLength(n) + 1];
        int m = Cobs.encode(decoded, 0, n, out, 0);
        out[m] = 0;
        return java.util.Arrays.copyOf(out, m + 1);
    }

    // ---- writer thread ----

    private interface FrameSource {
        byte[] frame();
    }

    private void write(FrameSource source) {
        if (closed) {
            return;
        }
        if (queuedFrames.incrementAndGet() >= PAUSE_FRAMES) {
            updateReading();
        }
        try {
            writer.execute(() -> {
                try {
                    byte[] frame = source.frame();
                    if (frame == null || closed) {
                        return;
                    }
                    link.join().send(frame);
                } catch (IOException e) {
                    LOG.debug("send on {} failed: {}", this, e.getMessage());
                } finally {
                    queuedFrames.decrementAndGet();
                    if (readingPaused) {
                        updateReading();
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queuedFrames.decrementAndGet();
            LOG.debug("link {} closed; frame not sent", this);
        }
    }

    /**
     * Decides from the count as it is now, under the lock: deciding from the count a thread saw
     * before it got here could pause a link whose queue has meanwhile drained, for good.
     */
    private synchronized void updateReading() {
        int queued = queuedFrames.get();
        boolean paused = readingPaused ? queued > RESUME_FRAMES : queued >= PAUSE_FRAMES;
        if (paused == readingPaused) {
            return;
        }
        readingPaused = paused;
        Link l = link.getNow(null);
        if (l != null) {
            l.pauseReading(paused);
        }
        if (paused) {
            LOG.debug("{}: {} answers not yet sent; not reading the host until they are", this, queued);
        }
    }

    private void closeLink() {
        link.join().close();
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        Link l = link.getNow(null);
        return l == null ? "board link (opening)" : l.describe();
    }
}
