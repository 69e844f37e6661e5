package org.crossbarhil.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32C;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;

/**
 * The one decoder core of the protocol: bytes in any fragmentation go in, whole messages come out
 * through a {@link Listener}. A Netty handler and a serial reader thread both feed it.
 *
 * <p>Steps, one per delimiter-terminated block: split on 0x00, COBS-decode (in place), check
 * length and CRC-32C, check the header, parse the protobuf envelope. A bad block is dropped,
 * counted by {@link DropReason}, reported to {@link Listener#onDropped}, and decoding resumes
 * after the next 0x00: the decoder never throws to its caller because of what it was fed.
 *
 * <p>Memory is bounded by the maximum frame size: the decoder holds one buffer of at most the
 * largest encoding of a maximum-size frame. Once more encoded bytes than that arrive without a
 * delimiter, the block is reported {@link DropReason#OVERSIZED} at once (so a gateway can cut off
 * a flooding client early) and the rest of it is skipped, unbuffered, up to the next delimiter. A
 * block short enough to buffer that still decodes to more than the maximum is reported
 * {@code OVERSIZED} at its delimiter.
 *
 * <p>A listener that throws does not derail decoding: the rest of the bytes given to that
 * {@code feed} call are still decoded, then the first exception is rethrown (later ones are
 * attached as suppressed).
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

        /**
         * A block was discarded. {@code length} is the number of encoded bytes dropped (without
         * the delimiter); for an {@link DropReason#OVERSIZED} block reported before its delimiter,
         * those seen so far.
         */
        default void onDropped(DropReason reason, int length) {
        }

        /** Called by the default message methods: this endpoint does not receive that type. */
        default void onUnexpected(FrameType type) {
        }
    }

    private static final int INITIAL_CAPACITY = 4096;

    private final int maxFrameBytes;
    /** The longest encoding of a frame of maxFrameBytes: longer blocks cannot be valid. */
    private final int maxEncodedBytes;
    private final Set<FrameType> accepted;
    private final Listener listener;
    private final CRC32C crc = new CRC32C();
    private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
    private long framesDecoded;

    /** Encoded bytes since the last delimiter; COBS-decoded in place when the delimiter comes. */
    private byte[] block;
    private int blockLength;
    /** The current block outgrew maxEncodedBytes: it was reported and is skipped to its end. */
    private boolean skipping;
    /** The first exception a listener threw during the current {@code feed} call. */
    private RuntimeException listenerFailure;

    /** A decoder that accepts every frame type (tools, tests, a gateway's relay). */
    public FrameDecoder(int maxFrameBytes, Listener listener) {
        this(maxFrameBytes, EnumSet.allOf(FrameType.class), listener);
    }

    /**
     * A decoder that drops frames of other types as {@link DropReason#WRONG_DIRECTION} before
     * parsing them, e.g. a host accepting only responses and events.
     */
    public FrameDecoder(int maxFrameBytes, Set<FrameType> accepted, Listener listener) {
        if (maxFrameBytes < FrameEncoder.OVERHEAD_BYTES) {
            throw new IllegalArgumentException(
                    "maxFrameBytes: " + maxFrameBytes + " (expected: >= " + FrameEncoder.OVERHEAD_BYTES + ")");
        }
        if (Objects.requireNonNull(accepted, "accepted").isEmpty()) {
            throw new IllegalArgumentException("accepted: no frame type (expected: at least one)");
        }
        this.maxFrameBytes = maxFrameBytes;
        // In long arithmetic: a limit near Integer.MAX_VALUE must not wrap around.
        this.maxEncodedBytes = (int) Math.min(Integer.MAX_VALUE - 8, maxFrameBytes + (long) maxFrameBytes / 254 + 1);
        this.accepted = EnumSet.copyOf(accepted);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.block = new byte[Math.min(maxEncodedBytes, INITIAL_CAPACITY)];
    }

    /** A host's decoder: responses and events. */
    public static FrameDecoder forHost(int maxFrameBytes, Listener listener) {
        return new FrameDecoder(maxFrameBytes, EnumSet.of(FrameType.RESPONSE, FrameType.EVENT), listener);
    }

    /** A board's decoder: requests only. */
    public static FrameDecoder forBoard(int maxFrameBytes, Listener listener) {
        return new FrameDecoder(maxFrameBytes, EnumSet.of(FrameType.REQUEST), listener);
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    public void feed(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int zero = Cobs.indexOfZero(data, i, end);
            int chunkEnd = zero < 0 ? end : zero;
            append(data, i, chunkEnd - i);
            if (zero < 0) {
                break;
            }
            endOfBlock();
            i = zero + 1;
        }
        if (listenerFailure != null) {
            RuntimeException failure = listenerFailure;
            listenerFailure = null;
            throw failure;
        }
    }

    public void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int n = buffer.remaining();
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
            buffer.position(buffer.position() + n);
        } else {
            byte[] chunk = new byte[Math.min(buffer.remaining(), 64 * 1024)];
            while (buffer.hasRemaining()) {
                int n = Math.min(chunk.length, buffer.remaining());
                buffer.get(chunk, 0, n);
                feed(chunk, 0, n);
            }
        }
    }

    /** Frames decoded and delivered since creation (foreign-version frames included). */
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

    /** Encoded bytes held while waiting for a delimiter (0 right after one, and while skipping). */
    public int bufferedBytes() {
        return blockLength;
    }

    /** Bytes of buffer this decoder holds: at most the longest encoding of a maximum-size frame. */
    int bufferCapacity() {
        return block.length;
    }

    private void append(byte[] data, int offset, int length) {
        if (skipping || length == 0) {
            return;
        }
        long needed = (long) blockLength + length;
        if (needed > maxEncodedBytes) {
            skipping = true;
            blockLength = 0;
            drop(DropReason.OVERSIZED, (int) Math.min(Integer.MAX_VALUE, needed));
            return;
        }
        if (needed > block.length) {
            block = Arrays.copyOf(block, (int) Math.min(maxEncodedBytes, Math.max(needed, 2L * block.length)));
        }
        System.arraycopy(data, offset, block, blockLength, length);
        blockLength = (int) needed;
    }

    /** Handles the block that a delimiter just closed, leaving the state ready for the next. */
    private void endOfBlock() {
        int encodedLength = blockLength;
        blockLength = 0;
        if (skipping) {
            skipping = false; // reported when it outgrew the buffer
            return;
        }
        if (encodedLength == 0) {
            drop(DropReason.EMPTY, 0);
            return;
        }
        int length = Cobs.decode(block, 0, encodedLength, block, 0);
        if (length < 0) {
            drop(DropReason.BAD_COBS, encodedLength);
        } else if (length > maxFrameBytes) {
            drop(DropReason.OVERSIZED, encodedLength);
        } else if (length < FrameEncoder.OVERHEAD_BYTES) {
            drop(DropReason.TRUNCATED, encodedLength);
        } else {
            decodeFrame(length, encodedLength);
        }
    }

    private void decodeFrame(int length, int encodedLength) {
        int crcOffset = length - 4;
        crc.reset();
        crc.update(block, 0, crcOffset);
        int expected = (int) crc.getValue();
        int actual = (block[crcOffset] & 0xFF)
                | (block[crcOffset + 1] & 0xFF) << 8
                | (block[crcOffset + 2] & 0xFF) << 16
                | (block[crcOffset + 3] & 0xFF) << 24;
        if (expected != actual) {
            drop(DropReason.BAD_CRC, encodedLength);
            return;
        }
        int version = block[0] & 0xFF;
        int typeCode = block[1] & 0xFF;
        int payloadLength = crcOffset - 2;
        if (version != ProtocolVersion.MAJOR) {
            framesDecoded++;
            byte[] foreignPayload = Arrays.copyOfRange(block, 2, crcOffset);
            notifyListener(() -> listener.onForeignVersion(version, typeCode, foreignPayload));
            return;
        }
        FrameType type = FrameType.fromCode(typeCode);
        if (type == null) {
            drop(DropReason.UNKNOWN_TYPE, encodedLength);
            return;
        }
        if (!accepted.contains(type)) {
            drop(DropReason.WRONG_DIRECTION, encodedLength);
            return;
        }
        // The parsers copy what they keep (the array is not marked immutable), so reusing
        // `block` for the next block is safe.
        ByteBuffer payload = ByteBuffer.wrap(block, 2, payloadLength);
        switch (type) {
            case REQUEST: {
                Request request = parse(() -> Request.parseFrom(payload), encodedLength);
                if (request != null) {
                    framesDecoded++;
                    notifyListener(() -> listener.onRequest(request));
                }
                break;
            }
            case RESPONSE: {
                Response response = parse(() -> Response.parseFrom(payload), encodedLength);
                if (response != null) {
                    framesDecoded++;
                    notifyListener(() -> listener.onResponse(response));
                }
                break;
            }
            default: {
                Event event = parse(() -> Event.parseFrom(payload), encodedLength);
                if (event != null) {
                    framesDecoded++;
                    notifyListener(() -> listener.onEvent(event));
                }
                break;
            }
        }
    }

    private interface Parser<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    /** Parses, or counts the frame as malformed and returns null. */
    private <T> T parse(Parser<T> parser, int encodedLength) {
        try {
            return parser.parse();
        } catch (InvalidProtocolBufferException e) {
            drop(DropReason.MALFORMED_PAYLOAD, encodedLength);
            return null;
        }
    }

    private void drop(DropReason reason, int length) {
        dropped.merge(reason, 1L, Long::sum);
        notifyListener(() -> listener.onDropped(reason, length));
    }

    /** Calls the listener; an exception is kept for the end of {@code feed}, decoding goes on. */
    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            if (listenerFailure == null) {
                listenerFailure = e;
            } else if (listenerFailure != e) {
                listenerFailure.addSuppressed(e);
            }
        }
    }
}
