package org.crossbarhil.protocol;

/**
 * How many packed values one frame carries, reckoned the same way on both ends of a link: the
 * host splits bulk requests (tile reads, VMM batches) so that each request and its response fit
 * the negotiated frame size, and a board refuses, before executing, a request whose response
 * would not.
 */
public final class FrameBudget {
    /**
     * Room a bulk message needs beyond its packed values: the envelope (seq, idempotency key,
     * status, message), field tags and lengths, the operation's other fields, and the frame's
     * header and CRC ({@link FrameEncoder#OVERHEAD_BYTES}).
     */
    public static final int OVERHEAD_BYTES = 256;

    /** One packed float32 value (volts, amperes, siemens). */
    public static final int BYTES_PER_VALUE = 4;

    /** Payload reckoned with even on a frame barely larger than the overhead, so one value always fits. */
    private static final int MIN_PAYLOAD_BYTES = 64;

    private FrameBudget() {
    }

    /** Bytes of packed values one frame of {@code frameBytes} carries. */
    public static int payloadBytes(int frameBytes) {
        return Math.max(MIN_PAYLOAD_BYTES, frameBytes - OVERHEAD_BYTES);
    }

    /** Vectors of {@code valuesPerVector} values one frame carries (at least one). */
    public static int vectorsPerFrame(int frameBytes, int valuesPerVector) {
        if (valuesPerVector < 1) {
            throw new IllegalArgumentException("values per vector: " + valuesPerVector + " (expected: >= 1)");
        }
        return Math.max(1, payloadBytes(frameBytes) / (BYTES_PER_VALUE * valuesPerVector));
    }
}
