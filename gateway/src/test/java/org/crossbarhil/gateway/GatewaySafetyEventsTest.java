package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.crossbarhil.protocol.v0.Event;
import org.crossbarhil.protocol.v0.FaultEvent;
import org.crossbarhil.protocol.v0.SafeIdleEvent;
import org.crossbarhil.protocol.v0.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protocol section 9: the board's safe-idle and fault events reach every client past its Hello, subscribed or not. */
@Timeout(30)
class GatewaySafetyEventsTest {
    @Test
    void aClientThatNeverSubscribedHearsTheBoardGoToSafeIdleAndFault() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient observer = fx.raw(); RawClient silent = fx.raw()) {
            assertThat(observer.hello(0x5afe, null, "observer").getStatus()).isEqualTo(Status.STATUS_OK);

            fx.board.emit(Event.newBuilder().setEventSeq(1).setSafeIdle(SafeIdleEvent.newBuilder().setReason("heartbeat lost")).build());
            fx.board.emit(Event.newBuilder().setEventSeq(2).setFault(FaultEvent.newBuilder()
                    .setStatus(Status.STATUS_DEVICE_FAULT).setMessage("compliance tripped")).build());

            Event idle = observer.nextEvent(Duration.ofSeconds(5));
            Event fault = observer.nextEvent(Duration.ofSeconds(5));
            assertThat(idle).isNotNull();
            assertThat(idle.getSafeIdle().getReason()).isEqualTo("heartbeat lost");
            assertThat(fault).isNotNull();
            assertThat(fault.getFault().getStatus()).isEqualTo(Status.STATUS_DEVICE_FAULT);
            assertThat(silent.nextEvent(Duration.ofMillis(300))).as("a connection without Hello hears nothing").isNull();
        }
    }
}
