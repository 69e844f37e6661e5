package org.crossbarhil.simulator.serve;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;

/**
 * In-process links to a simulated board: a pipe of encoded frames in each direction, so
 * the driver and the firmware exercise the real codec. Host-to-board bytes are decoded on the
 * sender's thread and queued for the board thread; board-to-host bytes are delivered on the
 * connection's writer thread, never on the caller's, as a socket's reader would.
 */
public final class InProcessConnector implements Connector {
    private final BoardRuntime board;
    private final String description;

    public InProcessConnector(BoardRuntime board, String description) {
        this.board = board;
        this.description = description;
    }

    @Override
    public Link connect(LinkHandler host, Duration timeout) {
        Pipe pipe = new Pipe(host, description);
        pipe.board = new BoardConnection(board, CompletableFuture.completedFuture(pipe.boardSide));
        pipe.board.onLinkClosed(host::onClosed);
        return pipe.hostSide;
    }

    @Override
    public String describe() {
        return description;
    }

    private static final class Pipe {
        final LinkHandler host;
        final String description;
        final AtomicBoolean closed = new AtomicBoolean();
        volatile BoardConnection board;

        Pipe(LinkHandler host, String description) {
            this.host = host;
            this.description = description;
        }

        /** The host writes here; the board reads. */
        final Link hostSide = new Link() {
            @Override
            public void send(byte[] frame) throws IOException {
                if (closed.get()) {
                    throw new IOException("in-process link to " + description + " is closed");
                }
                board.onBytes(frame, 0, frame.length);
            }

            @Override
            public String describe() {
                return "in-process " + description;
            }

            @Override
            public void close() {
                Pipe.this.close(null);
            }
        };

        /** The board writes here (on its writer thread); the host reads. */
        final Link boardSide = new Link() {
            @Override
            public void send(byte[] frame) throws IOException {
                if (closed.get()) {
                    throw new IOException("in-process link to " + description + " is closed");
                }
                host.onBytes(frame, 0, frame.length);
            }

            @Override
            public String describe() {
                return "in-process host of " + description;
            }

            @Override
            public void close() {
                Pipe.this.close(new IOException("simulated board " + description + " closed the link"));
            }
        };

        void close(IOException cause) {
            if (closed.compareAndSet(false, true)) {
                // The host hears the close on the connection's writer thread, after the last
                // frame, as it would from a socket's reader.
                board.onClosed(cause);
            }
        }
    }
}
