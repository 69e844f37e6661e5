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

    /**
     * Room one settle phase takes in a request or response besides its packed values: the
     * phase's own message, tags, lengths, its β, sweep counts and iterations run.
     */
    public static final int SETTLE_BYTES_PER_PHASE = 32;

    /**
     * Bytes of a settle request of {@code batch} samples, frame overhead included: the inputs,
     * the targets when a phase nudges, and the phases (docs/protocol.md section 3.5).
     */
    public static long settleRequestBytes(long batch, int phases, int inputsPerSample, int targetsPerSample) {
        return OVERHEAD_BYTES + (long) SETTLE_BYTES_PER_PHASE * phases + BYTES_PER_VALUE * batch * (inputsPerSample + targetsPerSample);
    }

    /**
     * Bytes of the answer to a settle of {@code batch} samples, frame overhead included: every
     * phase's states of every layer ({@code unitsPerSample}, all layers' units together), and
     * {@code changeValues} per-sweep changes when they are asked for (at most the sweeps asked for).
     */
    public static long settleResponseBytes(long batch, int phases, int unitsPerSample, long changeValues) {
        return OVERHEAD_BYTES + (long) SETTLE_BYTES_PER_PHASE * phases
                + BYTES_PER_VALUE * (batch * phases * (long) unitsPerSample + changeValues);
    }

    /**
     * The largest settle batch whose request and answer both fit frames of {@code frameBytes}
     * (0 when not even one sample does): what a board names when it refuses a larger one, and
     * what a host splits its batches by.
     */
    public static int maxSettleBatch(int frameBytes, int phases, int inputsPerSample, int targetsPerSample, int unitsPerSample,
            long changeValues) {
        long fixedRequest = settleRequestBytes(0, phases, inputsPerSample, targetsPerSample);
        long fixedResponse = settleResponseBytes(0, phases, unitsPerSample, changeValues);
        long byRequest = (frameBytes - fixedRequest) / Math.max(1, (long) BYTES_PER_VALUE * (inputsPerSample + targetsPerSample));
        long byResponse = (frameBytes - fixedResponse) / Math.max(1, (long) BYTES_PER_VALUE * phases * unitsPerSample);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.min(byRequest, byResponse)));
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
