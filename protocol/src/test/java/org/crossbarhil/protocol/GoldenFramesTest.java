package org.crossbarhil.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.crossbarhil.protocol.GoldenFrames.Golden;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden vectors: fixed bytes that this code, the spec (docs/protocol.md) and every board's
 * firmware must agree on. With {@code -Dgolden.regenerate=true} the files are rewritten from
 * {@link GoldenFrames} instead (only while the protocol is 0.x).
 */
class GoldenFramesTest {
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");
    private static final boolean REGENERATE = Boolean.getBoolean("golden.regenerate");

    @BeforeAll
    static void regenerateWhenAsked() throws IOException {
        if (REGENERATE) {
            assertThat(SOURCE_DIR).as("run from the protocol module directory").isDirectory();
            for (Golden golden : goldens()) {
                Files.writeString(SOURCE_DIR.resolve(golden.name() + ".hex"), Hex.format(golden.wire()));
                Files.writeString(SOURCE_DIR.resolve(golden.name() + ".txt"), GoldenFrames.describe(golden));
            }
        }
    }

    static List<Golden> goldens() {
        return GoldenFrames.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void encodesToExactlyTheRecordedBytes(Golden golden) throws IOException {
        byte[] recorded = Hex.parse(resource(golden.name() + ".hex"));

        assertThat(Hex.format(golden.wire())).isEqualTo(Hex.format(recorded));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void decodesTheRecordedBytesToTheDescribedMessage(Golden golden) throws IOException {
        byte[] recorded = Hex.parse(resource(golden.name() + ".hex"));
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, listener);

        decoder.feed(recorded);

        assertThat(listener.drops).isEmpty();
        if (golden.version() == ProtocolVersion.MAJOR) {
            assertThat(listener.delivered).containsExactly(golden.message());
        } else {
            assertThat(listener.delivered).containsExactly(new RecordingListener.Foreign(
                    golden.version(), golden.type().code(), golden.message().toByteString()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void descriptionMatchesTheFrame(Golden golden) throws IOException {
        assertThat(resource(golden.name() + ".txt")).isEqualTo(GoldenFrames.describe(golden));
    }

    @Test
    void aForeignHelloStillShowsItsFrozenFields() throws IOException {
        byte[] recorded = Hex.parse(resource("hello_request_major2.hex"));
        RecordingListener listener = new RecordingListener();

        new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, listener).feed(recorded);

        RecordingListener.Foreign foreign = (RecordingListener.Foreign) listener.delivered.get(0);
        Request hello = Request.parseFrom(foreign.payload());
        assertThat(hello.getSeq()).isEqualTo(1);
        assertThat(hello.getHello().getProtocolMajor()).isEqualTo(2);
        assertThat(hello.getHello().getSessionId()).isEqualTo(GoldenFrames.SESSION_ID);
    }

    /**
     * A board's refusal, worded where every board side takes it from ({@link Handshake}), is the
     * golden one: from the foreign frame's payload, and from the same Hello framed as ours.
     */
    @Test
    void theBoardsRefusalOfTheForeignHelloIsTheGoldenOne() throws IOException {
        RecordingListener heard = new RecordingListener();
        new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, heard).feed(Hex.parse(resource("hello_request_major2.hex")));
        RecordingListener answer = new RecordingListener();
        new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, answer)
                .feed(Hex.parse(resource("hello_response_version_mismatch.hex")));
        RecordingListener.Foreign foreign = (RecordingListener.Foreign) heard.delivered.get(0);

        Response golden = (Response) answer.delivered.get(0);
        assertThat(Handshake.foreignFrame(foreign.version(), foreign.payload().toByteArray(), Handshake.Side.BOARD))
                .isEqualTo(golden);
        assertThat(Handshake.refusal(Request.parseFrom(foreign.payload()), Handshake.Side.BOARD)).isEqualTo(golden);
    }

    /** The COBS vectors really hold the edge each is named for (so that they cannot drift off it). */
    @Test
    void theCobsVectorsSitOnTheEdgesTheyAreNamedFor() throws IOException {
        byte[] fullRuns = decodedBlock("cobs_full_runs");
        assertThat(runsBetweenZeros(fullRuns)).contains(254, 255);
        assertThat(wire("cobs_full_runs")).as("a full run, then the zero after it as an empty run")
                .containsSequence(0xA5, 0x01, 0xFF)
                .as("255 bytes: a full run, then one more byte under code 02").containsSequence(0x5A, 0x02, 0x5A);

        byte[] atEnd = decodedBlock("cobs_full_run_at_end");
        List<Integer> runs = runsBetweenZeros(atEnd);
        assertThat(runs.get(runs.size() - 1)).as("the last run").isEqualTo(254);
        byte[] atEndWire = wire("cobs_full_run_at_end");
        assertThat(atEndWire[atEndWire.length - 256]).as("its code").isEqualTo((byte) 0xFF);

        byte[] zeroAtEnd = decodedBlock("cobs_zero_at_end");
        assertThat(zeroAtEnd[zeroAtEnd.length - 1]).isZero();
        byte[] zeroWire = wire("cobs_zero_at_end");
        assertThat(Arrays.copyOfRange(zeroWire, zeroWire.length - 2, zeroWire.length)).containsExactly(0x01, 0x00);
    }

    /**
     * Each mistake a COBS encoder is known to make on the run edges changes the bytes of at least
     * one golden vector, so an encoder that matches them all has none of them.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(CobsEncoderBug.class)
    void anEncoderThatGetsARunEdgeWrongMissesAGoldenVector(CobsEncoderBug bug) throws IOException {
        List<String> missed = new ArrayList<>();
        for (Golden golden : goldens()) {
            byte[] recorded = wire(golden.name());
            byte[] block = Arrays.copyOf(recorded, recorded.length);
            int n = Cobs.decode(recorded, 0, recorded.length - 1, block, 0);
            byte[] theirs = bug.encode(Arrays.copyOf(block, n));
            if (!Arrays.equals(theirs, Arrays.copyOf(recorded, recorded.length - 1))) {
                missed.add(golden.name());
            }
        }
        if (bug == CobsEncoderBug.NONE) {
            assertThat(missed).as("the test's own encoder, without a bug").isEmpty();
        } else {
            assertThat(missed).as("vectors that catch " + bug).isNotEmpty();
        }
    }

    /** A plain COBS encoder, written from the spec's 2.3, with one switchable mistake. */
    enum CobsEncoderBug {
        NONE,
        /** Takes code FF to imply a zero, like every other code, and drops the byte after a full run. */
        FULL_RUN_IMPLIES_ZERO,
        /** Cuts runs at 253 bytes. */
        RUNS_ONE_SHORT,
        /** Writes the non-canonical trailing 01 after a block that ends with a full run (the textbook encoder). */
        CODE_AFTER_FINAL_FULL_RUN,
        /** Forgets the empty last run of a block that ends with a zero. */
        NO_EMPTY_RUN_AT_END;

        byte[] encode(byte[] block) {
            int maxRun = this == RUNS_ONE_SHORT ? 253 : 254;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int in = 0;
            while (true) {
                int end = in;
                while (end < block.length && end - in < maxRun && block[end] != 0) {
                    end++;
                }
                int run = end - in;
                if (!(this == NO_EMPTY_RUN_AT_END && run == 0 && in == block.length && in > 0)) {
                    out.write(run + 1);
                    out.write(block, in, run);
                }
                boolean fullRun = run == maxRun;
                if (end == block.length) {
                    if (fullRun && this == CODE_AFTER_FINAL_FULL_RUN) {
                        out.write(1);
                    }
                    return out.toByteArray();
                }
                in = fullRun && this != FULL_RUN_IMPLIES_ZERO ? end : end + 1;
                if (in > block.length) {
                    return out.toByteArray();
                }
            }
        }
    }

    private static List<Integer> runsBetweenZeros(byte[] block) {
        List<Integer> runs = new ArrayList<>();
        int run = 0;
        for (byte b : block) {
            if (b == 0) {
                runs.add(run);
                run = 0;
            } else {
                run++;
            }
        }
        runs.add(run);
        return runs;
    }

    private static byte[] wire(String name) throws IOException {
        return Hex.parse(resource(name + ".hex"));
    }

    /** The golden frame's decoded block (header, payload, CRC), without COBS and delimiter. */
    private static byte[] decodedBlock(String name) throws IOException {
        byte[] w = wire(name);
        byte[] block = new byte[w.length];
        return Arrays.copyOf(block, Cobs.decode(w, 0, w.length - 1, block, 0));
    }

    @Test
    void everyGoldenFileBelongsToAGoldenFrame() throws IOException {
        Set<String> expected = goldens().stream()
                .flatMap(g -> Stream.of(g.name() + ".hex", g.name() + ".txt"))
                .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(SOURCE_DIR)) {
            assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
                    .isEqualTo(expected);
        }
    }

    private static String resource(String name) throws IOException {
        if (REGENERATE) {
            return Files.readString(SOURCE_DIR.resolve(name));
        }
        try (InputStream in = GoldenFramesTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s (regenerate with -Dgolden.regenerate=true)", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
