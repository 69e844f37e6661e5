package org.crossbarhil.driver.internal;

import java.io.IOException;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameType;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.Response;

/**
 * One physical link and its frame decoder. Bytes that arrive after the connection was retired
 * (a reconnect replaced it) are ignored, so a late frame of an old link never reaches a caller.
 */
final class Connection implements LinkHandler, FrameDecoder.Listener {

    /** Where a connection delivers what it decoded. Called on the link's thread, one call at a time. */
    interface Sink {
        void onResponse(Connection from, Response response);

        void onEvent(Connection from, Event event);

        void onForeignVersion(Connection from, int version, int typeCode, byte[] payload);

        void onDropped(Connection from, DropReason reason, int length);

        void onClosed(Connection from, Throwable cause);
    }

    private final int generation;
    private final FrameDecoder decoder;
    private final Sink sink;
    private volatile Link link;
    private final java.util.concurrent.atomic.AtomicBoolean retired = new java.util.concurrent.atomic.AtomicBoolean();

    Connection(int generation, int maxFrameBytes, Sink sink) {
        this.generation = generation;
        this.decoder = new FrameDecoder(maxFrameBytes, this);
        this.sink = sink;
    }

    /** Gives the connection its link; a connection retired before the link existed closes it. */
    void attach(Link link) {
        this.link = link;
        if (retired.get()) {
            link.close();
        }
    }

    String describe() {
        Link l = link;
        return l == null ? "not connected" : l.describe();
    }

    void send(byte[] frame) throws IOException {
        Link l = link;
        if (l == null || retired.get()) {
            throw new IOException("link " + describe() + " is closed");
        }
        l.send(frame);
    }

    /** Stops delivering and closes the link. Idempotent. */
    void retire() {
        if (!retired.compareAndSet(false, true)) {
            return;
        }
        Link l = link;
        if (l != null) {
            l.close();
        }
    }

    boolean isRetired() {
        return retired.get();
    }

    // LinkHandler: calls come from one thread at a time, so the decoder needs no lock.

    @Override
    public void onBytes(byte[] data, int offset, int length) {
        if (!retired.get()) {
            decoder.feed(data, offset, length);
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        sink.onClosed(this, cause);
    }

    // FrameDecoder.Listener

    @Override
    public void onResponse(Response response) {
        if (!retired.get()) {
            sink.onResponse(this, response);
        }
    }

    @Override
    public void onEvent(Event event) {
        if (!retired.get()) {
            sink.onEvent(this, event);
        }
    }

    @Override
    public void onForeignVersion(int version, int typeCode, byte[] payload) {
        if (!retired.get()) {
            sink.onForeignVersion(this, version, typeCode, payload);
        }
    }

    @Override
    public void onDropped(DropReason reason, int length) {
        sink.onDropped(this, reason, length);
    }

    @Override
    public void onUnexpected(FrameType type) {
        // A Request sent to the host: the board has the direction wrong. Counted as dropped.
        sink.onDropped(this, DropReason.WRONG_DIRECTION, 0);
    }

    @Override
    public String toString() {
        return "connection #" + generation + " (" + describe() + ")";
    }
}
