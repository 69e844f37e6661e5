package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Another major version is refused as a board refuses it: the status, what to update, and our version in the Hello body. */
@Timeout(30)
class GatewayVersionTest {
    private static final int FOREIGN_MAJOR = 99;

    private static Request.Builder helloAsking(int major) {
        return Request.newBuilder().setSeq(1).setHello(HelloRequest.newBuilder().setProtocolMajor(major).setProtocolMinor(0)
                .setSessionId(42).setClientName("from-the-future"));
    }

    private static void assertRefusedAsABoardWould(Response r) {
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_VERSION_MISMATCH);
        assertThat(r.getMessage()).contains("this gateway speaks " + ProtocolVersion.string())
                .contains("update the host software or the gateway");
        assertThat(r.getHello().getProtocolMajor()).isEqualTo(ProtocolVersion.MAJOR);
        assertThat(r.getHello().getProtocolMinor()).isEqualTo(ProtocolVersion.MINOR);
    }

    @Test
    void aHelloAskingForAnotherMajorIsRefusedWithTheGatewaysVersion() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient c = fx.raw()) {
            Response r = c.call(helloAsking(FOREIGN_MAJOR));
            assertRefusedAsABoardWould(r);
            assertThat(r.getMessage()).startsWith("host speaks protocol " + FOREIGN_MAJOR + ".0, ");
        }
    }

    @Test
    void aFrameStampedWithAnotherMajorIsRefusedWithTheGatewaysVersion() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient c = fx.raw()) {
            c.sendBytes(new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, FOREIGN_MAJOR)
                    .encode(helloAsking(FOREIGN_MAJOR).build()));
            Response r = c.await(1, Duration.ofSeconds(5));
            assertRefusedAsABoardWould(r);
            assertThat(r.getMessage()).as("the Hello's own version, read from the frozen fields of the foreign frame")
                    .startsWith("host speaks protocol " + FOREIGN_MAJOR + ".0, ");
        }
    }
}
