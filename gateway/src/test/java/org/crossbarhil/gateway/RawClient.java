package org.crossbarhil.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;

/**
 * A client with no driver in between, over a plain socket: it writes whatever frames or bytes a
 * test wants (retransmissions, conflicts, garbage, oversized frames, nothing at all) and sees
 * every response and event as it arrives, and when the gateway closes the connection.
 */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final FrameEncoder encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
    private final LinkedBlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closedByPeer;
    private long nextSeq = 1;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        FrameDecoder decoder = FrameDecoder.forHost(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
            @Override
            public void onResponse(Response response) {
                responses.add(response);
            }

            @Override
            public void onEvent(Event event) {
                events.add(event);
            }
        });
        this.reader = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    decoder.feed(buf, 0, n);
                }
            } catch (IOException e) {
                // reset by the peer, or closed by us
            }
            closedByPeer = true;
        }, "raw-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static RawClient connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setTcpNoDelay(true);
        return new RawClient(s);
    }

    Response hello(long sessionId, String token, String name) throws IOException {
        HelloRequest.Builder h = HelloRequest.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR)
                .setProtocolMinor(ProtocolVersion.MINOR).setSessionId(sessionId).setClientName(name);
        if (token != null) {
            h.setAuthToken(token);
        }
        return call(Request.newBuilder().setHello(h));
    }

    /** Stamps the next seq unless the request has one, sends it, and returns it as sent. */
    Request send(Request.Builder r) throws IOException {
        if (r.getSeq() == 0) {
            r.setSeq(nextSeq);
        }
        nextSeq = Math.max(nextSeq, r.getSeq() + 1);
        Request built = r.build();
        sendBytes(encoder.encode(built));
        return built;
    }

    /** Sends the request exactly as built, seq 0 included. */
    Response callAsIs(Request r) throws IOException {
        sendBytes(encoder.encode(r));
        return await(r.getSeq(), Duration.ofSeconds(5));
    }

    Response call(Request.Builder r) throws IOException {
        return await(send(r).getSeq(), Duration.ofSeconds(5));
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes bytes a hostile client would: the gateway may cut it off before all of them are
     * written, which is the point; returns false when it did.
     */
    boolean sendHostile(byte[] bytes) {
        try {
            sendBytes(bytes);
            return true;
        } catch (IOException cutOff) {
            return false;
        }
    }

    /** The response to {@code seq}; others that arrive first are dropped. */
    Response await(long seq, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Response r;
            try {
                r = responses.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (r == null) {
                throw new IOException("no response to seq " + seq + " within " + within.toMillis() + " ms"
                        + (closedByPeer ? " (the gateway closed the connection)" : ""));
            }
            if (r.getSeq() == seq) {
                return r;
            }
        }
    }

    /** The next response, or null when none comes within {@code within}. */
    Response nextResponse(Duration within) throws InterruptedException {
        return responses.poll(within.toNanos(), TimeUnit.NANOSECONDS);
    }

    Event nextEvent(Duration within) throws InterruptedException {
        return events.poll(within.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True once the gateway has closed the connection (the reader saw the end of the stream). */
    boolean closedByPeer() {
        return closedByPeer;
    }

    /** Writes that fail tell that the peer is gone even before the reader notices. */
    boolean writeFails() {
        try {
            out.write(0);
            out.flush();
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
