package org.crossbarhil.protocol;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;

/**
 * Turns one message into one frame on the wire.
 *
 * <pre>
 * decoded block (before COBS), at most maxFrameBytes:
 * +---------+------+--------------------+----------------------+
 * | version | type | protobuf payload   | CRC-32C              |
 * | 1 byte  | 1 B  | N bytes            | 4 bytes little-endian|
 * +---------+------+--------------------+----------------------+
 *   CRC-32C (Castagnoli) covers version, type and payload.
 * on the wire:  COBS(decoded block) 0x00
 * </pre>
 *
 * The block is serialised at the tail of the output array and COBS-encoded in place towards its
 * head, so a frame costs one pass of protobuf serialisation, one CRC and one COBS pass, with no
 * intermediate copy.
 *
 * <p>Stateless apart from its limit, so one instance may be shared between threads.
 */
public final class FrameEncoder {
    /** Header (version, type) plus CRC: the smallest possible decoded frame. */
    public static final int OVERHEAD_BYTES = 2 + 4;

    private static final int HEADER_BYTES = 2;

    private final int maxFrameBytes;
    private final int version;

    public FrameEncoder(int maxFrameBytes) {
        this(maxFrameBytes, ProtocolVersion.MAJOR);
    }

    /** An encoder that stamps another major version: only for tests of version refusal. */
    public FrameEncoder(int maxFrameBytes, int version) {
        if (maxFrameBytes < OVERHEAD_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes: " + maxFrameBytes + " (expected: >= " + OVERHEAD_BYTES + ")");
        }
        if (version < 0 || version > 255) {
            throw new IllegalArgumentException("version: " + version + " (expected: 0..255)");
        }
        this.maxFrameBytes = maxFrameBytes;
        this.version = version;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * The most bytes a frame with a protobuf payload of {@code payloadLength} bytes takes on the
     * wire, delimiter included: the room {@link #encode(FrameType, MessageLite, byte[], int)} needs.
     */
    public static int maxWireLength(int payloadLength) {
        return Cobs.maxEncodedLength(payloadLength + OVERHEAD_BYTES) + 1;
    }

    public byte[] encode(Request request) {
        return encode(FrameType.REQUEST, request);
    }

    public byte[] encode(Response response) {
        return encode(FrameType.RESPONSE, response);
    }

    public byte[] encode(Event event) {
        return encode(FrameType.EVENT, event);
    }

    /**
     * Encodes a message as one frame, trailing 0x00 delimiter included.
     *
     * @throws FrameTooLargeException when the decoded frame would exceed the maximum frame size
     */
    public byte[] encode(FrameType type, MessageLite message) {
        int payloadLength = checkedPayloadLength(message);
        byte[] wire = new byte[maxWireLength(payloadLength)];
        int n = encodeChecked(version, type.code(), message, payloadLength, wire, 0);
        return n == wire.length ? wire : Arrays.copyOf(wire, n);
    }

    /**
     * Encodes a message as one frame into {@code dst} at {@code offset}, for callers that own a
     * buffer (a Netty {@code ByteBuf}'s array). {@code dst} needs {@link #maxWireLength} bytes of
     * room for the message's serialised size; all of them may be written to.
     *
     * @return the number of bytes of the frame, trailing 0x00 delimiter included
     * @throws FrameTooLargeException when the decoded frame would exceed the maximum frame size
     */
    public int encode(FrameType type, MessageLite message, byte[] dst, int offset) {
        int payloadLength = checkedPayloadLength(message);
        Objects.checkFromIndexSize(offset, maxWireLength(payloadLength), dst.length);
        return encodeChecked(version, type.code(), message, payloadLength, dst, offset);
    }

    /**
     * Encodes raw header and payload bytes (already protobuf-serialised). Used by tests and by
     * tools that forward payloads unchanged.
     */
    public byte[] encodeRaw(int frameVersion, int typeCode, byte[] payload) {
        int frameLength = payload.length + OVERHEAD_BYTES;
        if (frameLength > maxFrameBytes) {
            throw new FrameTooLargeException(frameLength, maxFrameBytes);
        }
        byte[] wire = new byte[maxWireLength(payload.length)];
        int start = wire.length - 1 - frameLength;
        System.arraycopy(payload, 0, wire, start + HEADER_BYTES, payload.length);
        int n = finish(frameVersion, typeCode, frameLength, wire, 0, start);
        return n == wire.length ? wire : Arrays.copyOf(wire, n);
    }

    private int checkedPayloadLength(MessageLite message) {
        int payloadLength = message.getSerializedSize();
        int frameLength = payloadLength + OVERHEAD_BYTES;
        if (frameLength > maxFrameBytes) {
            throw new FrameTooLargeException(frameLength, maxFrameBytes);
        }
        return payloadLength;
    }

    private static int encodeChecked(int frameVersion, int typeCode, MessageLite message, int payloadLength,
            byte[] dst, int offset) {
        int frameLength = payloadLength + OVERHEAD_BYTES;
        // The head start COBS needs to encode in place: its worst-case overhead.
        int start = offset + Cobs.maxEncodedLength(frameLength) - frameLength;
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(dst, start + HEADER_BYTES, payloadLength);
            message.writeTo(out);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("protobuf serialisation into a sized array failed", e);
        }
        return finish(frameVersion, typeCode, frameLength, dst, offset, start);
    }

    /**
     * Writes the header before and the CRC after the payload at {@code dst[start + 2...]}, then
     * COBS-encodes the block in place to {@code offset} and appends the delimiter.
     */
    private static int finish(int frameVersion, int typeCode, int frameLength, byte[] dst, int offset, int start) {
        dst[start] = (byte) frameVersion;
        dst[start + 1] = (byte) typeCode;
        int crcOffset = start + frameLength - 4;
        CRC32C crc = new CRC32C();
        crc.update(dst, start, frameLength - 4);
        int value = (int) crc.getValue();
        dst[crcOffset] = (byte) value;
        dst[crcOffset + 1] = (byte) (value >>> 8);
        dst[crcOffset + 2] = (byte) (value >>> 16);
        dst[crcOffset + 3] = (byte) (value >>> 24);
        int n = Cobs.encode(dst, start, frameLength, dst, offset);
        dst[offset + n] = 0;
        return n + 1;
    }
}
