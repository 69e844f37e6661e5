package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who gets in (docs/gateway.md, "Admission"): connections that have not authenticated wait in a
 * pool of their own, bounded in all and per address, and never take a client's slot.
 */
@Timeout(30)
class GatewayAdmissionTest {
    /** Generous: these wait for events, and a loaded 2-core machine can take seconds to deliver one. */
    private static final Duration SOON = Duration.ofSeconds(15);

    @Test
    void aTokenHolderIsAdmittedWithinASecondWhile64SilentConnectionsAreHeldOpen() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try (GatewayFixture fx = GatewayFixture.start(b -> b.token(GatewayFixture.TOKEN))) {
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", fx.port()), 5000);
                silent.add(s);
            }
            Eventually.await("all 64 silent connections taken in", Duration.ofSeconds(5),
                    () -> fx.gateway.handshaking() + fx.gateway.stats().cutOff("CROWDED_OUT") == 64);

            long start = System.nanoTime();
            try (RawClient holder = fx.raw()) {
                Response hello = holder.hello(11, GatewayFixture.TOKEN, "token-holder");
                long millis = (System.nanoTime() - start) / 1_000_000;

                assertThat(hello.getStatus()).as(hello.getMessage()).isEqualTo(Status.STATUS_OK);
                assertThat(millis).as("connect and Hello answered, ms").isLessThan(1000);
                assertThat(fx.gateway.clients()).isEqualTo(1);
                assertThat(fx.gateway.handshaking()).as("one address holds at most 8 of the pool").isLessThanOrEqualTo(8);
            }
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
    }

    @Test
    void connectionsWaitingForTheirHandshakeNeverTakeAClientSlot() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.maxClients(1).maxHandshakes(4).maxHandshakesPerAddress(4))) {
            RawClient first = fx.raw();
            RawClient second = fx.raw();
            Eventually.await("both waiting", SOON, () -> fx.gateway.handshaking() == 2);
            assertThat(fx.gateway.clients()).isZero();

            assertThat(second.hello(21, null, "second").getStatus()).isEqualTo(Status.STATUS_OK);
            Response late = first.hello(22, null, "first");

            assertThat(late.getStatus()).as("the one slot went to whoever authenticated first")
                    .isEqualTo(Status.STATUS_RESOURCE_EXHAUSTED);
            assertThat(late.getMessage()).contains("the gateway serves at most 1 clients");
            Eventually.await("the refused connection closed", SOON, first::closedByPeer);
            assertThat(fx.gateway.stats().turnedAway()).isEqualTo(1);
        }
    }

    @Test
    void aNewConnectionPushesOutTheOneOfItsAddressThatWaitedLongest() throws Exception {
        // a handshake deadline far away, so that only crowding can close the oldest
        try (GatewayFixture fx = GatewayFixture.start(b -> b.maxHandshakes(4).maxHandshakesPerAddress(2)
                .handshakeTimeout(Duration.ofSeconds(60)))) {
            RawClient oldest = fx.raw();
            RawClient middle = fx.raw();
            RawClient newest = fx.raw();

            Eventually.await("the oldest pushed out", SOON, oldest::closedByPeer);
            assertThat(fx.gateway.stats().cutOff("CROWDED_OUT")).isEqualTo(1);
            assertThat(middle.closedByPeer()).isFalse();
            assertThat(newest.hello(31, null, "newest").getStatus()).isEqualTo(Status.STATUS_OK);
            assertThat(middle.hello(32, null, "middle").getStatus()).isEqualTo(Status.STATUS_OK);
        }
    }

    @Test
    void aConnectionThatNeverSaysHelloIsClosedAtTheHandshakeDeadline() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.handshakeTimeout(Duration.ofMillis(300)));
                RawClient silent = fx.raw()) {
            Eventually.await("the silent connection closed", SOON, silent::closedByPeer);

            assertThat(fx.gateway.stats().cutOff("HANDSHAKE_TIMEOUT")).isEqualTo(1);
            assertThat(fx.gateway.handshaking()).isZero();
        }
    }
}
