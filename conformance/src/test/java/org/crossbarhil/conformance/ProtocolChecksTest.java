package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.crossbarhil.protocol.DropReason;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.simulator.SimulatedBoard;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProtocolChecksTest {
    /** The real simulator's handshake: a sane one, which each test breaks in one way. */
    private static HelloResponse sane;

    @BeforeAll
    static void askTheSimulator() throws IOException {
        SimulatedBoard board = SimulatedBoard.create(SimConfig.fromParameters(Map.of("profile", "taox-2x64")));
        try (RawSession s = RawSession.connect(board.connector(), Duration.ofSeconds(5))) {
            sane = s.hello(SuiteContext.newSessionId(), null, false).getHello();
        }
    }

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
        assertThat(ProtocolChecks.handshakeProblems(sane)).isEmpty();
    }

    @Test
    void workingLimitsBeyondTheHardOnesAreNamed() {
        Limits hard = sane.getDescription().getHardLimits();
        HelloResponse h = sane.toBuilder().setWorkingLimits(hard.toBuilder().setMaxVolts(hard.getMaxVolts() + 0.5)
                .setMaxPulsesPerCommand(hard.getMaxPulsesPerCommand() + 1)).build();

        assertThat(ProtocolChecks.handshakeProblems(h))
                .containsExactly("working limits beyond the hard ones: max_volts 2 -> 2.5, max_pulses_per_command 1048576 -> 1048577");
    }

    @Test
    void workingPulsesPerCommandAboveTwoToThe31AreBeyondTheHardLimitNotBelowIt() {
        HelloResponse h = sane.toBuilder().setWorkingLimits(sane.getDescription().getHardLimits().toBuilder()
                .setMaxPulsesPerCommand((int) 3_000_000_000L)).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).singleElement().asString()
                .startsWith("working limits beyond the hard ones: max_pulses_per_command ").endsWith(" -> 3000000000");
    }

    @Test
    void aFrameSizeAndCapacityAboveTwoToThe31AreNoProblem() {
        HelloResponse h = sane.toBuilder().setMaxFrameBytes((int) 3_000_000_000L)
                .setIdempotencyCapacity((int) 3_000_000_000L).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).isEmpty();
    }

    @Test
    void converterBitsAboveTwoToThe31AreAProblemNamedUnsigned() {
        HelloResponse h = sane.toBuilder().setDescription(sane.getDescription().toBuilder()
                .setConverters(sane.getDescription().getConverters().toBuilder().setDacBits((int) 3_000_000_000L))).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).singleElement().asString().contains("DAC 3000000000");
    }

    @Test
    void aReadVoltageAboveTheReadLimitIsAProblem() {
        double above = sane.getWorkingLimits().getMaxReadVolts() + 0.25;
        HelloResponse h = sane.toBuilder().setReadConfig(sane.getReadConfig().toBuilder().setReadVolts(above)).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).singleElement().asString().contains("read_volts " + above);
    }

    @Test
    void aConfiguredAdcRangeTheBoardDoesNotOfferIsAProblem() {
        double largest = Collections.max(sane.getDescription().getConverters().getAdcFullScaleAmperesList());
        HelloResponse h = sane.toBuilder().setReadConfig(sane.getReadConfig().toBuilder().setAdcFullScaleAmperes(3 * largest)).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).singleElement().asString().contains("is not one of");
    }

    @Test
    void aForeignMajorAndAResumedFreshSessionAreProblems() {
        HelloResponse h = sane.toBuilder().setProtocolMajor(3).setSessionResumed(true).build();

        assertThat(ProtocolChecks.handshakeProblems(h)).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("protocol_major 3"))
                .anySatisfy(p -> assertThat(p).contains("session_resumed"));
    }
}
