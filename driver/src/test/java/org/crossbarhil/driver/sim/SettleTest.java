package org.crossbarhil.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DefinedNetwork;
import org.crossbarhil.driver.EnvelopeException;
import org.crossbarhil.driver.SettleBlock;
import org.crossbarhil.driver.SettleLayer;
import org.crossbarhil.driver.SettleNetwork;
import org.crossbarhil.driver.SettlePhase;
import org.crossbarhil.driver.SettleResult;
import org.crossbarhil.driver.SettleSpec;
import org.junit.jupiter.api.Test;

/** The driver's settle calls against the simulator: the capability and the frame size are checked before sending. */
class SettleTest {
    /** 4 inputs + bias on tile 0 (3 pairs), 3 + bias on tile 1 (2 pairs). */
    private static final SettleNetwork NET = new SettleNetwork(List.of(
            new SettleLayer(4, 3, 2000, List.of(new SettleBlock(0, 0, 5, 0, 3))),
            new SettleLayer(3, 2, 2000, List.of(new SettleBlock(1, 0, 4, 0, 2)))), 0.2f, 0f, 1f, 0);
    private static final List<SettlePhase> TRAINING = List.of(SettlePhase.free(20, 1), SettlePhase.nudged(0.5, 8, 1),
            SettlePhase.nudged(-0.5, 8, 1));

    private static SettleSpec batch(DefinedNetwork n, int samples) {
        return new SettleSpec(n, samples, new float[samples * 4], new float[samples * 2], TRAINING, 0f, false, 0);
    }

    @Test
    void aTrainingBatchComesBackAsEveryPhasesStatesOfEveryLayer() {
        try (CrossbarBoard b = Boards.open("sim:?profile=taox-2x64")) {
            DefinedNetwork n = b.defineSettleNetwork(NET);
            SettleResult r = b.settle(batch(n, 3));

            assertThat(r.phases()).hasSize(3);
            assertThat(r.phases()).allSatisfy(p -> {
                assertThat(p.layers()).extracting(l -> l.length).containsExactly(3 * 3, 3 * 2);
                assertThat(p.changes()).isEmpty();
            });
            assertThat(r.vmmVectors()).isPositive();
        }
    }

    @Test
    void aBatchLargerThanAFrameIsRefusedBeforeSendingNamingTheLargestThatFits() {
        try (CrossbarBoard b = Boards.open("sim:?profile=taox-2x64&max_frame_bytes=4096")) {
            DefinedNetwork n = b.defineSettleNetwork(NET);
            int fits = b.maxSettleBatch(NET, TRAINING, false);
            long requests = b.linkStats().requests();

            assertThat(fits).isEqualTo((4096 - 256 - 3 * 32) / (4 * 3 * 5));
            assertThat(b.settle(batch(n, fits)).phases()).hasSize(3);
            assertThatThrownBy(() -> b.settle(batch(n, fits + 1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("settle: a batch of " + (fits + 1) + " samples does not fit the frames of this link (4096 bytes, request"
                            + " and answer): nothing was sent; the largest batch that fits is " + fits + " samples");
            assertThat(b.linkStats().requests()).as("only the batch that fits was sent").isEqualTo(requests + 1);
        }
    }

    @Test
    void aBoardWithoutSettlingIsRefusedLocallyWithTheReason() {
        try (CrossbarBoard b = Boards.open("sim:?profile=taox-2x64&settle=off")) {
            assertThat(b.info().capabilities().settle()).isFalse();
            assertThatThrownBy(() -> b.defineSettleNetwork(NET)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("Capabilities.settle is false");
        }
    }

    @Test
    void aDriveAboveTheWorkingMaxReadVoltsIsRefusedLocally() {
        try (CrossbarBoard b = Boards.open("sim:?profile=taox-2x64")) {
            double max = b.info().limits().working().maxReadVolts();
            SettleNetwork hot = new SettleNetwork(NET.layers(), 0.2f, 0f, (float) (2 * max / 0.2), 0);

            assertThatThrownBy(() -> b.defineSettleNetwork(hot)).isInstanceOf(EnvelopeException.class)
                    .hasMessageContaining("max_read_volts");
        }
    }
}
