package org.crossbarhil.driver.fakes;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;

/**
 * An in-memory byte pipe to a board-side acceptor (the same {@code Function<Link, LinkHandler>}
 * shape as {@code TcpLinkServer}): each direction is delivered on its own thread, in order, as a
 * real link would. {@link #refuse(boolean)} makes new connections fail like a dead host.
 */
public final class PipeConnector implements Connector {
    private final Function<Link, LinkHandler> acceptor;
    private volatile boolean refusing;

    public PipeConnector(Function<Link, LinkHandler> acceptor) {
        this.acceptor = acceptor;
    }

    public void refuse(boolean on) {
        refusing = on;
    }

    @Override
    public Link connect(LinkHandler clientHandler, Duration timeout) throws IOException {
        if (refusing) {
            throw new IOException("pipe: connection refused");
        }
        Pipe pipe = new Pipe();
        End client = new End(pipe, "pipe client");
        End board = new End(pipe, "pipe board");
        client.peer = board;
        board.peer = client;
        client.handler = clientHandler;
        LinkHandler boardHandler = acceptor.apply(board);
        if (boardHandler == null) {
            throw new IOException("pipe: the board refused the connection");
        }
        board.handler = boardHandler;
        return client;
    }

    @Override
    public String describe() {
        return "pipe:fake";
    }

    private static final class Pipe {
        final AtomicBoolean closed = new AtomicBoolean();
    }

    /** One end: send() delivers to the peer's handler on the peer's delivery thread. */
    private static final class End implements Link {
        final Pipe pipe;
        final String name;
        final ExecutorService delivery;
        volatile End peer;
        volatile LinkHandler handler;

        End(Pipe pipe, String name) {
            this.pipe = pipe;
            this.name = name;
            this.delivery = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void send(byte[] frame) throws IOException {
            if (pipe.closed.get()) {
                throw new IOException(name + " is closed");
            }
            byte[] copy = Arrays.copyOf(frame, frame.length);
            End p = peer;
            try {
                // Bytes sent before a close still arrive, as on a socket: only later sends fail.
                p.delivery.execute(() -> p.handler.onBytes(copy, 0, copy.length));
            } catch (RejectedExecutionException e) {
                throw new IOException(name + " is closed", e);
            }
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public void close() {
            if (!pipe.closed.compareAndSet(false, true)) {
                return;
            }
            for (End e : new End[] {this, peer}) {
                try {
                    e.delivery.execute(() -> e.handler.onClosed(null));
                } catch (RejectedExecutionException ignored) {
                    // already shut down
                }
                e.delivery.shutdown();
            }
        }
    }
}
