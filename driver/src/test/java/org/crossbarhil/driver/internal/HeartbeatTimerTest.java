package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTimerTest {

    @Test
    void theConfiguredIntervalHoldsWhenTheBoardWaitsLongEnough() {
        assertThat(HeartbeatTimer.interval(Duration.ofSeconds(1), 10)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aBoardThatDropsToSafeIdleSoonerGetsAHeartbeatEveryThirdOfItsTimeout() {
        assertThat(HeartbeatTimer.interval(Duration.ofSeconds(1), 1.5)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aBoardWithoutHeartbeatTimeoutLeavesTheIntervalAlone() {
        assertThat(HeartbeatTimer.interval(Duration.ofSeconds(1), 0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void heartbeatsTurnedOffStayOff() {
        assertThat(HeartbeatTimer.interval(Duration.ZERO, 1.5)).isZero();
    }
}
