package org.crossbarhil.simulator.serve;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;

/**
 * A serial line's speed, for links that have none (a pty pair moves bytes as fast as the kernel
 * copies them): 8N1 puts 10 bits on the wire per byte, so n bytes take 10 n / baud seconds. Each
 * direction is its own line; a frame is held back until its last byte would have arrived.
 */
public final class LinkModel {
    private final double secondsPerByte;

    public LinkModel(int baud) {
        if (baud < 1) {
            throw new IllegalArgumentException("baud: " + baud + " (expected: > 0)");
        }
        this.secondsPerByte = 10.0 / baud;
    }

    /** Outgoing bytes paced to the line. */
    public Link throttle(Link link) {
        Line line = new Line(secondsPerByte);
        return new Link() {
            @Override
            public void send(byte[] frame) throws IOException {
                line.transmit(frame.length);
                link.send(frame);
            }

            @Override
            public void pauseReading(boolean paused) {
                link.pauseReading(paused);
            }

            @Override
            public boolean hasConnectionBoundary() {
                return link.hasConnectionBoundary();
            }

            @Override
            public String describe() {
                return link.describe();
            }

            @Override
            public void close() {
                link.close();
            }
        };
    }

    /** Incoming bytes delivered no faster than the line carries them. */
    public LinkHandler throttle(LinkHandler handler) {
        Line line = new Line(secondsPerByte);
        return new LinkHandler() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                line.transmit(length);
                handler.onBytes(data, offset, length);
            }

            @Override
            public void onClosed(Throwable cause) {
                handler.onClosed(cause);
            }
        };
    }

    /** One direction: the time at which the line is free again. */
    private static final class Line {
        private final double secondsPerByte;
        private long freeAtNanos = System.nanoTime();

        Line(double secondsPerByte) {
            this.secondsPerByte = secondsPerByte;
        }

        synchronized void transmit(int bytes) {
            long now = System.nanoTime();
            long start = Math.max(now, freeAtNanos);
            freeAtNanos = start + (long) (bytes * secondsPerByte * 1e9);
            long wait;
            while ((wait = freeAtNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
