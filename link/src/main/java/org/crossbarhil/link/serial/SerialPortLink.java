package org.crossbarhil.link.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Link} over a serial port (8N1), wrapping jSerialComm so that nothing else sees its int
 * flags and {@code false} returns. Following the library's rules: one reader thread doing
 * semi-blocking reads and nothing event-driven on the same port; data arrives in fragments (the
 * frame decoder does not care); a read error means the port vanished, so the port is closed and
 * the handler hears {@code onClosed} with the reason. Writes from several threads are serialised
 * so frames never interleave.
 *
 * <p>Used by the {@code serial:} provider on the host side and by the simulator for its end of a
 * pty pair.
 */
public final class SerialPortLink implements Link {
    private static final Logger LOG = LoggerFactory.getLogger(SerialPortLink.class);
    /** How often the reader wakes up without data to notice a close. */
    private static final int READ_POLL_MS = 100;
    /** A write that makes no progress for this long means the peer stopped reading. */
    private static final int WRITE_TIMEOUT_MS = 5000;
    /** How long close waits for the reader to notice and close the port itself. */
    private static final int CLOSE_WAIT_MS = 10 * READ_POLL_MS;

    private final SerialPort port;
    private final String path;
    private final int baud;
    private final LinkHandler handler;
    private final Object writeLock = new Object();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread reader;
    private volatile Throwable pendingCause;
    private volatile boolean readingPaused;

    private SerialPortLink(SerialPort port, String path, int baud, LinkHandler handler) {
        this.port = port;
        this.path = path;
        this.baud = baud;
        this.handler = handler;
        this.reader = new Thread(this::readLoop, "crossbar-serial-reader " + path);
        this.reader.setDaemon(true);
    }

    /**
     * Opens {@code path} (e.g. {@code /dev/ttyUSB0}, {@code COM3}, a pty) at {@code baud}, 8N1, no
     * flow control, and starts its reader thread.
     *
     * @throws IOException naming the port and jSerialComm's error code when it cannot be opened
     */
    public static Link open(String path, int baud, LinkHandler handler) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        if (baud < 1) {
            throw new IllegalArgumentException("baud: " + baud + " (expected: > 0)");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("cannot open serial port " + path + ": no such port (" + e.getMessage() + ")", e);
        }
        if (!port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY)) {
            throw new IOException("serial port " + path + ": cannot set " + baud + " baud 8N1 (error code "
                    + port.getLastErrorCode() + ")");
        }
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, READ_POLL_MS,
                WRITE_TIMEOUT_MS);
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + path + " (jSerialComm error code " + port.getLastErrorCode()
                    + " at location " + port.getLastErrorLocation() + "; errno values: 2 = no such port, "
                    + "13 = permission denied (add the user to the dialout group), 16 = busy)");
        }
        SerialPortLink link = new SerialPortLink(port, path, baud, handler);
        link.reader.start();
        return link;
    }

    @Override
    public void send(byte[] frame) throws IOException {
        IOException failure = null;
        synchronized (writeLock) {
            if (closing.get() || !port.isOpen()) {
                throw new IOException("serial port " + path + " is closed");
            }
            int off = 0;
            while (off < frame.length) {
                int n = port.writeBytes(frame, frame.length - off, off);
                if (n < 0) {
                    failure = new IOException("serial port " + path + ": write failed (error code "
                            + port.getLastErrorCode() + " at location " + port.getLastErrorLocation() + ")");
                    break;
                }
                if (n == 0) {
                    failure = new IOException("serial port " + path + ": no byte written for " + WRITE_TIMEOUT_MS
                            + " ms (the peer stopped reading)");
                    break;
                }
                off += n;
            }
        }
        if (failure != null) {
            // The reader closes the port and reports the cause; waiting for it is close()'s job: the
            // caller may hold a lock the reader needs to report.
            stop(failure);
            throw failure;
        }
    }

    @Override
    public long unsentBytes() {
        int n = port.bytesAwaitingWrite();
        return Math.max(0, n);
    }

    @Override
    public boolean hasConnectionBoundary() {
        return false;
    }

    @Override
    public void pauseReading(boolean paused) {
        readingPaused = paused;
    }

    @Override
    public String describe() {
        return "serial " + path + " @ " + baud;
    }

    @Override
    public void close() {
        stop(null);
        awaitReader();
    }

    private void readLoop() {
        byte[] buffer = new byte[8192];
        Throwable cause = null;
        try {
            while (!closing.get()) {
                if (readingPaused) {
                    // the line's buffers fill and the peer's writes block, as with a UART whose RX is held
                    Thread.sleep(READ_POLL_MS / 10);
                    continue;
                }
                int n = port.readBytes(buffer, buffer.length, 0);
                if (n > 0) {
                    handler.onBytes(buffer, 0, n);
                } else if (n < 0) {
                    if (!closing.get()) {
                        // The port vanished (USB unplugged, pty peer gone): close it, per jSerialComm's advice.
                        cause = new IOException("serial port " + path + " disconnected (error code "
                                + port.getLastErrorCode() + " at location " + port.getLastErrorLocation() + ")");
                    }
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: the link handler failed; closing the port", describe(), e);
            cause = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing.set(true);
        port.closePort();
        reportClosed(cause);
    }

    /**
     * Tells the reader to stop; it closes the port itself at its next read poll. Closing the port
     * under a reader still inside a native read is what jSerialComm warns against: the descriptor
     * number can be reused at once by the next open of the same path (a reconnect), and the old
     * reader then reads the new link's bytes and hands them to the dead link's handler. Seen on a
     * loaded machine as a lost Hello answer. The first cause wins, set before the flag the reader
     * reads.
     */
    private void stop(Throwable cause) {
        if (!closing.get() && pendingCause == null) {
            pendingCause = cause;
        }
        closing.set(true);
    }

    /** Waits (at most a few read polls) for the reader to close the port, unless called from the reader itself. */
    private void awaitReader() {
        if (Thread.currentThread() == reader) {
            return;
        }
        try {
            reader.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            // a reader stuck in a handler: close under it rather than hang the caller
            LOG.warn("{}: the reader did not stop within {} ms; closing the port under it", describe(), CLOSE_WAIT_MS);
            port.closePort();
        }
    }

    private void reportClosed(Throwable cause) {
        handler.onClosed(cause != null ? cause : pendingCause);
    }

    @Override
    public String toString() {
        return describe();
    }
}
