package org.crossbarhil.link.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;

/**
 * A {@link Link} over a Netty channel, and the inbound handler that hands the channel's bytes, as
 * they arrive, to a {@link LinkHandler}. Byte-level on purpose: framing happens in the shared
 * protocol code, so TCP, serial and in-process links behave alike. One instance per channel.
 *
 * <p>A server's link stops reading its peer while the peer does not read (the channel is not
 * writable: its outbound buffer is over the high water mark), so a client that floods requests
 * without reading the answers fills its own socket buffers, not the server's memory. Its owner
 * can pause reading too ({@link #pauseReading}); the channel reads when neither holds it back.
 */
final class ChannelLink extends ChannelInboundHandlerAdapter implements Link {
    private final Channel channel;
    private final String description;
    private final boolean pausesWhenUnwritable;
    private volatile boolean pausedByOwner;
    private volatile LinkHandler handler;
    private volatile Throwable failure;
    private boolean closedReported;

    ChannelLink(Channel channel, String description, boolean pausesWhenUnwritable) {
        this.channel = channel;
        this.description = description;
        this.pausesWhenUnwritable = pausesWhenUnwritable;
    }

    void handler(LinkHandler handler) {
        this.handler = handler;
    }

    @Override
    public void send(byte[] frame) throws IOException {
        // A loop shutting down (the server or gateway closing) would reject the write and log it as an error.
        if (!channel.isActive() || channel.eventLoop().isShuttingDown()) {
            throw new IOException(description + " is closed");
        }
        // A failed write closes the channel; the handler then hears onClosed with the cause.
        channel.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(f -> {
            if (!f.isSuccess()) {
                failure = f.cause();
                channel.close();
            }
        });
    }

    @Override
    public long unsentBytes() {
        io.netty.channel.ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public void pauseReading(boolean paused) {
        pausedByOwner = paused;
        try {
            channel.eventLoop().execute(this::applyAutoRead);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the link is closed and its loop gone: there is nothing left to read or pause
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        applyAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    /** Whether the channel reads its peer now: for tests of the backpressure rule. */
    boolean reading() {
        return channel.config().isAutoRead();
    }

    /** On the event loop. */
    private void applyAutoRead() {
        boolean read = !pausedByOwner && (!pausesWhenUnwritable || channel.isWritable());
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        channel.close();
    }

    // Inbound: runs on the channel's event loop, so the handler sees one call at a time, in order.

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            LinkHandler h = handler;
            if (h == null) {
                return;
            }
            int n = buf.readableBytes();
            if (buf.hasArray()) {
                h.onBytes(buf.array(), buf.arrayOffset() + buf.readerIndex(), n);
            } else {
                byte[] copy = new byte[n];
                buf.getBytes(buf.readerIndex(), copy);
                h.onBytes(copy, 0, n);
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reportClosed();
        ctx.fireChannelInactive();
    }

    private void reportClosed() {
        if (closedReported) {
            return;
        }
        closedReported = true;
        LinkHandler h = handler;
        if (h != null) {
            h.onClosed(failure);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
