package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v0.HeartbeatRequest;
import org.crossbarhil.protocol.v0.HelloResponse;
import org.crossbarhil.protocol.v0.Request;
import org.junit.jupiter.api.Test;

class ProtocolChecksTest {
    @Test
    void theCorruptedFrameIsDroppedForItsCrcAlone() {
        List<DropReason> drops = new ArrayList<>();
        List<Request> delivered = new ArrayList<>();
        FrameDecoder d = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
            @Override
            public void onRequest(Request r) {
                delivered.add(r);
            }

            @Override
            public void onDropped(DropReason reason, int length) {
                drops.add(reason);
            }
        });

        d.feed(ProtocolChecks.withBadCrc(Request.newBuilder().setSeq(5).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build()));

        assertThat(delivered).isEmpty();
        assertThat(drops).containsExactly(DropReason.BAD_CRC);
    }

    @Test
    void aSaneHandshakeHasNoProblems() {
        assertThat(ProtocolChecks.handshakeProblems(FakeBoard.hello())).isEmpty();
    }

    @Test
    void workingLimitsBeyondTheHardOnesAreNamed() {
        HelloResponse h = FakeBoard.hello().toBuilder()
                .setWorkingLimits(FakeBoard.HARD.toBuilder().setMaxVolts(2.0).setMaxPulsesPerCommand(20_000)).build();

        assertThat(ProtocolChecks.handshakeProblems(h))
                .containsExactly("working limits beyond the hard ones: max_volts 1.5 -> 2, max_pulses_per_command 10000 -> 20000");
    }

    @Test
    void workingPulsesPerCommandAboveTwoToThe31AreBeyondTheHardLimitNotBelowIt() {
        HelloResponse h = FakeBoard.hello().toBuilder()
                .setWorkingLimits(FakeBoard.HARD.toBuilder().setMaxPulsesPerCommand((int) 3_000_000_000L)).build();

        assertThat(ProtocolChecks.handshakeProblems(h))
                .containsExactly("working limits beyond the hard ones: max_pulses_per_command 10000 -> 3000000000");
    }

    @Test
    void aFrameSizeAndCapacityAboveTwoToThe31AreNoProblem() {
        HelloResponse h = FakeBoard.hello().toBuilder().setMaxFrameBytes((int) 3_000_000_000L)
                .setIdempotencyCapacity((int) 3_000_000_000L).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).isEmpty();
    }

    @Test
    void converterBitsAboveTwoToThe31AreAProblemNamedUnsigned() {
        HelloResponse h = FakeBoard.hello().toBuilder().setDescription(FakeBoard.hello().getDescription().toBuilder()
                .setConverters(FakeBoard.hello().getDescription().getConverters().toBuilder().setDacBits((int) 3_000_000_000L))).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).singleElement().asString().contains("DAC 3000000000");
    }

    @Test
    void aReadVoltageAboveTheReadLimitIsAProblem() {
        HelloResponse h = FakeBoard.hello().toBuilder()
                .setReadConfig(FakeBoard.hello().getReadConfig().toBuilder().setReadVolts(0.5)).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).singleElement().asString().contains("read_volts 0.5");
    }

    @Test
    void aConfiguredAdcRangeTheBoardDoesNotOfferIsAProblem() {
        HelloResponse h = FakeBoard.hello().toBuilder()
                .setReadConfig(FakeBoard.hello().getReadConfig().toBuilder().setAdcFullScaleAmperes(5e-4)).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).singleElement().asString().contains("is not one of");
    }

    @Test
    void aForeignMajorAndAResumedFreshSessionAreProblems() {
        HelloResponse h = FakeBoard.hello().toBuilder().setProtocolMajor(3).setSessionResumed(true).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("protocol_major 3"))
                .anySatisfy(p -> assertThat(p).contains("session_resumed"));
    }
}
