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
import org.crossbarhil.protocol.v0.Event;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;

/**
 * The one decoder core of the protocol: bytes in any fragmentation go in, whole messages come out
 * through a {@link Listener}. A Netty handler and a serial reader thread both feed it.
 *
 * <p>Steps, one per delimiter-terminated block: split on 0x00 and COBS-decode (together, as the
 * bytes arrive, so nothing is buffered twice), check length and CRC-32C, check the header, parse
 * the protobuf envelope. A bad block is dropped, counted by {@link DropReason}, reported to
 * {@link Listener#onDropped}, and decoding resumes after the next 0x00: the decoder never throws
 * to its caller because of what it was fed.
 *
 * <p>Memory is bounded by the maximum frame size: only decoded bytes are held, and once a block
 * decodes to more than {@code maxFrameBytes} it is reported {@link DropReason#OVERSIZED} at once
 * (so a gateway can cut off a flooding client early) and the rest of it is skipped unbuffered up
 * to the next delimiter.
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
         * the delimiter); for {@link DropReason#OVERSIZED}, those seen when the limit was crossed.
         */
        default void onDropped(DropReason reason, int length) {
        }

        /** Called by the default message methods: this endpoint does not receive that type. */
        default void onUnexpected(FrameType type) {
        }
    }

    private static final int INITIAL_CAPACITY = 4096;

    private final int maxFrameBytes;
    private final Set<FrameType> accepted;
    private final Listener listener;
    private final CRC32C crc = new CRC32C();
    private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
    private long framesDecoded;

    // The block since the last delimiter, decoded as it arrives.
    private byte[] frame;
    private int frameLength;
    /** Encoded bytes of this block so far (for drop reports). */
    private long blockBytes;
    /** Data bytes the last code byte announced that have not arrived yet. */
    private int runRemaining;
    /** The last code was below 0xFF: a zero belongs before the next run, if one comes. */
    private boolean zeroOwed;
    /** Non-null once this block is known bad: its remaining bytes are skipped. */
    private DropReason skipping;
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
        this.accepted = EnumSet.copyOf(accepted);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.frame = new byte[Math.min(maxFrameBytes, INITIAL_CAPACITY)];
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
            if (skipping != null) {
                int zero = Cobs.indexOfZero(data, i, end);
                blockBytes += (zero < 0 ? end : zero) - i;
                if (zero < 0) {
                    break;
                }
                i = zero + 1;
                endOfBlock();
                continue;
            }
            i = decodeUntilDelimiter(data, i, end);
            if (i < end && skipping == null) {
                if (runRemaining != 0) {
                    // The delimiter came before the run its code announced was complete.
                    skipping = DropReason.BAD_COBS;
                }
                i++;
                endOfBlock();
            }
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

    /** Decoded bytes held while waiting for a delimiter (0 right after one, and while skipping). */
    public int bufferedBytes() {
        return frameLength;
    }

    /** Bytes of buffer this decoder holds, whatever its content: at most maxFrameBytes. */
    int bufferCapacity() {
        return frame.length;
    }

    /**
     * COBS-decodes {@code data[i, end)} into the frame up to the first 0x00; returns its index,
     * or {@code end}, or where the frame size was exceeded (then the block is being skipped).
     */
    private int decodeUntilDelimiter(byte[] data, int i, int end) {
        // A decoded block is never longer than its encoding: one reservation covers this chunk.
        long wanted = Math.min(maxFrameBytes, (long) frameLength + (end - i));
        if (wanted > frame.length) {
            frame = Arrays.copyOf(frame, (int) Math.min(maxFrameBytes, Math.max(wanted, 2L * frame.length)));
        }
        // The state lives in locals while bytes stream through, fields again at the end.
        byte[] out = frame;
        int limit = Math.min(out.length, maxFrameBytes);
        int length = frameLength;
        int remaining = runRemaining;
        boolean owed = zeroOwed;
        boolean oversized = false;
        int start = i;
        for (; i < end; i++) {
            byte b = data[i];
            if (b == 0) {
                break;
            }
            if (remaining > 0) {
                if (length == limit) {
                    oversized = true;
                    break;
                }
                out[length++] = b;
                remaining--;
                continue;
            }
            // A code byte: the zero owed by the previous code, then a run of (code - 1) bytes.
            if (owed) {
                if (length == limit) {
                    oversized = true;
                    break;
                }
                out[length++] = 0;
            }
            remaining = (b & 0xFF) - 1;
            owed = b != (byte) 0xFF;
            if (remaining >= Cobs.BULK_RUN && remaining < end - i && remaining <= limit - length
                    && Cobs.indexOfZero(data, i + 1, i + 1 + remaining) < 0) {
                // A long run that is all in this chunk and fits: copy it in one call.
                System.arraycopy(data, i + 1, out, length, remaining);
                length += remaining;
                i += remaining;
                remaining = 0;
            }
        }
        blockBytes += i - start;
        frameLength = length;
        runRemaining = remaining;
        zeroOwed = owed;
        if (oversized) {
            frameLength = 0;
            skipping = DropReason.OVERSIZED;
            drop(DropReason.OVERSIZED, blockBytes);
        }
        return i;
    }

    /** Handles the block that a delimiter just closed, leaving the state ready for the next. */
    private void endOfBlock() {
        DropReason failed = skipping;
        long encodedLength = blockBytes;
        int length = frameLength;
        skipping = null;
        blockBytes = 0;
        frameLength = 0;
        runRemaining = 0;
        zeroOwed = false;
        if (failed == DropReason.OVERSIZED) {
            return; // reported when the limit was crossed
        }
        if (failed != null) {
            drop(failed, encodedLength);
        } else if (encodedLength == 0) {
            drop(DropReason.EMPTY, 0);
        } else if (length < FrameEncoder.OVERHEAD_BYTES) {
            drop(DropReason.TRUNCATED, encodedLength);
        } else {
            decodeFrame(length, encodedLength);
        }
    }

    private void decodeFrame(int length, long encodedLength) {
        int crcOffset = length - 4;
        crc.reset();
        crc.update(frame, 0, crcOffset);
        int expected = (int) crc.getValue();
        int actual = (frame[crcOffset] & 0xFF)
                | (frame[crcOffset + 1] & 0xFF) << 8
                | (frame[crcOffset + 2] & 0xFF) << 16
                | (frame[crcOffset + 3] & 0xFF) << 24;
        if (expected != actual) {
            drop(DropReason.BAD_CRC, encodedLength);
            return;
        }
        int version = frame[0] & 0xFF;
        int typeCode = frame[1] & 0xFF;
        int payloadLength = crcOffset - 2;
        if (version != ProtocolVersion.MAJOR) {
            framesDecoded++;
            byte[] foreignPayload = Arrays.copyOfRange(frame, 2, crcOffset);
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
        // `frame` for the next block is safe.
        ByteBuffer payload = ByteBuffer.wrap(frame, 2, payloadLength);
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
    private <T> T parse(Parser<T> parser, long encodedLength) {
        try {
            return parser.parse();
        } catch (InvalidProtocolBufferException e) {
            drop(DropReason.MALFORMED_PAYLOAD, encodedLength);
            return null;
        }
    }

    private void drop(DropReason reason, long length) {
        dropped.merge(reason, 1L, Long::sum);
        int reported = (int) Math.min(Integer.MAX_VALUE, length);
        notifyListener(() -> listener.onDropped(reason, reported));
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
