package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protocol section 9: the board's fault and safe-idle events reach every client past its Hello, subscribed or not. */
@Timeout(30)
class GatewaySafetyEventsTest {
    @Test
    void aClientThatNeverSubscribedHearsTheBoardFaultAndGoToSafeIdle() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient observer = fx.raw(); RawClient silent = fx.raw()) {
            assertThat(observer.hello(0x5afe, null, "observer").getStatus()).isEqualTo(Status.STATUS_OK);
            fx.board.faults().tripAfterNextRequest(Request.BodyCase.INFO);

            assertThat(observer.call(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance())).getStatus())
                    .isEqualTo(Status.STATUS_OK);

            Event fault = observer.nextEvent(Duration.ofSeconds(5));
            Event idle = observer.nextEvent(Duration.ofSeconds(5));
            assertThat(fault).isNotNull();
            assertThat(fault.getFault().getStatus()).isEqualTo(Status.STATUS_DEVICE_FAULT);
            assertThat(idle).isNotNull();
            assertThat(idle.getSafeIdle().getReason()).isEqualTo("fault: " + fault.getFault().getMessage());
            assertThat(silent.nextEvent(Duration.ofMillis(300))).as("a connection without Hello hears nothing").isNull();
        }
    }
}
