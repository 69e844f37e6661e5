package org.crossbarhil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crossbarhil.protocol.FrameDecoderPropertiesTest.ENCODER;
import static org.crossbarhil.protocol.FrameDecoderPropertiesTest.MAX;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.crossbarhil.protocol.FrameArbitraries.Sent;

/**
 * The long fuzz run, opt-in: {@code ./mvnw -o -pl protocol verify -Pfuzz} runs it with
 * 2,000,000 streams ({@code crossbar.fuzz.tries}), about 5 minutes on two cores. Each stream
 * mixes good frames, damaged frames and garbage, cut into random pieces.
 */
@Tag("fuzz")
class FrameDecoderFuzzTest {

    /** One stretch of a stream: a frame, perhaps damaged, perhaps preceded by garbage. */
    record Stretch(Sent sent, Optional<Mutation> damage, byte[] garbageBefore) {
        boolean intact() {
            return damage.isEmpty();
        }
    }

    @Property(shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(FuzzTries.class)
    void aStreamOfGoodDamagedAndGarbageBytesDeliversOnlyWhatWasSentAndEveryIntactFrame(
            @ForAll("stretches") List<Stretch> stretches,
            @ForAll @Size(max = 10) List<Integer> cuts) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Stretch stretch : stretches) {
            if (stretch.garbageBefore().length > 0) {
                stream.writeBytes(stretch.garbageBefore());
                stream.write(0);
            }
            byte[] wire = stretch.sent().wire(ENCODER);
            stream.writeBytes(stretch.damage().map(m -> m.apply(wire)).orElse(wire));
            if (!stretch.intact()) {
                stream.write(0);
            }
        }
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = new FrameDecoder(MAX, listener);

        FrameDecoderPropertiesTest.feedInPieces(decoder, stream.toByteArray(), cuts);

        // Messages are numbered, so each delivery names its stretch. Deliveries come in order; a
        // repeat of the previous one is allowed (a Duplicate mutation can resend a whole frame);
        // an intact frame may not be skipped.
        int next = 0;
        for (Object delivered : listener.delivered) {
            int index = indexOf(stretches, delivered);
            assertThat(index).as("delivered a message that was never sent: %s", delivered).isNotNegative();
            assertThat(index).as("delivery out of order: %s", delivered).isGreaterThanOrEqualTo(next - 1);
            for (int skipped = next; skipped < index; skipped++) {
                assertThat(stretches.get(skipped).intact()).as("intact frame %d skipped", skipped).isFalse();
            }
            next = Math.max(next, index + 1);
        }
        for (int i = next; i < stretches.size(); i++) {
            assertThat(stretches.get(i).intact()).as("intact frame %d never delivered", i).isFalse();
        }
    }

    private static int indexOf(List<Stretch> stretches, Object message) {
        for (int i = 0; i < stretches.size(); i++) {
            if (stretches.get(i).sent().message().equals(message)) {
                return i;
            }
        }
        return -1;
    }

    @Provide
    Arbitrary<List<Stretch>> stretches() {
        Arbitrary<Optional<Mutation>> damage = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.empty())),
                net.jqwik.api.Tuple.of(2, Mutation.any().map(Optional::of)));
        Arbitrary<byte[]> garbage = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new byte[0])),
                net.jqwik.api.Tuple.of(1, FrameDecoderPropertiesTest.garbage()));
        return Combinators.combine(FrameArbitraries.messages(), damage, garbage).as(Stretch::new)
                .list().ofMinSize(1).ofMaxSize(6).map(FrameDecoderFuzzTest::numbered);
    }

    /** Gives stretch i the sequence number i, so that equal messages cannot be confused. */
    private static List<Stretch> numbered(List<Stretch> stretches) {
        List<Stretch> numbered = new ArrayList<>();
        for (int i = 0; i < stretches.size(); i++) {
            Stretch s = stretches.get(i);
            numbered.add(new Stretch(FrameArbitraries.withSeq(s.sent(), i), s.damage(), s.garbageBefore()));
        }
        return numbered;
    }
}
