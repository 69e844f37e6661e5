package org.crossbarhil.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.crossbarhil.driver.BoardInfo;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.EnvelopeException;
import org.crossbarhil.driver.Ledger;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.simulator.SimulatedBoard;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;

/** The sim: board end to end: driver, real frame codec, in-process link, firmware, physics. */
class SimLinkProviderTest {
    @Test
    void aSimUriOpensASimulatedBoardWithItsProfile() {
        try (CrossbarBoard b = Boards.open("sim:?profile=taox-2x64&seed=3")) {
            BoardInfo info = b.info();
            assertThat(info.geometry().tiles()).isEqualTo(2);
            assertThat(info.capabilities().simulated()).isTrue();
            assertThat(b.readTile(0).siemens()).hasSize(64 * 64);
            float[][] vectors = new float[32][64];
            for (float[] v : vectors) {
                java.util.Arrays.fill(v, 0.1f);
            }
            VmmResult y = b.vmm(VmmSpec.forward(0, vectors));
            assertThat(y.vectorCount()).isEqualTo(32);
            assertThat(y.amperes()).hasSize(32 * 64);
            assertThat(b.pulseDevice(0, DevicePulse.once(1, 1, 1.2, 100e-9))).isEqualTo(1);
            Ledger l = b.ledger();
            assertThat(l.devicePulses()).isEqualTo(1);
            assertThat(l.vmmVectors()).isEqualTo(32);
        }
    }

    @Test
    void aSimulatorAllowingThreeBillionPulsesPerCommandOpensAndReportsTheMostTheApiHolds() {
        try (CrossbarBoard b = Boards.open("sim:?profile=ideal-2x64&max_pulses_per_command=3000000000")) {
            assertThat(b.info().limits().hard().maxPulsesPerCommand()).isEqualTo(Integer.MAX_VALUE);
            assertThat(b.info().limits().working().maxPulsesPerCommand()).isEqualTo(Integer.MAX_VALUE);
            assertThat(b.pulseDevice(0, new DevicePulse(1, 1, 1.2, 100e-9, 3))).isEqualTo(3);
        }
    }

    @Test
    void plainSimMeansTheTaoxProfile() {
        try (CrossbarBoard b = Boards.open("sim:")) {
            assertThat(b.info().geometry().tiles()).isEqualTo(32);
            assertThat(b.info().identity().model()).contains("taox");
        }
    }

    @Test
    void anUnknownUriParameterIsRefusedByName() {
        assertThatThrownBy(() -> Boards.open("sim:?profile=taox&stuck=0.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'stuck'").hasMessageContaining("stuck_fraction");
        assertThatThrownBy(() -> Boards.open("sim:?stuck_fraction=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stuck_fraction=2");
    }

    @Test
    void anOutOfEnvelopePulseIsRefusedAndNothingIsApplied() {
        try (CrossbarBoard b = Boards.open("sim:?profile=taox-2x64")) {
            double before = b.readDevice(0, 5, 5);
            assertThatThrownBy(() -> b.pulseDevice(0, DevicePulse.once(5, 5, 1.7, 100e-9)))
                    .isInstanceOfAny(EnvelopeException.class, BoardStatusException.class)
                    .hasMessageContaining("max_half_select_volts");
            assertThat(b.ledger().devicePulses()).isZero();
            assertThat(b.readDevice(0, 5, 5)).isCloseTo(before, org.assertj.core.api.Assertions.within(before * 0.1));
        }
    }

    @Test
    void aDroppedResponseIsRetransmittedAndThePulseAppliedOnce() {
        SimulatedBoard board = idealBoard();
        board.faults().dropNextResponse(Request.BodyCase.PULSE);
        DriverOptions options = DriverOptions.builder().requestTimeout(Duration.ofMillis(300)).build();
        try (CrossbarBoard b = ProtocolBoards.open(board.connector(), options, "sim:")) {
            assertThat(b.pulse(0, List.of(new DevicePulse(2, 2, 1.2, 100e-9, 4)))).isEqualTo(4);
            assertThat(b.ledger().devicePulses()).isEqualTo(4);
            assertThat(b.linkStats().retransmissions()).as("the dropped answer was asked for again").isPositive();
        }
        assertThat(board.faults().pending()).isZero();
    }

    @Test
    void aCorruptedResponseIsDroppedByTheHostAndRecoveredByRetransmission() {
        SimulatedBoard board = idealBoard();
        board.faults().corruptNextResponse(Request.BodyCase.PULSE).garbageBeforeNextResponse(Request.BodyCase.LEDGER);
        DriverOptions options = DriverOptions.builder().requestTimeout(Duration.ofMillis(300)).build();
        try (CrossbarBoard b = ProtocolBoards.open(board.connector(), options, "sim:")) {
            assertThat(b.pulse(0, List.of(new DevicePulse(2, 2, 1.2, 100e-9, 3)))).isEqualTo(3);
            assertThat(b.ledger().devicePulses()).isEqualTo(3);
            assertThat(b.linkStats().retransmissions()).as("the corrupted answer was asked for again").isPositive();
        }
        assertThat(board.faults().pending()).as("both armed faults were drawn").isZero();
    }

    @Test
    void aLinkDroppedAfterAPulseRanIsResumedAndThePulseNotRepeated() {
        SimulatedBoard board = idealBoard();
        board.faults().disconnectAfterNextRequest(Request.BodyCase.PULSE);
        assertTwoPulsesAppliedOnceDespiteTheDrop(board);
    }

    @Test
    void aLinkDroppedBeforeThePulseArrivedRunsItOnceAfterReconnecting() {
        SimulatedBoard board = idealBoard();
        board.faults().disconnectBeforeNextRequest(Request.BodyCase.PULSE);
        assertTwoPulsesAppliedOnceDespiteTheDrop(board);
    }

    /** Two pulses on one device, across the armed link drop: applied exactly once, however the driver learns it. */
    private static void assertTwoPulsesAppliedOnceDespiteTheDrop(SimulatedBoard board) {
        DriverOptions options = DriverOptions.builder().requestTimeout(Duration.ofMillis(500)).build();
        try (CrossbarBoard b = ProtocolBoards.open(board.connector(), options, "sim:")) {
            long applied;
            try {
                applied = b.pulse(0, List.of(new DevicePulse(7, 7, 1.2, 100e-9, 2)));
            } catch (org.crossbarhil.driver.OutcomeUnknownException e) {
                applied = ((Number) b.resolveOutcome(e.seq())).longValue();
            }
            assertThat(applied).isEqualTo(2);
            assertThat(b.ledger().devicePulses()).isEqualTo(2);
        }
    }

    private static SimulatedBoard idealBoard() {
        return SimulatedBoard.create(SimConfig.fromParameters(java.util.Map.of("profile", "ideal-2x64")));
    }

    @Test
    void closingTheBoardLeavesItInSafeIdle() {
        SimulatedBoard board = idealBoard();
        try (CrossbarBoard b = ProtocolBoards.open(board.connector(), DriverOptions.defaults(), "sim:")) {
            b.readTile(0);
        }
        String state = board.onBoardThread(fw -> fw.state().name());
        assertThat(state).isEqualTo("BOARD_STATE_SAFE_IDLE");
    }
}
