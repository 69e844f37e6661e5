package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.driver.fakes.FakeBoard;
import org.crossbarhil.driver.fakes.PipeConnector;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.Request.BodyCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one VMM batch size the driver publishes is the one it splits by. */
class VmmBatchSizeTest {
    private final List<CrossbarBoard> opened = new ArrayList<>();

    private CrossbarBoard open(FakeBoard board, int hostMaxFrameBytes) {
        DriverOptions options = DriverOptions.builder().connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ZERO).maxFrameBytes(hostMaxFrameBytes).build();
        CrossbarBoard b = ProtocolBoards.open(new PipeConnector(board), options, "pipe:fake");
        opened.add(b);
        return b;
    }

    @AfterEach
    void closeBoards() {
        opened.forEach(CrossbarBoard::close);
    }

    private static VmmSpec batch(int vectors, int width) {
        float[][] v = new float[vectors][width];
        for (int i = 0; i < vectors; i++) {
            v[i][i % width] = 0.1f;
        }
        return VmmSpec.forward(0, v);
    }

    @Test
    void aBatchOfThePublishedSizeGoesAsOneRequestAndOneMoreAsTwo() {
        FakeBoard board = new FakeBoard(1, 64, 64, 4096, 60);
        CrossbarBoard b = open(board, ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
        int most = b.maxVmmVectors(64, 64);
        // 4096-byte frames leave 3840 bytes, fifteen 64-value vectors each way
        assertThat(most).isEqualTo(15);

        b.vmm(batch(most, 64));
        assertThat(board.received(BodyCase.VMM)).hasSize(1);
        b.vmm(batch(most + 1, 64));
        assertThat(board.received(BodyCase.VMM)).hasSize(3);
    }

    @Test
    void theSmallerOfTheBoardsAndTheDriversFrameSizeBoundsIt() {
        FakeBoard board = new FakeBoard(1, 64, 64, ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, 60);
        CrossbarBoard b = open(board, 8192);
        assertThat(b.maxVmmVectors(64, 64)).isEqualTo((8192 - 256) / 256);
        assertThat(b.maxVmmVectors(8, 64)).as("the longer side of a vector counts").isEqualTo(b.maxVmmVectors(64, 8));
    }
}
