package org.crossbarhil.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CobsTest {

    /** The canonical examples (Cheshire &amp; Baker; the same table as most COBS references). */
    static Stream<Arguments> standardExamples() {
        return Stream.of(
                Arguments.of("empty", "", "01"),
                Arguments.of("one zero", "00", "01 01"),
                Arguments.of("two zeros", "00 00", "01 01 01"),
                Arguments.of("zero, byte, zero", "00 11 00", "01 02 11 01"),
                Arguments.of("zero inside", "11 22 00 33", "03 11 22 02 33"),
                Arguments.of("no zero", "11 22 33 44", "05 11 22 33 44"),
                Arguments.of("trailing zeros", "11 00 00 00", "02 11 01 01 01"),
                Arguments.of("254 non-zero bytes: one full run, no trailing code",
                        hex(range(0x01, 0xFE)), "ff " + hex(range(0x01, 0xFE))),
                Arguments.of("zero then 254 non-zero bytes",
                        "00 " + hex(range(0x01, 0xFE)), "01 ff " + hex(range(0x01, 0xFE))),
                Arguments.of("255 non-zero bytes: a full run, then a run of one",
                        hex(range(0x01, 0xFF)), "ff " + hex(range(0x01, 0xFE)) + " 02 ff"),
                Arguments.of("254 non-zero bytes, then a zero",
                        hex(range(0x02, 0xFF)) + " 00", "ff " + hex(range(0x02, 0xFF)) + " 01 01"),
                Arguments.of("253 non-zero bytes, zero, one byte",
                        hex(range(0x03, 0xFF)) + " 00 01", "fe " + hex(range(0x03, 0xFF)) + " 02 01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standardExamples")
    void encodesTheStandardExamples(String name, String decoded, String encoded) {
        byte[] block = Hex.parse(decoded);
        byte[] out = new byte[Cobs.maxEncodedLength(block.length)];

        int n = Cobs.encode(block, 0, block.length, out, 0);

        assertThat(Arrays.copyOf(out, n)).isEqualTo(Hex.parse(encoded));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standardExamples")
    void decodesTheStandardExamplesBack(String name, String decoded, String encoded) {
        byte[] block = Hex.parse(encoded);
        byte[] out = new byte[block.length];

        int n = Cobs.decode(block, 0, block.length, out, 0);

        assertThat(Arrays.copyOf(out, n)).isEqualTo(Hex.parse(decoded));
    }

    @Test
    void decodeAcceptsATrailingEmptyRunAfterAFullRun() {
        byte[] block = Hex.parse("ff " + hex(range(0x01, 0xFE)) + " 01");
        byte[] out = new byte[block.length];

        int n = Cobs.decode(block, 0, block.length, out, 0);

        assertThat(Arrays.copyOf(out, n)).isEqualTo(range(0x01, 0xFE));
    }

    @Test
    void decodeRejectsAZeroInsideAShortRun() {
        byte[] block = Hex.parse("04 11 00 33");

        assertThat(Cobs.decode(block, 0, block.length, new byte[4], 0)).isEqualTo(-1);
    }

    @Test
    void decodeRejectsAZeroInsideALongRun() {
        byte[] run = range(0x01, 0x40);
        run[50] = 0;
        byte[] block = Hex.parse("41 " + hex(run));

        assertThat(Cobs.decode(block, 0, block.length, new byte[block.length], 0)).isEqualTo(-1);
    }

    @Test
    void decodeRejectsAZeroCode() {
        byte[] block = Hex.parse("02 11 00 01");

        assertThat(Cobs.decode(block, 0, block.length, new byte[4], 0)).isEqualTo(-1);
    }

    @Test
    void decodeRejectsACodeThatRunsPastTheEnd() {
        byte[] block = Hex.parse("05 11 22 33");

        assertThat(Cobs.decode(block, 0, block.length, new byte[4], 0)).isEqualTo(-1);
    }

    @Test
    void decodesWithinAnOffsetWindowOnly() {
        byte[] buffer = Hex.parse("ee ee 03 11 22 02 33 ee");
        byte[] out = new byte[8];
        Arrays.fill(out, (byte) 0x77);

        int n = Cobs.decode(buffer, 2, 5, out, 1);

        assertThat(n).isEqualTo(4);
        assertThat(out).isEqualTo(Hex.parse("77 11 22 00 33 77 77 77"));
    }

    @Property(tries = 10_000)
    void anyBlockSurvivesARoundTrip(@ForAll("cobsShaped") byte[] block) {
        byte[] encoded = new byte[Cobs.maxEncodedLength(block.length)];
        int n = Cobs.encode(block, 0, block.length, encoded, 0);
        byte[] decoded = new byte[n];

        int m = Cobs.decode(encoded, 0, n, decoded, 0);

        assertThat(Arrays.copyOf(decoded, m)).isEqualTo(block);
        assertThat(Arrays.copyOf(encoded, n)).doesNotContain(0);
        assertThat(n).isEqualTo(exactEncodedLength(block));
    }

    @Property(tries = 5_000)
    void encodingInPlaceGivesTheSameBytes(@ForAll("cobsShaped") byte[] block) {
        int max = Cobs.maxEncodedLength(block.length);
        byte[] separate = new byte[max];
        int n = Cobs.encode(block, 0, block.length, separate, 0);
        byte[] shared = new byte[max];
        int start = max - block.length;
        System.arraycopy(block, 0, shared, start, block.length);

        int m = Cobs.encode(shared, start, block.length, shared, 0);

        assertThat(Arrays.copyOf(shared, m)).isEqualTo(Arrays.copyOf(separate, n));
    }

    @Property(tries = 5_000)
    void decodingInPlaceGivesTheSameBytes(@ForAll("cobsShaped") byte[] block) {
        byte[] encoded = new byte[Cobs.maxEncodedLength(block.length)];
        int n = Cobs.encode(block, 0, block.length, encoded, 0);

        int m = Cobs.decode(encoded, 0, n, encoded, 0);

        assertThat(Arrays.copyOf(encoded, m)).isEqualTo(block);
    }

    @Property(tries = 5_000)
    void decodingArbitraryBytesNeverThrowsAndNeverGrows(@ForAll byte[] garbage) {
        byte[] out = new byte[garbage.length];

        int n = Cobs.decode(garbage, 0, garbage.length, out, 0);

        assertThat(n).isBetween(-1, Math.max(0, garbage.length - 1));
    }

    @Provide
    Arbitrary<byte[]> cobsShaped() {
        return FrameArbitraries.cobsShapedBytes();
    }

    /** Independent of the encoder: one code per run of up to 254 non-zero bytes. */
    private static int exactEncodedLength(byte[] block) {
        int length = 1;
        int run = 0;
        for (int i = 0; i < block.length; i++) {
            if (block[i] == 0) {
                length++;
                run = 0;
            } else {
                length++;
                if (++run == 254 && i + 1 < block.length) {
                    length++;
                    run = 0;
                }
            }
        }
        return length;
    }

    private static byte[] range(int first, int last) {
        byte[] bytes = new byte[last - first + 1];
        IntStream.rangeClosed(first, last).forEach(b -> bytes[b - first] = (byte) b);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return Hex.spaced(bytes, 0, bytes.length);
    }
}
