package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.BoardState;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadScope;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session rules of docs/protocol.md sections 6 and 8, kept by the gateway as by a board,
 * with the same status and words ({@link Handshake}): seq 0 for writes, one Hello per
 * connection, abort before Hello, a malformed set_limits; and no refused request takes the lease.
 */
@Timeout(30)
class GatewaySessionRulesTest {
    private static Request.Builder pulse() {
        return Request.newBuilder().setPulse(PulseRequest.newBuilder().setTile(0).addPulses(DevicePulse.newBuilder()
                .setRow(0).setCol(0).setVolts(1.2).setWidthSeconds(100e-9).setCount(1)));
    }

    private static BoardState state(RawClient c) throws Exception {
        return c.call(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance())).getInfo().getState();
    }

    @Test
    void aWriteWithSeqZeroIsRefusedEveryTimeNeverForwardedAndTakesNoLease() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient c = fx.raw()) {
            c.hello(1, null, "forgetful");
            Request unnumbered = pulse().setSeq(0).build();

            Response first = c.callAsIs(unnumbered);
            Response again = c.callAsIs(unnumbered);

            assertThat(first).isEqualTo(Handshake.unnumberedWrite(unnumbered));
            assertThat(again.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
            assertThat(again.getReplayed()).isFalse();
            assertThat(fx.board.received(Request.BodyCase.PULSE)).isZero();
            assertThat(fx.gateway.leaseHolder()).isNull();
        }
    }

    @Test
    void aSecondHelloOnAnOpenConnectionIsRefusedInTheBoardsWords() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient c = fx.raw()) {
            c.hello(0xabcL, null, "first");
            Request other = Request.newBuilder().setSeq(50).setHello(HelloRequest.newBuilder()
                    .setProtocolMajor(org.crossbarhil.protocol.ProtocolVersion.MAJOR).setSessionId(0xdefL)).build();

            assertThat(c.callAsIs(other)).isEqualTo(Handshake.secondHello(other, 0xabcL));
        }
    }

    @Test
    void abortBeforeHelloIsForwardedByAGatewayWithoutAToken() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient driver = fx.raw(); RawClient stranger = fx.raw()) {
            driver.hello(3, null, "driver");
            driver.call(Request.newBuilder().setRead(ReadRequest.newBuilder().setTile(0).setScope(ReadScope.READ_SCOPE_ROW)));
            assertThat(state(driver)).isEqualTo(BoardState.BOARD_STATE_READY);

            Response r = stranger.call(Request.newBuilder().setAbort(AbortRequest.newBuilder().setReason("e-stop")));

            assertThat(r.getStatus()).as(r.getMessage()).isEqualTo(Status.STATUS_OK);
            assertThat(r.hasAbort()).isTrue();
            assertThat(state(driver)).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        }
    }

    @Test
    void abortBeforeHelloIsRefusedByAGatewayWithAToken() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.token(GatewayFixture.TOKEN)); RawClient stranger = fx.raw()) {
            Response r = stranger.call(Request.newBuilder().setAbort(AbortRequest.getDefaultInstance()));

            assertThat(r.getStatus()).isEqualTo(Status.STATUS_UNAUTHENTICATED);
            assertThat(r.getMessage()).contains("send Hello with the gateway's token first");
            assertThat(fx.board.received(Request.BodyCase.ABORT)).isZero();
        }
    }

    @Test
    void aHalfFilledSetLimitsIsAnInvalidArgumentAsOnTheBoardAndTakesNoLease() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient c = fx.raw()) {
            c.hello(4, null, "careless");

            Response r = c.call(Request.newBuilder().setSetLimits(SetLimitsRequest.newBuilder()
                    .setWorkingLimits(Limits.newBuilder().setMaxVolts(1.0))));

            assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
            assertThat(r.getMessage()).isEqualTo("max_read_volts 0.0 (expected: > 0 and finite)");
            assertThat(fx.gateway.leaseHolder()).as("a refused request never takes the lease").isNull();
        }
    }

    @Test
    void aLooseningRefusedForWantOfAnAdministratorTakesNoLease() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.adminToken(GatewayFixture.ADMIN_TOKEN)); RawClient c = fx.raw()) {
            Limits working = c.hello(5, null, "eager").getHello().getWorkingLimits();
            c.call(Request.newBuilder().setSetLimits(SetLimitsRequest.newBuilder()
                    .setWorkingLimits(working.toBuilder().setMaxVolts(working.getMaxVolts() / 2))));
            c.call(Request.newBuilder().setLease(org.crossbarhil.protocol.v1.LeaseRequest.newBuilder()
                    .setAction(org.crossbarhil.protocol.v1.LeaseAction.LEASE_ACTION_RELEASE)));
            assertThat(fx.gateway.leaseHolder()).isNull();

            Response r = c.call(Request.newBuilder().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(working)));

            assertThat(r.getStatus()).isEqualTo(Status.STATUS_PERMISSION_DENIED);
            assertThat(fx.gateway.leaseHolder()).isNull();
        }
    }
}
