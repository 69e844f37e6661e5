package org.crossbarhil.protocol;

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
 * 255 also stands for one zero after its run, except at the very end of the block. The overhead is
 * at most one byte per 254 bytes plus one.
 */
public final class Cobs {
    private Cobs() {
    }

    /** The largest encoded size of a block of {@code decodedLength} bytes. */
    public static int maxEncodedLength(int decodedLength) {
        return decodedLength + decodedLength / 254 + 1;
    }

    /**
     * Encodes {@code src[srcOff, srcOff + len)} into {@code dst} at {@code dstOff}; returns the
     * number of bytes written (no delimiter). {@code dst} needs {@link #maxEncodedLength} bytes.
     */
    public static int encode(byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
        int codeIndex = dstOff;
        int out = dstOff + 1;
        int code = 1;
        int end = srcOff + len;
        for (int i = srcOff; i < end; i++) {
            byte b = src[i];
            if (b == 0) {
                dst[codeIndex] = (byte) code;
                codeIndex = out++;
                code = 1;
            } else {
                dst[out++] = b;
                if (++code == 0xFF) {
                    dst[codeIndex] = (byte) code;
                    codeIndex = out++;
                    code = 1;
                }
            }
        }
        dst[codeIndex] = (byte) code;
        return out - dstOff;
    }

    /**
     * Decodes {@code src[srcOff, srcOff + len)} (one block, without its delimiter) into
     * {@code dst}; returns the decoded length, or -1 when the block is not valid COBS (a zero
     * byte inside it, or a code that runs past its end). {@code dst} needs {@code len} bytes.
     */
    public static int decode(byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
        int in = srcOff;
        int end = srcOff + len;
        int out = dstOff;
        while (in < end) {
            int code = src[in++] & 0xFF;
            if (code == 0) {
                return -1;
            }
            int runEnd = in + code - 1;
            if (runEnd > end) {
                return -1;
            }
            for (; in < runEnd; in++) {
                byte b = src[in];
                if (b == 0) {
                    return -1;
                }
                dst[out++] = b;
            }
            if (code != 0xFF && in < end) {
                dst[out++] = 0;
            }
        }
        return out - dstOff;
    }
}
