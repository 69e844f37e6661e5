package org.crossbarhil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DropCounterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstDropIsSummarisedAtOnceThenAtMostOncePerInterval() {
        DropCounter drops = new DropCounter(Duration.ofSeconds(10));
        drops.count(DropReason.BAD_CRC);

        assertThat(drops.summaryIfDue(0)).isEqualTo("1 block dropped (BAD_CRC 1), 1 in all");
        drops.count(DropReason.BAD_CRC);
        drops.count(DropReason.OVERSIZED);
        drops.count(DropReason.BAD_CRC);
        assertThat(drops.summaryIfDue(9 * SECOND)).as("within the interval").isNull();
        assertThat(drops.summaryIfDue(10 * SECOND)).isEqualTo("3 blocks dropped (OVERSIZED 1, BAD_CRC 2), 4 in all");
        assertThat(drops.summaryIfDue(30 * SECOND)).as("nothing new").isNull();
    }

    @Test
    void emptyBlocksAreNotCounted() {
        DropCounter drops = new DropCounter(Duration.ofSeconds(1));
        drops.count(DropReason.EMPTY);

        assertThat(drops.total()).isZero();
        assertThat(drops.summaryIfDue(0)).isNull();
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new DropCounter(Duration.ZERO)).hasMessage("interval: PT0S (expected: > 0)");
    }
}
