package org.crossbarhil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crossbarhil.protocol.FrameDecoderTest.concat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.crossbarhil.protocol.FrameArbitraries.Sent;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.Request;

/**
 * Properties of encoder and decoder over random and damaged input, about 10 s of CPU: some 30,000
 * random frames in random pieces, 20,000 after garbage, 55,000 damaged frames each followed by a
 * good one, and 25,000 garbage streams. The long run is {@link FrameDecoderFuzzTest} ({@code -Pfuzz}).
 */
class FrameDecoderPropertiesTest {
    static final int MAX = 64 * 1024;
    static final FrameEncoder ENCODER = new FrameEncoder(MAX);
    /** The frame sent after damage: it must always come through. */
    static final Request NEXT = Request.newBuilder().setSeq(Long.MAX_VALUE)
            .setHeartbeat(HeartbeatRequest.getDefaultInstance()).build();
    static final byte[] NEXT_WIRE = ENCODER.encode(NEXT);

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void framesSurviveAnyFragmentation(@ForAll("messages") @Size(min = 1, max = 5) List<Sent> sent,
            @ForAll @Size(max = 12) List<Integer> cuts) {
        List<byte[]> wires = sent.stream().map(s -> s.wire(ENCODER)).toList();
        byte[] stream = FrameArbitraries.concat(wires);
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = new FrameDecoder(MAX, listener);

        feedInPieces(decoder, stream, cuts);

        assertThat(listener.delivered).containsExactlyElementsOf(sent.stream().map(Sent::message).toList());
        assertThat(listener.drops).isEmpty();
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Property(tries = 25_000, edgeCases = EdgeCasesMode.NONE)
    void randomGarbageNeverDeliversAFrame(@ForAll("garbage") byte[] garbage) {
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = new FrameDecoder(MAX, listener);

        decoder.feed(garbage);
        decoder.feed(new byte[] {0});

        assertThat(listener.delivered).isEmpty();
        assertThat(decoder.framesDecoded()).isZero();
    }

    @Property(tries = 20_000, edgeCases = EdgeCasesMode.NONE)
    void aGoodFrameAfterGarbageAndADelimiterAlwaysDecodes(@ForAll("garbage") byte[] garbage,
            @ForAll("message") Sent sent) {
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = new FrameDecoder(MAX, listener);

        decoder.feed(concat(garbage, new byte[] {0}, sent.wire(ENCODER)));

        assertThat(listener.delivered).containsExactly(sent.message());
    }

    @Property(tries = 30_000, edgeCases = EdgeCasesMode.NONE)
    void bitFlipsNeverDeliverADifferentMessage(@ForAll("message") Sent sent, @ForAll("bitFlips") Mutation flips) {
        assertOnlySentMessagesComeThrough(sent, flips);
    }

    @Property(tries = 25_000, edgeCases = EdgeCasesMode.NONE)
    void truncationInsertionDeletionAndRepeatsNeverDeliverADifferentMessage(@ForAll("message") Sent sent,
            @ForAll("mutations") Mutation mutation) {
        assertOnlySentMessagesComeThrough(sent, mutation);
    }

    /**
     * Feeds the damaged frame, a delimiter and a good frame: whatever comes out of the damaged
     * part is the original message (a mutation can leave it intact), and the good frame follows.
     */
    static void assertOnlySentMessagesComeThrough(Sent sent, Mutation mutation) {
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = new FrameDecoder(MAX, listener);

        decoder.feed(concat(mutation.apply(sent.wire(ENCODER)), new byte[] {0}, NEXT_WIRE));

        assertThat(listener.delivered).isNotEmpty();
        assertThat(listener.delivered.get(listener.delivered.size() - 1)).isEqualTo(NEXT);
        assertThat(listener.delivered.subList(0, listener.delivered.size() - 1))
                .allSatisfy(m -> assertThat(m).isEqualTo(sent.message()));
    }

    static void feedInPieces(FrameDecoder decoder, byte[] stream, List<Integer> cuts) {
        TreeSet<Integer> positions = new TreeSet<>();
        for (int cut : cuts) {
            positions.add(Math.floorMod(cut, stream.length + 1));
        }
        positions.add(stream.length);
        int from = 0;
        for (int to : positions) {
            decoder.feed(stream, from, to - from);
            from = to;
        }
    }

    @Provide
    Arbitrary<List<Sent>> messages() {
        return FrameArbitraries.messages().list();
    }

    @Provide
    Arbitrary<Sent> message() {
        return FrameArbitraries.messages();
    }

    @Provide
    Arbitrary<Mutation> bitFlips() {
        return Mutation.bitFlips();
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Mutation.any();
    }

    /**
     * Random bytes; random bytes dense in zeros; valid COBS blocks whose CRC is wrong; and
     * well-formed headers with random payload and CRC: each gets past a different check.
     */
    @Provide
    static Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = FrameArbitraries.randomBytes(0, 600, 0);
        Arbitrary<byte[]> zeroDense = FrameArbitraries.randomBytes(0, 200, 0)
                .map(bytes -> {
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] &= 3;
                    }
                    return bytes;
                });
        Arbitrary<byte[]> validCobs = FrameArbitraries.cobsShapedBytes().map(block -> {
            byte[] encoded = new byte[Cobs.maxEncodedLength(block.length) + 1];
            int n = Cobs.encode(block, 0, block.length, encoded, 0);
            return java.util.Arrays.copyOf(encoded, n + 1);
        });
        Arbitrary<byte[]> plausibleHeader = FrameArbitraries.randomBytes(4, 300, 0)
                .map(rest -> {
                    byte[] block = concat(new byte[] {(byte) ProtocolVersion.MAJOR, (byte) FrameType.REQUEST.code()}, rest);
                    return FrameDecoderTest.encodedBlock(block);
                });
        return Arbitraries.oneOf(random, zeroDense, validCobs, plausibleHeader)
                .list().ofMinSize(1).ofMaxSize(3).map(parts -> FrameArbitraries.concat(new ArrayList<>(parts)));
    }
}
