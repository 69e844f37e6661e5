package org.crossbarhil.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.crossbarhil.protocol.v0.Event;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;

/**
 * The one decoder core of the protocol: bytes in any fragmentation go in, whole messages come out
 * through a {@link Listener}. A Netty handler and a serial reader thread both feed it.
 *
 * <p>Steps, one per delimiter-terminated block: split on 0x00, COBS-decode, check length and
 * CRC-32C, check the header, parse the protobuf envelope. A bad block is dropped, counted by
 * {@link DropReason}, reported to {@link Listener#onDropped}, and decoding resumes after the next
 * 0x00: the decoder never throws to its caller. Bytes past the maximum frame size are discarded
 * as they arrive (memory stays bounded) until the next delimiter.
 *
 * <p>Not thread-safe: one instance per connection, fed by one thread at a time.
 */
public final class FrameDecoder {

    /** Receives decoded messages. Methods run on the thread that calls {@code feed}. */
    public interface Listener {
        default void onRequest(Request request) {
            onUnexpected(FrameType.REQUEST);
        }

        default void onResponse(Response response) {
            onUnexpected(FrameType.RESPONSE);
        }

        default void onEvent(Event event) {
            onUnexpected(FrameType.EVENT);
        }

        /**
         * A CRC-valid frame stamped with another protocol major version. Its payload is handed
         * over unparsed so that a board can answer a foreign Hello with a clear refusal.
         */
        default void onForeignVersion(int version, int typeCode, byte[] payload) {
        }

        /** A block was discarded. {@code length} is the number of bytes dropped. */
        default void onDropped(DropReason reason, int length) {
        }

        /** Called by the default message methods: this endpoint does not receive that type. */
        default void onUnexpected(FrameType type) {
        }
    }

    private final int maxFrameBytes;
    private final int maxEncodedBytes;
    private final Listener listener;
    private final CRC32C crc = new CRC32C();
    private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);

    private byte[] pending;
    private int pendingLength;
    private boolean discarding;
    private long discardedLength;
    private byte[] decoded;
    private long framesDecoded;

    public FrameDecoder(int maxFrameBytes, Listener listener) {
        if (maxFrameBytes < FrameEncoder.OVERHEAD_BYTES) {
            throw new IllegalArgumentException(
                    "maxFrameBytes: " + maxFrameBytes + " (expected: >= " + FrameEncoder.OVERHEAD_BYTES + ")");
        }
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        this.maxFrameBytes = maxFrameBytes;
        this.maxEncodedBytes = Cobs.maxEncodedLength(maxFrameBytes);
        this.listener = listener;
        this.pending = new byte[Math.min(maxEncodedBytes, 4096)];
        this.decoded = new byte[pending.length];
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    public void feed(byte[] data, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int zero = indexOfZero(data, i, end);
            int chunkEnd = zero < 0 ? end : zero;
            append(data, i, chunkEnd - i);
            if (zero < 0) {
                return;
            }
            endOfBlock();
            i = zero + 1;
        }
    }

    public void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int n = buffer.remaining();
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
            buffer.position(buffer.position() + n);
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            feed(copy);
        }
    }

    /** Frames decoded and delivered since creation. */
    public long framesDecoded() {
        return framesDecoded;
    }

    /** Blocks dropped for this reason since creation. */
    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    /** Blocks dropped for any reason except {@link DropReason#EMPTY}. */
    public long droppedTotal() {
        long total = 0;
        for (Map.Entry<DropReason, Long> e : dropped.entrySet()) {
            if (e.getKey() != DropReason.EMPTY) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** Bytes held while waiting for a delimiter (0 right after a delimiter). */
    public int bufferedBytes() {
        return pendingLength;
    }

    private static int indexOfZero(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] data, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (discarding) {
            discardedLength += length;
            return;
        }
        int needed = pendingLength + length;
        if (needed > maxEncodedBytes) {
            discarding = true;
            discardedLength = needed;
            pendingLength = 0;
            return;
        }
        if (needed > pending.length) {
            int size = Math.min(maxEncodedBytes, Math.max(needed, pending.length * 2));
            pending = java.util.Arrays.copyOf(pending, size);
        }
        System.arraycopy(data, offset, pending, pendingLength, length);
        pendingLength = needed;
    }

    private void endOfBlock() {
        if (discarding) {
            discarding = false;
            drop(DropReason.OVERSIZED, (int) Math.min(Integer.MAX_VALUE, discardedLength));
            discardedLength = 0;
            return;
        }
        int length = pendingLength;
        pendingLength = 0;
        if (length == 0) {
            drop(DropReason.EMPTY, 0);
            return;
        }
        if (decoded.length < length) {
            decoded = new byte[Math.max(length, decoded.length * 2)];
        }
        int n = Cobs.decode(pending, 0, length, decoded, 0);
        if (n < 0) {
            drop(DropReason.BAD_COBS, length);
            return;
        }
        if (n > maxFrameBytes) {
            drop(DropReason.OVERSIZED, length);
            return;
        }
        if (n < FrameEncoder.OVERHEAD_BYTES) {
            drop(DropReason.TRUNCATED, length);
            return;
        }
        int crcOffset = n - 4;
        crc.reset();
        crc.update(decoded, 0, crcOffset);
        int expected = (int) crc.getValue();
        int actual = (decoded[crcOffset] & 0xFF)
                | (decoded[crcOffset + 1] & 0xFF) << 8
                | (decoded[crcOffset + 2] & 0xFF) << 16
                | (decoded[crcOffset + 3] & 0xFF) << 24;
        if (expected != actual) {
            drop(DropReason.BAD_CRC, length);
            return;
        }
        int version = decoded[0] & 0xFF;
        int typeCode = decoded[1] & 0xFF;
        int payloadLength = crcOffset - 2;
        if (version != ProtocolVersion.MAJOR) {
            byte[] payload = java.util.Arrays.copyOfRange(decoded, 2, crcOffset);
            framesDecoded++;
            listener.onForeignVersion(version, typeCode, payload);
            return;
        }
        FrameType type = FrameType.fromCode(typeCode);
        if (type == null) {
            drop(DropReason.UNKNOWN_TYPE, length);
            return;
        }
        try {
            switch (type) {
                case REQUEST: {
                    Request request = Request.parseFrom(ByteBuffer.wrap(decoded, 2, payloadLength));
                    framesDecoded++;
                    listener.onRequest(request);
                    break;
                }
                case RESPONSE: {
                    Response response = Response.parseFrom(ByteBuffer.wrap(decoded, 2, payloadLength));
                    framesDecoded++;
                    listener.onResponse(response);
                    break;
                }
                default: {
                    Event event = Event.parseFrom(ByteBuffer.wrap(decoded, 2, payloadLength));
                    framesDecoded++;
                    listener.onEvent(event);
                    break;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            drop(DropReason.MALFORMED_PAYLOAD, length);
        }
    }

    private void drop(DropReason reason, int length) {
        dropped.merge(reason, 1L, Long::sum);
        listener.onDropped(reason, length);
    }
}
