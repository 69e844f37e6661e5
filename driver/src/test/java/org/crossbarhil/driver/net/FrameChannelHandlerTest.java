package org.crossbarhil.driver.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.FrameTooLargeException;
import org.crossbarhil.protocol.v0.HeartbeatRequest;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;
import org.crossbarhil.protocol.v0.Status;
import org.crossbarhil.protocol.v0.VmmRequest;
import org.junit.jupiter.api.Test;

/** The Netty framing handler, without I/O (EmbeddedChannel). */
class FrameChannelHandlerTest {
    private static final int MAX = 4096;
    private final FrameEncoder encoder = new FrameEncoder(MAX);
    private final List<Object> userEvents = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameChannelHandler(MAX),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    userEvents.add(evt);
                }
            });

    private static Request heartbeat(long seq) {
        return Request.newBuilder().setSeq(seq).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build();
    }

    @Test
    void framesSplitAcrossReadsAndJoinedInOneReadAllComeOut() {
        byte[] a = encoder.encode(heartbeat(1));
        byte[] b = encoder.encode(heartbeat(2));
        byte[] c = encoder.encode(heartbeat(3));
        byte[] joined = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        System.arraycopy(c, 0, joined, a.length + b.length, c.length);

        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(joined, 0, 3)));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(joined, 3, joined.length)));

        assertThat(((Request) channel.readInbound()).getSeq()).isEqualTo(1);
        assertThat(((Request) channel.readInbound()).getSeq()).isEqualTo(2);
        assertThat(((Request) channel.readInbound()).getSeq()).isEqualTo(3);
    }

    @Test
    void garbageIsAnnouncedAsDroppedAndTheNextFrameStillDecodes() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x11, 0x22, 0x33, 0x00}));
        channel.writeInbound(Unpooled.wrappedBuffer(encoder.encode(heartbeat(9))));

        assertThat(((Request) channel.readInbound()).getSeq()).isEqualTo(9);
        assertThat(userEvents).hasSize(1).first().isInstanceOf(FrameChannelHandler.Dropped.class);
        assertThat(((FrameChannelHandler.Dropped) userEvents.get(0)).reason()).isNotEqualTo(DropReason.EMPTY);
        assertThat(channel.pipeline().get(FrameChannelHandler.class).droppedFrames()).isEqualTo(1);
    }

    @Test
    void aFrameOfAnotherMajorVersionIsAnnouncedNotDelivered() {
        channel.writeInbound(Unpooled.wrappedBuffer(new FrameEncoder(MAX, 7).encode(heartbeat(1))));

        assertThat((Object) channel.readInbound()).isNull();
        assertThat(userEvents).hasSize(1);
        assertThat(((FrameChannelHandler.ForeignVersion) userEvents.get(0)).version()).isEqualTo(7);
    }

    @Test
    void outboundMessagesLeaveAsFrames() {
        Response r = Response.newBuilder().setSeq(5).setStatus(Status.STATUS_OK).build();
        channel.writeOutbound(r);

        ByteBuf out = channel.readOutbound();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        assertThat(bytes).isEqualTo(encoder.encode(r));
    }

    @Test
    void anOversizedOutboundMessageFailsItsWriteAndSendsNothing() {
        VmmRequest.Builder vmm = VmmRequest.newBuilder();
        for (int i = 0; i < 2000; i++) {
            vmm.addVolts(0.1f);
        }
        ChannelFuture f = channel.writeOneOutbound(Request.newBuilder().setSeq(1).setVmm(vmm).build());
        channel.flushOutbound();

        assertThat(f.cause()).isInstanceOf(FrameTooLargeException.class);
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void otherOutboundMessagesPassThroughUntouched() {
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[] {1, 2, 0});
        channel.writeOutbound(raw);

        assertThat((Object) channel.readOutbound()).isSameAs(raw);
        raw.release();
    }
}
