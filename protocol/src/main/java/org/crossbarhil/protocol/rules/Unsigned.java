package org.crossbarhil.protocol.rules;

/**
 * Reading protobuf's unsigned fields into Java's signed types. protobuf-java hands a
 * {@code uint32} over as an {@code int} and a {@code uint64} or {@code fixed64} as a
 * {@code long}, so 3,000,000,000 arrives as -1,294,967,296: compare such fields with
 * {@link Integer#compareUnsigned} or widen them with {@link Integer#toUnsignedLong}, print them
 * with {@link Integer#toUnsignedString}, and where the value must fit an {@code int}, use one of
 * these two, which say what happens above {@link Integer#MAX_VALUE}.
 */
public final class Unsigned {
    private Unsigned() {
    }

    /**
     * A {@code uint32} bound the peer announced on what this side may send or keep (a frame
     * size, a memory capacity), as an {@code int}: above {@link Integer#MAX_VALUE} it is
     * {@link Integer#MAX_VALUE}, which this side can never exceed anyway (no Java array is
     * larger), so the bound holds exactly as announced.
     */
    public static int saturatedInt(int uint32) {
        return uint32 < 0 ? Integer.MAX_VALUE : uint32;
    }

    /**
     * A {@code uint32} this side keeps as an {@code int} (a geometry, a count in an answer).
     *
     * @throws IllegalArgumentException naming {@code field} and its unsigned value when it is
     *     above {@link Integer#MAX_VALUE}, rather than reading it as a negative number
     */
    public static int intExact(String field, int uint32) {
        if (uint32 < 0) {
            throw new IllegalArgumentException(field + " " + Integer.toUnsignedString(uint32) + " (expected: at most "
                    + Integer.MAX_VALUE + ")");
        }
        return uint32;
    }
}
