package org.crossbarhil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameBudgetTest {
    @Test
    void aFrameCarriesItsSizeLessTheOverheadInPackedValues() {
        // the smallest frame a peer may announce: 3840 bytes of values, fifteen 64-value rows
        assertThat(FrameBudget.payloadBytes(ProtocolVersion.MIN_MAX_FRAME_BYTES)).isEqualTo(4096 - 256);
        assertThat(FrameBudget.vectorsPerFrame(ProtocolVersion.MIN_MAX_FRAME_BYTES, 64)).isEqualTo(15);
        assertThat(FrameBudget.vectorsPerFrame(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, 64)).isEqualTo((4 * 1024 * 1024 - 256) / 256);
    }

    @Test
    void aVectorLongerThanAFrameStillGoesOneAtATime() {
        assertThat(FrameBudget.vectorsPerFrame(4096, 100_000)).isEqualTo(1);
        assertThat(FrameBudget.payloadBytes(100)).isEqualTo(64);
    }

    @Test
    void anEmptyVectorIsRefused() {
        assertThatThrownBy(() -> FrameBudget.vectorsPerFrame(4096, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values per vector: 0 (expected: >= 1)");
    }

    @Test
    void theLargestSettleBatchIsTheOneWhoseRequestAndAnswerBothFit() {
        // MNIST 784-500-10, three phases: the answer (3 x 510 states a sample) binds, not the request (784 + 10)
        int batch = FrameBudget.maxSettleBatch(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, 3, 784, 10, 510, 0);

        assertThat(FrameBudget.settleResponseBytes(batch, 3, 510, 0)).isLessThanOrEqualTo(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
        assertThat(FrameBudget.settleResponseBytes(batch + 1, 3, 510, 0)).isGreaterThan(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
        assertThat(FrameBudget.settleRequestBytes(batch + 1, 3, 784, 10)).isLessThanOrEqualTo(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
    }

    @Test
    void aSettleOfWhichNotOneSampleFitsHasALargestBatchOfZero() {
        assertThat(FrameBudget.maxSettleBatch(4096, 1, 2000, 0, 10, 0)).isZero();
    }
}
