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
}
