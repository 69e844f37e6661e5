package org.crossbarhil.protocol;

import com.google.protobuf.MessageLite;
import java.util.zip.CRC32C;
import org.crossbarhil.protocol.v0.Event;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;

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
 * Stateless apart from its limit, so one instance may be shared between threads.
 */
public final class FrameEncoder {
    /** Header (version, type) plus CRC: the smallest possible decoded frame. */
    public static final int OVERHEAD_BYTES = 2 + 4;

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
        int payloadLength = message.getSerializedSize();
        int decodedLength = payloadLength + OVERHEAD_BYTES;
        if (decodedLength > maxFrameBytes) {
            throw new FrameTooLargeException(decodedLength, maxFrameBytes);
        }
        byte[] block = new byte[decodedLength];
        block[0] = (byte) version;
        block[1] = (byte) type.code();
        try {
            com.google.protobuf.CodedOutputStream out =
                    com.google.protobuf.CodedOutputStream.newInstance(block, 2, payloadLength);
            message.writeTo(out);
            out.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("protobuf serialisation into a sized array failed", e);
        }
        return encodeBlock(block, decodedLength - 4);
    }

    /**
     * Encodes raw header and payload bytes (already protobuf-serialised). Used by tests and by
     * tools that forward payloads unchanged.
     */
    public byte[] encodeRaw(int frameVersion, int typeCode, byte[] payload) {
        int decodedLength = payload.length + OVERHEAD_BYTES;
        if (decodedLength > maxFrameBytes) {
            throw new FrameTooLargeException(decodedLength, maxFrameBytes);
        }
        byte[] block = new byte[decodedLength];
        block[0] = (byte) frameVersion;
        block[1] = (byte) typeCode;
        System.arraycopy(payload, 0, block, 2, payload.length);
        return encodeBlock(block, decodedLength - 4);
    }

    /** Appends the CRC of block[0, crcOffset) at crcOffset, then COBS-encodes and delimits. */
    private static byte[] encodeBlock(byte[] block, int crcOffset) {
        CRC32C crc = new CRC32C();
        crc.update(block, 0, crcOffset);
        int value = (int) crc.getValue();
        block[crcOffset] = (byte) value;
        block[crcOffset + 1] = (byte) (value >>> 8);
        block[crcOffset + 2] = (byte) (value >>> 16);
        block[crcOffset + 3] = (byte) (value >>> 24);
        byte[] wire = new byte[Cobs.maxEncodedLength(block.length) + 1];
        int n = Cobs.encode(block, 0, block.length, wire, 0);
        wire[n] = 0;
        return n + 1 == wire.length ? wire : java.util.Arrays.copyOf(wire, n + 1);
    }
}
