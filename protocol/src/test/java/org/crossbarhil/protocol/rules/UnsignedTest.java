package org.crossbarhil.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnsignedTest {
    @Test
    void aBoundAboveTwoToThe31SaturatesInsteadOfTurningNegative() {
        assertThat(Unsigned.saturatedInt((int) 3_000_000_000L)).isEqualTo(Integer.MAX_VALUE);
        assertThat(Unsigned.saturatedInt(-1)).as("uint32 max").isEqualTo(Integer.MAX_VALUE);
        assertThat(Unsigned.saturatedInt(4096)).isEqualTo(4096);
    }

    @Test
    void aValueThatMustFitAnIntIsRefusedByNameWithItsUnsignedValue() {
        assertThat(Unsigned.intExact("geometry.rows", 64)).isEqualTo(64);
        assertThatThrownBy(() -> Unsigned.intExact("geometry.rows", (int) 3_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("geometry.rows 3000000000 (expected: at most 2147483647)");
    }
}
