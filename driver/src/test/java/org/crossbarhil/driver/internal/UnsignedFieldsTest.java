package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.crossbarhil.driver.BoardInfo;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.driver.fakes.FakeBoard;
import org.crossbarhil.driver.fakes.PipeConnector;
import org.crossbarhil.protocol.v1.BoardDescription;
import org.crossbarhil.protocol.v1.BoardIdentity;
import org.crossbarhil.protocol.v1.Converters;
import org.crossbarhil.protocol.v1.Geometry;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.ReadConfig;
import org.crossbarhil.protocol.v1.Request.BodyCase;
import org.crossbarhil.protocol.v1.VmmResponse;
import org.junit.jupiter.api.Test;

/** uint32 fields of a board's answers above 2^31 are read as the numbers they are, never as negative ints. */
class UnsignedFieldsTest {
    private static final int THREE_BILLION = (int) 3_000_000_000L;

    private static final Limits LIMITS = Limits.newBuilder().setMaxVolts(2).setMaxReadVolts(0.3).setMaxHalfSelectVolts(1)
            .setMinPulseSeconds(1e-8).setMaxPulseSeconds(1e-3).setMaxPulsesPerCommand(THREE_BILLION).setMaxDeviceAmperes(1e-3)
            .setMaxLineAmperes(1e-2).build();

    private static HelloResponse hello(Geometry geometry) {
        return HelloResponse.newBuilder().setWorkingLimits(LIMITS)
                .setReadConfig(ReadConfig.newBuilder().setReadVolts(0.2).setIntegrationSeconds(1e-6).setAdcFullScaleAmperes(1e-4)
                        .setReadsAveraged(1))
                .setDescription(BoardDescription.newBuilder()
                        .setIdentity(BoardIdentity.newBuilder().setModel("unsigned").setFirmwareVersion("0"))
                        .setGeometry(geometry)
                        .setConverters(Converters.newBuilder().setDacBits(8).setDacFullScaleVolts(0.3).setAdcBits(10)
                                .addAdcFullScaleAmperes(1e-4).setMaxReadsAveraged(8))
                        .setHardLimits(LIMITS))
                .build();
    }

    private static Geometry geometry(int rows) {
        return Geometry.newBuilder().setTiles(1).setRows(rows).setCols(8).build();
    }

    @Test
    void aBoardThatAcceptsFramesAboveTwoToThe31IsSentFramesAsUsual() {
        FakeBoard board = new FakeBoard(2, 8, 8, THREE_BILLION, 60);
        board.idempotencyCapacity(THREE_BILLION);
        try (CrossbarBoard b = ProtocolBoards.open(new PipeConnector(board), ProtocolClientTest.fast(), "pipe:big")) {
            assertThat(b.info().maxFrameBytes()).isEqualTo(Integer.MAX_VALUE);

            assertThat(b.pulse(0, List.of(DevicePulse.once(1, 1, 1.2, 1e-7)))).isEqualTo(1);
            assertThat(board.received(BodyCase.PULSE)).hasSize(1);
        }
    }

    @Test
    void pulsesPerCommandAboveTwoToThe31ReadAsTheMostTheApiHolds() {
        org.crossbarhil.driver.Limits read = Wire.limits(LIMITS);

        assertThat(read.maxPulsesPerCommand()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aGeometryAboveTwoToThe31IsRefusedByNameRatherThanReadAsNegative() {
        assertThatThrownBy(() -> Wire.boardInfo(hello(geometry(THREE_BILLION))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("geometry.rows 3000000000 (expected: at most 2147483647)");
    }

    @Test
    void aCountAboveTwoToThe31InAnAnswerIsRefusedByName() {
        VmmResponse clipped = VmmResponse.newBuilder().setVectorCount(1).setOutputCount(1).addAmperes(1e-6f)
                .setClipped(THREE_BILLION).build();

        assertThatThrownBy(() -> Wire.vmm(clipped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clipped 3000000000 (expected: at most 2147483647)");
    }

    @Test
    void theProtocolVersionIsReportedUnsigned() {
        BoardInfo info = Wire.boardInfo(hello(geometry(8)).toBuilder().setProtocolMajor(-1).setProtocolMinor(2).build());

        assertThat(info.protocolVersion()).isEqualTo("4294967295.2");
    }
}
