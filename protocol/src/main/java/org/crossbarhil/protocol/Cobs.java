package org.crossbarhil.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Consistent Overhead Byte Stuffing (Cheshire &amp; Baker, 1999): removes every 0x00 from a
 * block so that 0x00 can delimit frames on a byte stream.
 *
 * <pre>
 * decoded:  11 22 00 33            encoded: 03 11 22 02 33
 *           ^^^^^ ^^ ^^                      ^^ ^^^^^ ^^ ^^
 *           run   zero run                   code run code run
 * </pre>
 *
 * Each code byte {@code c} (1..255) is followed by {@code c - 1} non-zero bytes; a code below
 * 255 also stands for one zero after its run, except at the very end of the block. A code of 255
 * (a full run of 254 bytes) stands for no zero.
 *
 * <p>{@link #encode} writes the canonical form, the one most C implementations produce: a block
 * that ends with a full 254-byte run ends with that run (no trailing {@code 01} code). {@link
 * #decode} also accepts the trailing {@code 01}, which decodes to nothing. The overhead is at most
 * one byte per 254 bytes, and one byte for a block shorter than 254.
 */
public final class Cobs {
    /** The longest run of non-zero bytes one code byte can announce. */
    private static final int MAX_RUN = 254;

    /** Runs at least this long are scanned and copied in bulk rather than byte by byte. */
    static final int BULK_RUN = 16;

    private static final VarHandle LITTLE_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Cobs() {
    }

    /** An upper bound of the encoded size of a block of {@code decodedLength} bytes. */
    public static int maxEncodedLength(int decodedLength) {
        return decodedLength + decodedLength / MAX_RUN + 1;
    }

    /**
     * Encodes {@code src[srcOff, srcOff + len)} into {@code dst} at {@code dstOff}; returns the
     * number of bytes written (no delimiter). {@code dst} needs {@link #maxEncodedLength} bytes.
     *
     * <p>{@code src} and {@code dst} may be the same array when the block starts at least
     * {@code maxEncodedLength(len) - len} bytes after {@code dstOff}: the write position then
     * stays behind the read position, so a frame can be encoded in place.
     */
    public static int encode(byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
        int end = srcOff + len;
        int in = srcOff;
        int out = dstOff;
        while (true) {
            // One run per pass: up to 254 non-zero bytes, ended by a zero, the run limit or the end.
            int runLimit = Math.min(end, in + MAX_RUN);
            int codeIndex = out++;
            int i = in;
            if (runLimit - i >= BULK_RUN && !hasZeroByte((long) LITTLE_ENDIAN_LONGS.get(src, i))) {
                // A long run (opaque or dense data): scan eight bytes at a time, copy in one call.
                int zero = indexOfZero(src, i + Long.BYTES, runLimit);
                int runEnd = zero < 0 ? runLimit : zero;
                System.arraycopy(src, i, dst, out, runEnd - i);
                out += runEnd - i;
                i = runEnd;
            } else {
                // Short runs (float data is full of zero bytes): byte by byte beats any set-up.
                while (i < runLimit && src[i] != 0) {
                    dst[out++] = src[i++];
                }
            }
            int run = i - in;
            dst[codeIndex] = (byte) (run + 1);
            if (i == end) {
                return out - dstOff;
            }
            // A full run's code (0xFF) implies no zero: the byte at i starts the next run.
            in = run == MAX_RUN ? i : i + 1;
        }
    }

    /**
     * Decodes {@code src[srcOff, srcOff + len)} (one block, without its delimiter) into
     * {@code dst}; returns the decoded length, or -1 when the block is not valid COBS (a zero
     * byte inside it, or a code that runs past its end). {@code dst} needs {@code len} bytes; it may
     * be {@code src} itself with {@code dstOff <= srcOff}, since the output never overtakes the
     * input.
     */
    public static int decode(byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
        int in = srcOff;
        int end = srcOff + len;
        int out = dstOff;
        while (in < end) {
            int code = src[in++] & 0xFF;
            int run = code - 1;
            if (code == 0 || run > end - in) {
                return -1;
            }
            int runEnd = in + run;
            if (run >= BULK_RUN) {
                if (indexOfZero(src, in, runEnd) >= 0) {
                    return -1;
                }
                System.arraycopy(src, in, dst, out, run);
                out += run;
                in = runEnd;
            } else {
                for (; in < runEnd; in++) {
                    byte b = src[in];
                    if (b == 0) {
                        return -1;
                    }
                    dst[out++] = b;
                }
            }
            if (code != 0xFF && in < end) {
                dst[out++] = 0;
            }
        }
        return out - dstOff;
    }

    /** Whether any of the eight bytes of {@code x} is 0x00. */
    static boolean hasZeroByte(long x) {
        return zeroByteFlags(x) != 0;
    }

    /**
     * The lowest flagged byte of {@code (x - 0x01..01) & ~x & 0x80..80} is exactly the first
     * zero byte of {@code x} (flags above it may be false, so only the lowest is looked at).
     */
    private static long zeroByteFlags(long x) {
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    /** The index of the first 0x00 in {@code data[from, to)}, or -1. Eight bytes at a time. */
    static int indexOfZero(byte[] data, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long zeros = zeroByteFlags((long) LITTLE_ENDIAN_LONGS.get(data, i));
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
