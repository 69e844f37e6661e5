package org.crossbarhil.link;

import java.io.IOException;

/**
 * One established byte-stream connection to a board (a TCP socket, a serial port, an in-process
 * pipe). Carries encoded frames; knows nothing of their content.
 */
public interface Link extends AutoCloseable {
    /**
     * Writes one encoded frame (COBS block plus 0x00 delimiter), whole, in order with other
     * frames. May be called from several threads.
     *
     * @throws IOException when the link is closed or broken
     */
    void send(byte[] frame) throws IOException;

    /**
     * Bytes handed to {@link #send} that have not reached the medium yet (a socket's outgoing
     * buffer), so a server can tell a peer that stopped reading from one that is merely busy.
     * 0 when the link cannot tell.
     */
    default long unsentBytes() {
        return 0;
    }

    /**
     * Stops ({@code true}) or resumes handing incoming bytes to the handler. While paused, the
     * peer's sends back up in its own buffers (TCP's window, the serial line's), so a server can
     * stop reading a peer that does not read its answers instead of queueing without bound. A
     * link that cannot pause ignores it.
     */
    default void pauseReading(boolean paused) {
    }

    /**
     * Whether the peer sees this link end (a TCP connection's close). A serial line's end is not
     * seen: a host that closes and reopens the port looks to the board like the same line, so
     * there a new Hello starts a new session instead of being refused as a second one.
     */
    default boolean hasConnectionBoundary() {
        return true;
    }

    /** Human-readable peer description for messages: "tcp 127.0.0.1:7700", "serial /dev/ttyUSB0 @ 921600". */
    String describe();

    /** Closes the link; {@link LinkHandler#onClosed} follows. Idempotent. */
    @Override
    void close();
}
