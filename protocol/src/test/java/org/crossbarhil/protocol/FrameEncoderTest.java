package org.crossbarhil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.SetUpdateMaskRequest;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {
    private static final Request HEARTBEAT =
            Request.newBuilder().setSeq(5).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build();

    @Test
    void aFrameIsHeaderPayloadAndLittleEndianCrcUnderCobsThenADelimiter() {
        byte[] wire = new FrameEncoder(4096).encode(HEARTBEAT);

        assertThat(wire[wire.length - 1]).isZero();
        byte[] block = new byte[wire.length];
        int n = Cobs.decode(wire, 0, wire.length - 1, block, 0);
        byte[] payload = HEARTBEAT.toByteArray();
        assertThat(n).isEqualTo(2 + payload.length + 4);
        assertThat(block[0]).isEqualTo((byte) ProtocolVersion.MAJOR);
        assertThat(block[1]).isEqualTo((byte) FrameType.REQUEST.code());
        assertThat(Arrays.copyOfRange(block, 2, 2 + payload.length)).isEqualTo(payload);
        CRC32C crc = new CRC32C();
        crc.update(block, 0, n - 4);
        long stored = (block[n - 4] & 0xFFL) | (block[n - 3] & 0xFFL) << 8 | (block[n - 2] & 0xFFL) << 16
                | (block[n - 1] & 0xFFL) << 24;
        assertThat(stored).isEqualTo(crc.getValue());
    }

    @Test
    void theOnlyZeroOnTheWireIsTheDelimiter() {
        Request zeros = maskRequest(new byte[1000]);

        byte[] wire = new FrameEncoder(4096).encode(zeros);

        assertThat(Arrays.copyOf(wire, wire.length - 1)).doesNotContain(0);
        assertThat(wire[wire.length - 1]).isZero();
    }

    @Test
    void aFrameOfExactlyTheMaximumSizeIsEncoded() {
        Request message = maskOfFrameSize(4096);

        assertThat(new FrameEncoder(4096).encode(message)).isNotEmpty();
    }

    @Test
    void aFrameOneByteOverTheMaximumIsRefusedWithBothSizes() {
        Request message = maskOfFrameSize(4097);

        assertThatThrownBy(() -> new FrameEncoder(4096).encode(message))
                .isInstanceOf(FrameTooLargeException.class)
                .hasMessageContaining("frame of 4097 bytes exceeds the maximum frame size of 4096 bytes")
                .satisfies(e -> {
                    assertThat(((FrameTooLargeException) e).frameBytes()).isEqualTo(4097);
                    assertThat(((FrameTooLargeException) e).maxFrameBytes()).isEqualTo(4096);
                });
    }

    @Test
    void encodingIntoACallersBufferWritesTheSameFrameAtItsOffset() {
        FrameEncoder encoder = new FrameEncoder(8192);
        Request message = maskRequest(patterned(3000));
        byte[] expected = encoder.encode(message);
        byte[] buffer = new byte[7 + FrameEncoder.maxWireLength(message.getSerializedSize())];

        int n = encoder.encode(FrameType.REQUEST, message, buffer, 7);

        assertThat(Arrays.copyOfRange(buffer, 7, 7 + n)).isEqualTo(expected);
    }

    @Test
    void encodingIntoABufferWithoutRoomIsRefusedBeforeWriting() {
        FrameEncoder encoder = new FrameEncoder(8192);
        byte[] buffer = new byte[FrameEncoder.maxWireLength(HEARTBEAT.getSerializedSize()) - 1];

        assertThatThrownBy(() -> encoder.encode(FrameType.REQUEST, HEARTBEAT, buffer, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(buffer).containsOnly(0);
    }

    @Test
    void rawEncodingEqualsMessageEncoding() {
        FrameEncoder encoder = new FrameEncoder(8192);
        Request message = maskRequest(patterned(600));

        assertThat(encoder.encodeRaw(ProtocolVersion.MAJOR, FrameType.REQUEST.code(), message.toByteArray()))
                .isEqualTo(encoder.encode(message));
    }

    @Test
    void aMaximumBelowTheOverheadIsRefused() {
        assertThatThrownBy(() -> new FrameEncoder(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFrameBytes: 5 (expected: >= 6)");
    }

    @Test
    void aVersionOutsideOneByteIsRefused() {
        assertThatThrownBy(() -> new FrameEncoder(4096, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version: 256 (expected: 0..255)");
    }

    static Request maskRequest(byte[] mask) {
        return Request.newBuilder().setSeq(1)
                .setSetUpdateMask(SetUpdateMaskRequest.newBuilder().setMask(ByteString.copyFrom(mask))).build();
    }

    /** A request whose decoded frame (header + payload + CRC) is exactly {@code frameBytes}. */
    static Request maskOfFrameSize(int frameBytes) {
        int maskLength = frameBytes - FrameEncoder.OVERHEAD_BYTES;
        Request request;
        do {
            request = maskRequest(patterned(maskLength--));
        } while (request.getSerializedSize() + FrameEncoder.OVERHEAD_BYTES > frameBytes);
        assertThat(request.getSerializedSize() + FrameEncoder.OVERHEAD_BYTES).isEqualTo(frameBytes);
        return request;
    }

    static byte[] patterned(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }
}
