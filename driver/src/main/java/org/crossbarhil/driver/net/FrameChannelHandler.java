package org.crossbarhil.driver.net;

import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.FrameType;
import org.crossbarhil.protocol.v0.Event;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;

/**
 * Framing for message-level Netty pipelines: inbound {@code ByteBuf}s go through the protocol's
 * {@link FrameDecoder} and come out as {@link Request}, {@link Response} and {@link Event}
 * messages; outbound messages of those types are encoded as frames. Bad frames never reach the
 * next handler: they are counted and announced as a {@link Dropped} user event, and decoding
 * resumes at the next 0x00. A CRC-valid frame of another major version is announced as a
 * {@link ForeignVersion} user event, so a board can answer it with a clear refusal.
 *
 * <pre>
 * pipeline:  [SslHandler] -> FrameChannelHandler -> your handler (Request/Response/Event)
 * </pre>
 *
 * Holds decoder state: one instance per channel, never shared.
 */
public final class FrameChannelHandler extends ChannelDuplexHandler {

    /** User event: a block between two delimiters was discarded. */
    public record Dropped(DropReason reason, int length) {
    }

    /** User event: a CRC-valid frame stamped with another protocol major version. */
    public record ForeignVersion(int version, int typeCode, byte[] payload) {
    }

    private final FrameEncoder encoder;
    private final FrameDecoder decoder;
    // Filled by the decoder's listener during feed(), fired after it returns, so the next handler
    // never runs inside the decoder.
    private final List<Object> decoded = new ArrayList<>();

    /** @param maxFrameBytes the largest frame accepted and sent (decoded size: header + payload + CRC) */
    public FrameChannelHandler(int maxFrameBytes) {
        this.encoder = new FrameEncoder(maxFrameBytes);
        this.decoder = new FrameDecoder(maxFrameBytes, new FrameDecoder.Listener() {
            @Override
            public void onRequest(Request request) {
                decoded.add(request);
            }

            @Override
            public void onResponse(Response response) {
                decoded.add(response);
            }

            @Override
            public void onEvent(Event event) {
                decoded.add(event);
            }

            @Override
            public void onForeignVersion(int version, int typeCode, byte[] payload) {
                decoded.add(new ForeignVersion(version, typeCode, payload));
            }

            @Override
            public void onDropped(DropReason reason, int length) {
                if (reason != DropReason.EMPTY) {
                    decoded.add(new Dropped(reason, length));
                }
            }
        });
    }

    /** Blocks dropped for any reason but EMPTY since the channel opened. */
    public long droppedFrames() {
        return decoder.droppedTotal();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (buf.hasArray()) {
                decoder.feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
            } else {
                byte[] copy = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), copy);
                decoder.feed(copy);
            }
        } finally {
            buf.release();
        }
        if (decoded.isEmpty()) {
            return;
        }
        Object[] out = decoded.toArray();
        decoded.clear();
        for (Object o : out) {
            if (o instanceof Dropped || o instanceof ForeignVersion) {
                ctx.fireUserEventTriggered(o);
            } else {
                ctx.fireChannelRead(o);
            }
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        FrameType type = msg instanceof Request ? FrameType.REQUEST
                : msg instanceof Response ? FrameType.RESPONSE
                : msg instanceof Event ? FrameType.EVENT
                : null;
        if (type == null) {
            ctx.write(msg, promise);
            return;
        }
        byte[] frame;
        try {
            frame = encoder.encode(type, (MessageLite) msg);
        } catch (RuntimeException tooLarge) {
            promise.setFailure(tooLarge);
            return;
        }
        ctx.write(Unpooled.wrappedBuffer(frame), promise);
    }
}
