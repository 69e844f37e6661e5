package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.serve.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each client session's keys are the gateway's to keep: retransmissions never reach the board twice. */
@Timeout(30)
class GatewayIdempotencyTest {
    /** The gateway's link gives up quickly, so that an answer lost between board and gateway is "outcome unknown" there. */
    private static DriverOptions impatientUpstream() {
        return GatewayFixture.upstreamOptions().newBuilder().requestTimeout(Duration.ofMillis(300)).maxRetransmissions(1).build();
    }

    @Test
    void aWriteWhoseAnswerWasLostBetweenBoardAndGatewayIsAskedForAgainAndTheClientGetsTheBoardsAnswer() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(impatientUpstream(), b -> b)) {
            CrossbarBoard client = fx.client("trainer");
            // the first copy and the gateway's retransmission both lose their answers: the gateway's link gives up
            fx.board.faults().dropNextResponse(Request.BodyCase.PULSE).dropNextResponse(Request.BodyCase.PULSE);

            long applied = client.pulse(0, List.of(DevicePulse.once(0, 0, 1.2, 1e-7)));

            assertThat(applied).as("the board's own answer, asked for again by the gateway").isEqualTo(1);
            assertThat(fx.board.ledger().devicePulses()).as("run once").isEqualTo(1);
            assertThat(fx.board.received(Request.BodyCase.PULSE)).as("the first copy, a retransmission, then the gateway asking again")
                    .isEqualTo(3);
        }
    }

    @Test
    void aLostAnswerWhoseBoardRestartedIsReportedAsARestartAndNeverRunAgain() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(impatientUpstream(), b -> b)) {
            CrossbarBoard client = fx.client("trainer");
            fx.board.faults().dropNextResponse(Request.BodyCase.PULSE).dropNextResponse(Request.BodyCase.PULSE);
            CompletableFuture<Long> applied = client.pulseAsync(0, List.of(DevicePulse.once(0, 0, 1.2, 1e-7)));
            Eventually.await("the pulse and its retransmission at the board", Duration.ofSeconds(5),
                    () -> fx.board.received(Request.BodyCase.PULSE) == 2);
            assertThat(fx.board.ledger().devicePulses()).as("run once, the retransmission answered from memory").isEqualTo(1);
            // the board restarts with its memory gone before the gateway can ask again
            fx.board.powerCycle();

            // the restart is named as such (boot id), not as a mere lost answer
            assertThatThrownBy(applied::join).hasCauseInstanceOf(org.crossbarhil.driver.BoardRestartedException.class)
                    .hasMessageContaining("restarted").hasMessageContaining("boot id");
            assertThat(fx.board.ledger().devicePulses()).as("never run again").isZero();
        }
    }

    @Test
    void aRetransmittedPulseIsAnsweredFromMemoryAndAppliedOnce() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient r = fx.raw()) {
            r.hello(11, null, "retransmitter");
            Request pulse = r.send(GatewayLeaseTest.pulse().setSeq(5));
            Response first = r.await(5, Duration.ofSeconds(5));
            r.sendBytes(new org.crossbarhil.protocol.FrameEncoder(4096).encode(pulse));
            Response again = r.await(5, Duration.ofSeconds(5));

            assertThat(first.getStatus()).isEqualTo(Status.STATUS_OK);
            assertThat(first.getReplayed()).isFalse();
            assertThat(again.getReplayed()).isTrue();
            assertThat(again.getPulse()).isEqualTo(first.getPulse());
            assertThat(fx.board.ledger().devicePulses()).isEqualTo(1);
            assertThat(fx.board.received(Request.BodyCase.PULSE)).isEqualTo(1);
            assertThat(fx.gateway.stats().replayed()).isEqualTo(1);
        }
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndAppliesNothing() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient r = fx.raw()) {
            r.hello(12, null, "reuser");
            assertThat(r.call(GatewayLeaseTest.pulse().setSeq(5)).getStatus()).isEqualTo(Status.STATUS_OK);

            Response conflict = r.call(GatewayLeaseTest.pulse().setSeq(5).setPulse(
                    GatewayLeaseTest.pulse().getPulse().toBuilder().setTile(1)));

            assertThat(conflict.getStatus()).isEqualTo(Status.STATUS_IDEMPOTENCY_CONFLICT);
            assertThat(conflict.getMessage()).contains("seq 5 of this session was already used for a different pulse request");
            assertThat(fx.board.ledger().devicePulses()).isEqualTo(1);
        }
    }

    @Test
    void aRetransmissionWhileTheFirstCopyIsStillAtTheBoardIsNotSentAgain() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient r = fx.raw()) {
            r.hello(13, null, "impatient");
            r.call(GatewayLeaseTest.pulse().setSeq(1));
            Faults.Hold busy = fx.board.faults().holdNextRequest(Request.BodyCase.PULSE);
            Request pulse = r.send(GatewayLeaseTest.pulse().setSeq(2));
            assertThat(busy.awaitArrival(Duration.ofSeconds(2))).as("the pulse at the board").isTrue();
            r.sendBytes(new org.crossbarhil.protocol.FrameEncoder(4096).encode(pulse));
            Thread.sleep(100);
            busy.release();

            Response answer = r.await(2, Duration.ofSeconds(5));
            assertThat(answer.getStatus()).isEqualTo(Status.STATUS_OK);
            assertThat(r.nextResponse(Duration.ofMillis(300))).as("one answer for one key").isNull();
            assertThat(fx.board.received(Request.BodyCase.PULSE)).isEqualTo(2);
        }
    }

    @Test
    void aClientThatReconnectsWithItsSessionIdFindsItsMemory() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start()) {
            Request pulse;
            Response first;
            try (RawClient r = fx.raw()) {
                HelloResponse h = r.hello(77, null, "roamer").getHello();
                assertThat(h.getSessionResumed()).isFalse();
                pulse = r.send(GatewayLeaseTest.pulse().setSeq(9));
                first = r.await(9, Duration.ofSeconds(5));
            }
            try (RawClient r = fx.raw()) {
                HelloResponse h = r.hello(77, null, "roamer").getHello();
                assertThat(h.getSessionResumed()).isTrue();
                assertThat(h.getHighestSeqSeen()).isEqualTo(9);
                r.sendBytes(new org.crossbarhil.protocol.FrameEncoder(4096).encode(pulse));
                Response again = r.await(9, Duration.ofSeconds(5));
                assertThat(again.getReplayed()).isTrue();
                assertThat(again.getPulse()).isEqualTo(first.getPulse());
            }
            assertThat(fx.board.ledger().devicePulses()).isEqualTo(1);
        }
    }

    @Test
    void aForgottenSafeIdleIsRefusedLikeEveryWriteRatherThanSentToTheBoardAgain() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.replayCapacity(1)); RawClient r = fx.raw()) {
            r.hello(15, null, "idler");
            Request idle = r.send(Request.newBuilder().setSeq(1).setSafeIdle(SafeIdleRequest.getDefaultInstance()));
            assertThat(r.await(1, Duration.ofSeconds(5)).getStatus()).isEqualTo(Status.STATUS_OK);
            // a second write pushes the safe idle's answer out of a memory of one
            assertThat(r.call(GatewayLeaseTest.pulse().setSeq(2)).getStatus()).isEqualTo(Status.STATUS_OK);

            r.sendBytes(new org.crossbarhil.protocol.FrameEncoder(4096).encode(idle));
            Response again = r.await(1, Duration.ofSeconds(5));

            assertThat(again.getStatus()).isEqualTo(Status.STATUS_FAILED_PRECONDITION);
            assertThat(again.getMessage()).contains("cannot tell whether that safe_idle ran");
            assertThat(fx.board.received(Request.BodyCase.SAFE_IDLE)).isEqualTo(1);
        }
    }

    @Test
    void aSeqAboveTwoToThe63IsTheHighestSeqTheSessionReportsOnReconnect() throws Exception {
        long beyondTwoToThe63 = Long.MIN_VALUE + 5;
        try (GatewayFixture fx = GatewayFixture.start()) {
            try (RawClient r = fx.raw()) {
                r.hello(78, null, "far");
                assertThat(r.call(GatewayLeaseTest.pulse().setSeq(3)).getStatus()).isEqualTo(Status.STATUS_OK);
                assertThat(r.call(GatewayLeaseTest.pulse().setSeq(beyondTwoToThe63)).getStatus()).isEqualTo(Status.STATUS_OK);
            }
            try (RawClient r = fx.raw()) {
                HelloResponse h = r.hello(78, null, "far").getHello();
                assertThat(h.getSessionResumed()).isTrue();
                assertThat(Long.toUnsignedString(h.getHighestSeqSeen())).isEqualTo("9223372036854775813");
            }
        }
    }

    @Test
    void theHandshakeReportsTheGatewaysOwnMemoryAndFrameSize() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.maxFrameBytes(64 * 1024).replayCapacity(100)); RawClient r = fx.raw()) {
            HelloResponse h = r.hello(14, null, "curious").getHello();
            assertThat(h.getMaxFrameBytes()).isEqualTo(64 * 1024);
            assertThat(h.getIdempotencyCapacity()).isEqualTo(100);
            assertThat(h.getIdempotencyTtlSeconds()).isEqualTo(60.0);
            assertThat(h.getHeartbeatTimeoutSeconds()).isEqualTo(10.0);
            assertThat(h.getDescription().getCapabilities().getLease()).isTrue();
            assertThat(h.getDescription().getIdentity().getModel()).as("the board's own description")
                    .startsWith("simulated crossbar, profile ideal-2x64");
        }
    }
}
