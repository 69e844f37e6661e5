package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SetUpdateMaskRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.serve.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that send garbage, frames too large, a frame a byte at a time, nothing at all, or far
 * more than they may: each is cut off, and a well-behaved client working at the same time notices
 * nothing.
 */
@Timeout(60)
class GatewayHostileClientsTest {
    private static final Duration HANDSHAKE = Duration.ofMillis(500);

    private static GatewayFixture strict() throws Exception {
        return strict("pipe");
    }

    /** pipe: the board linked in-process; tcp: on a TCP server, sharing the gateway's one loop with the clients. */
    private static GatewayFixture strict(String boardLink) throws Exception {
        java.util.function.UnaryOperator<GatewayConfig.Builder> config = b -> b.maxFrameBytes(64 * 1024).maxBadFrames(4)
                .handshakeTimeout(HANDSHAKE).idleTimeout(Duration.ofSeconds(2)).maxInFlightPerClient(8).maxClients(12);
        return boardLink.equals("tcp") ? GatewayFixture.startOverTcp(config) : GatewayFixture.start(config);
    }

    @ParameterizedTest(name = "board on a {0} link")
    @ValueSource(strings = {"pipe", "tcp"})
    void hostileClientsAreCutOffWhileAWellBehavedClientCarriesOnUndisturbed(String boardLink) throws Exception {
        try (GatewayFixture fx = strict(boardLink)) {
            CrossbarBoard good = fx.client("good");
            float g00 = fx.board.siemens(0, 0, 0);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    int k = 0;
                    while (!stop.get()) {
                        float v = 0.001f * (1 + k++ % 200);
                        float[] a = good.vmm(VmmSpec.forward(0, new float[][] {{v}})).amperes();
                        // the ideal board answers G v; neighbouring inputs differ by 0.5 % or more
                        if (Math.abs(a[0] - g00 * v) > 1e-5 * g00 * v) {
                            throw new AssertionError("wrong answer to v=" + v + ": " + a[0]);
                        }
                        answered.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "good-client");
            worker.start();

            // garbage: random bytes with delimiters, after a proper handshake
            RawClient garbage = fx.raw();
            garbage.hello(101, null, "garbage");
            byte[] junk = new byte[4096];
            new Random(3).nextBytes(junk);
            for (int i = 0; i < junk.length; i += 97) {
                junk[i] = 0;
            }
            garbage.sendHostile(junk);

            // oversized: one frame far above the 64 KiB the gateway announced
            RawClient oversized = fx.raw();
            oversized.hello(102, null, "oversized");
            oversized.sendHostile(new FrameEncoder(4 * 1024 * 1024).encode(Request.newBuilder().setSeq(2)
                    .setSetUpdateMask(SetUpdateMaskRequest.newBuilder().setTile(0)
                            .setMask(com.google.protobuf.ByteString.copyFrom(new byte[200_000]))).build()));

            // slowloris: a Hello dribbled out a byte at a time, never finished in time
            RawClient slow = fx.raw();
            byte[] partial = new FrameEncoder(4096).encode(Request.newBuilder().setSeq(1).setHeartbeat(
                    HeartbeatRequest.getDefaultInstance()).build());
            Thread dribbler = new Thread(() -> {
                try {
                    for (int i = 0; i < partial.length - 1 && !slow.closedByPeer(); i++) {
                        slow.sendBytes(new byte[] {partial[i]});
                        Thread.sleep(150);
                    }
                } catch (Exception e) {
                    // cut off: writing fails
                }
            }, "slowloris");
            dribbler.setDaemon(true);
            dribbler.start();

            // silent: connects and says nothing
            RawClient silent = fx.raw();

            Eventually.await("the garbage client cut off", Duration.ofSeconds(3), garbage::closedByPeer);
            Eventually.await("the oversized client cut off", Duration.ofSeconds(3), oversized::closedByPeer);
            Eventually.await("the slowloris cut off", HANDSHAKE.plusSeconds(3), slow::closedByPeer);
            Eventually.await("the silent client cut off", HANDSHAKE.plusSeconds(3), silent::closedByPeer);
            int before = answered.get();
            Eventually.await("the good client still being answered", Duration.ofSeconds(3), () -> answered.get() > before + 50);
            stop.set(true);
            worker.join(10_000);

            assertThat(failure.get()).as("the well-behaved client's failure").isNull();
            assertThat(good.linkStats().retransmissions()).isZero();
            assertThat(fx.gateway.stats().cutOff("GARBAGE")).isEqualTo(1);
            assertThat(fx.gateway.stats().droppedFrames()).as("the garbage blocks, counted").isGreaterThan(4);
            assertThat(fx.gateway.stats().cutOff("OVERSIZED")).isEqualTo(1);
            assertThat(fx.gateway.stats().cutOff("HANDSHAKE_TIMEOUT")).isEqualTo(2);
            assertThat(fx.board.received(Request.BodyCase.SET_UPDATE_MASK)).as("the oversized frame never reached the board").isZero();
        }
    }

    @Test
    void aClientThatKeepsSendingBeyondItsInFlightLimitIsRefusedThenCutOff() throws Exception {
        try (GatewayFixture fx = strict(); RawClient flood = fx.raw()) {
            Response hello = flood.hello(103, null, "flood");
            assertThat(hello.getHello().getMaxRequestsInFlight()).as("the bound, stated in Hello").isEqualTo(8);
            int before = fx.board.received(Request.BodyCase.INFO);
            // The board is busy with the first request, so the rest stay in flight. Not heartbeats: a board answers those at once.
            Faults.Hold busy = fx.board.faults().holdNextRequest(Request.BodyCase.INFO);
            FrameEncoder enc = new FrameEncoder(4096);
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int seq = 2; seq < 2 + 200; seq++) {
                burst.write(enc.encode(Request.newBuilder().setSeq(seq).setInfo(InfoRequest.getDefaultInstance()).build()));
            }
            flood.sendHostile(burst.toByteArray());

            Response refused = flood.nextResponse(Duration.ofSeconds(3));
            assertThat(refused).isNotNull();
            assertThat(refused.getStatus()).isEqualTo(Status.STATUS_RESOURCE_EXHAUSTED);
            assertThat(refused.getMessage()).contains("more than 8 requests in flight on this link (max_requests_in_flight): nothing was done");
            Eventually.await("the flooding client cut off", Duration.ofSeconds(3), flood::closedByPeer);
            assertThat(fx.gateway.stats().cutOff("FLOOD")).isEqualTo(1);
            assertThat(fx.board.received(Request.BodyCase.INFO) - before).as("at most its in-flight limit reached the board")
                    .isLessThanOrEqualTo(8);
            busy.release();
        }
    }

    @Test
    void anAbortIsNeverRefusedForLoadEvenWhenTheClientsWindowIsFull() throws Exception {
        try (GatewayFixture fx = strict(); RawClient full = fx.raw()) {
            full.hello(106, null, "full-window");
            Faults.Hold busy = fx.board.faults().holdNextRequest(Request.BodyCase.INFO);
            for (int i = 0; i < 8; i++) {
                full.send(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance()));
            }
            Request abort = full.send(Request.newBuilder().setAbort(org.crossbarhil.protocol.v1.AbortRequest.newBuilder()
                    .setReason("operator stop")));
            Response early = full.nextResponse(Duration.ofMillis(300));
            assertThat(early).as("nothing answered while the board is busy, the abort least of all a refusal").isNull();
            busy.release();

            assertThat(full.await(abort.getSeq(), Duration.ofSeconds(5)).getStatus()).isEqualTo(Status.STATUS_OK);
        }
    }

    @Test
    void aClientThatGoesQuietAfterTheHandshakeIsDisconnectedAfterTheIdleTimeout() throws Exception {
        try (GatewayFixture fx = strict(); RawClient quiet = fx.raw()) {
            quiet.hello(104, null, "quiet");
            Eventually.await("the idle client disconnected", Duration.ofSeconds(5), quiet::closedByPeer);
            assertThat(fx.gateway.stats().cutOff("IDLE_TIMEOUT")).isEqualTo(1);
        }
    }

    @Test
    void clientsBeyondTheLimitAreTurnedAwayWithAReason() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.maxClients(2))) {
            fx.client("one");
            fx.client("two");
            try (RawClient third = fx.raw()) {
                Response r = third.hello(105, null, "three");
                assertThat(r.getStatus()).isEqualTo(Status.STATUS_RESOURCE_EXHAUSTED);
                assertThat(r.getMessage()).contains("the gateway serves at most 2 clients");
                Eventually.await("the third connection closed", Duration.ofSeconds(2), third::closedByPeer);
            }
            assertThat(fx.gateway.clients()).isEqualTo(2);
            assertThat(fx.gateway.stats().turnedAway()).isEqualTo(1);
        }
    }

    @Test
    void theDriverReportsTheRefusalOfAFullGatewayAsABoardStatus() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.maxClients(1))) {
            fx.client("one");
            List<Throwable> seen = new ArrayList<>();
            try {
                fx.client("two");
            } catch (RuntimeException e) {
                seen.add(e);
            }
            assertThat(seen).singleElement().isInstanceOf(BoardStatusException.class)
                    .satisfies(e -> assertThat(((BoardStatusException) e).status()).isEqualTo(BoardStatus.RESOURCE_EXHAUSTED));
        }
    }

    @Test
    void aClientThatStopsReadingItsResponsesIsCutOff() throws Exception {
        try (GatewayFixture fx = strict()) {
            UnreadLink link = new UnreadLink();
            ClientConnection c = new ClientConnection(fx.gateway, link, System.nanoTime());

            c.reply(Response.newBuilder().setSeq(1).setStatus(Status.STATUS_OK).build());
            assertThat(link.closed).as("a little unread is normal").isFalse();
            link.unsent = fx.gateway.config().maxUnsentBytes() + 1;
            c.reply(Response.newBuilder().setSeq(2).setStatus(Status.STATUS_OK).build());

            assertThat(link.closed).isTrue();
            assertThat(fx.gateway.stats().cutOff("SLOW_READER")).isEqualTo(1);
        }
    }

    /** A link whose peer reads nothing: what was sent stays unsent. */
    private static final class UnreadLink implements org.crossbarhil.link.Link {
        volatile long unsent;
        volatile boolean closed;

        @Override
        public void send(byte[] frame) {
            unsent += frame.length;
        }

        @Override
        public long unsentBytes() {
            return unsent;
        }

        @Override
        public String describe() {
            return "test client 127.0.0.1:1";
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
