package org.crossbarhil.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.crossbarhil.protocol.GoldenFrames.Golden;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
        byte[] recorded = Hex.parse(resource("hello_request_major1.hex"));
        RecordingListener listener = new RecordingListener();

        new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, listener).feed(recorded);

        RecordingListener.Foreign foreign = (RecordingListener.Foreign) listener.delivered.get(0);
        Request hello = Request.parseFrom(foreign.payload());
        assertThat(hello.getSeq()).isEqualTo(1);
        assertThat(hello.getHello().getProtocolMajor()).isEqualTo(1);
        assertThat(hello.getHello().getSessionId()).isEqualTo(GoldenFrames.SESSION_ID);
    }

    /**
     * A board's refusal, worded where every board side takes it from ({@link Handshake}), is the
     * golden one: from the foreign frame's payload, and from the same Hello framed as ours.
     */
    @Test
    void theBoardsRefusalOfTheForeignHelloIsTheGoldenOne() throws IOException {
        RecordingListener heard = new RecordingListener();
        new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, heard).feed(Hex.parse(resource("hello_request_major1.hex")));
        RecordingListener answer = new RecordingListener();
        new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, answer)
                .feed(Hex.parse(resource("hello_response_version_mismatch.hex")));
        RecordingListener.Foreign foreign = (RecordingListener.Foreign) heard.delivered.get(0);

        Response golden = (Response) answer.delivered.get(0);
        assertThat(Handshake.foreignFrame(foreign.version(), foreign.payload().toByteArray(), Handshake.Side.BOARD))
                .isEqualTo(golden);
        assertThat(Handshake.refusal(Request.parseFrom(foreign.payload()), Handshake.Side.BOARD)).isEqualTo(golden);
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
