package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.RampSpec;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.protocol.v1.GetLimitsRequest;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tokens: every operation, info included, needs one when configured; only administrators loosen limits. */
@Timeout(30)
class GatewayAuthTest {
    private static GatewayFixture withTokens() throws Exception {
        return GatewayFixture.start(b -> b.token(GatewayFixture.TOKEN).adminToken(GatewayFixture.ADMIN_TOKEN));
    }

    private static BoardStatus statusOf(Throwable t) {
        return ((BoardStatusException) t).status();
    }

    @Test
    void aClientWithoutATokenIsRefusedAtTheHandshakeWithAClearMessage() throws Exception {
        try (GatewayFixture fx = withTokens()) {
            assertThatThrownBy(() -> fx.client("nobody"))
                    .isInstanceOf(BoardStatusException.class)
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.UNAUTHENTICATED))
                    .hasMessageContaining("this gateway requires a token: set CROSSBAR_TOKEN or add token-file=FILE");
            assertThat(fx.gateway.stats().authFailures()).isEqualTo(1);
            assertThat(fx.board.received(Request.BodyCase.INFO)).as("nothing reached the board").isZero();
        }
    }

    @Test
    void aWrongTokenIsRefusedAndTheConnectionClosed() throws Exception {
        try (GatewayFixture fx = withTokens(); RawClient r = fx.raw()) {
            Response hello = r.hello(5, "not-the-token-at-all-sorry", "guesser");
            assertThat(hello.getStatus()).isEqualTo(Status.STATUS_UNAUTHENTICATED);
            assertThat(hello.getMessage()).contains("the token is not this gateway's").doesNotContain(GatewayFixture.TOKEN);
            Eventually.await("the gateway to close the connection", Duration.ofSeconds(2), r::closedByPeer);
        }
    }

    @Test
    void infoBeforeTheHandshakeIsRefusedAndNeedsTheToken() throws Exception {
        try (GatewayFixture fx = withTokens(); RawClient r = fx.raw()) {
            Response info = r.call(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance()));
            assertThat(info.getStatus()).isEqualTo(Status.STATUS_FAILED_PRECONDITION);
            assertThat(info.getMessage()).contains("info before the handshake: send Hello with the gateway's token first");
        }
    }

    @Test
    void theTokenFromATokenFileWithSurroundingWhitespaceIsAccepted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "  " + GatewayFixture.TOKEN + "\n\n");
        try (GatewayFixture fx = withTokens()) {
            CrossbarBoard b = fx.client(GatewayFixture.clientOptions("filed").build(), "?token-file=" + file);
            assertThat(b.refreshInfo().geometry().tiles()).isEqualTo(2);
            assertThat(fx.gateway.stats().authFailures()).isZero();
        }
    }

    @Test
    void aHolderMayTightenTheWorkingLimitsButNotLoosenThem() throws Exception {
        try (GatewayFixture fx = withTokens()) {
            CrossbarBoard holder = fx.client(GatewayFixture.clientOptions("holder").authToken(GatewayFixture.TOKEN).build(), "");
            Limits hard = holder.info().limits().hard();
            Limits tighter = hard.toBuilder().maxVolts(1.5).maxPulsesPerCommand(100).build();

            assertThat(holder.setWorkingLimits(tighter).working().maxVolts()).isEqualTo(1.5);
            assertThatThrownBy(() -> holder.setWorkingLimits(hard))
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.PERMISSION_DENIED))
                    .hasMessageContaining("set_limits would loosen max_volts 1.5 -> 2, max_pulses_per_command 100 -> 1048576")
                    .hasMessageContaining("loosening takes an administrator");
            assertThat(fx.board.received(Request.BodyCase.SET_LIMITS)).as("the refused loosening never reached the board").isEqualTo(1);
        }
    }

    @Test
    void aLooseningToThreeBillionPulsesPerCommandIsCaughtNotReadAsANegativeNumber() throws Exception {
        try (GatewayFixture fx = withTokens(); RawClient r = fx.raw()) {
            r.hello(21, GatewayFixture.TOKEN, "sly");
            org.crossbarhil.protocol.v1.Limits hard = r.call(Request.newBuilder().setGetLimits(GetLimitsRequest.getDefaultInstance()))
                    .getLimits().getHardLimits();

            Response refused = r.call(Request.newBuilder().setSetLimits(SetLimitsRequest.newBuilder()
                    .setWorkingLimits(hard.toBuilder().setMaxPulsesPerCommand((int) 3_000_000_000L))));

            assertThat(refused.getStatus()).isEqualTo(Status.STATUS_PERMISSION_DENIED);
            assertThat(refused.getMessage()).contains("set_limits would loosen max_pulses_per_command "
                    + Integer.toUnsignedString(hard.getMaxPulsesPerCommand()) + " -> 3000000000");
            assertThat(fx.board.received(Request.BodyCase.SET_LIMITS)).as("never forwarded").isZero();
        }
    }

    @Test
    void anAdministratorMayLoosenTheWorkingLimitsBackToTheHardOnes() throws Exception {
        try (GatewayFixture fx = withTokens()) {
            CrossbarBoard user = fx.client(GatewayFixture.clientOptions("user").authToken(GatewayFixture.TOKEN).build(), "");
            Limits hard = user.info().limits().hard();
            user.setWorkingLimits(hard.toBuilder().maxVolts(1.5).build());
            user.lease(org.crossbarhil.driver.LeaseAction.RELEASE, null);

            CrossbarBoard admin = fx.client(GatewayFixture.clientOptions("admin").authToken(GatewayFixture.ADMIN_TOKEN).build(), "");
            assertThat(admin.setWorkingLimits(hard).working().maxVolts()).isEqualTo(2.0);
        }
    }

    @Test
    void formingTakesAnAdministratorWhileARampWithinTheWorkingLimitsDoesNot() throws Exception {
        try (GatewayFixture fx = withTokens()) {
            CrossbarBoard user = fx.client(GatewayFixture.clientOptions("user").authToken(GatewayFixture.TOKEN).build(), "");
            RampSpec forming = new RampSpec(0, 1, 1, 0.5, 1.1, 0.1, 1e-6, 0, 50e-6, 0, true);
            assertThatThrownBy(() -> user.ramp(forming))
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.PERMISSION_DENIED))
                    .hasMessageContaining("takes an administrator")
                    .hasMessageContaining("Nothing was applied");
            assertThat(fx.board.received(Request.BodyCase.RAMP)).as("a refused forming ramp never reaches the board").isZero();

            user.ramp(new RampSpec(0, 1, 1, 0.5, 1.1, 0.1, 1e-6, 0, 50e-6, 0, false));
            assertThat(fx.board.received(Request.BodyCase.RAMP)).isEqualTo(1);
            user.lease(org.crossbarhil.driver.LeaseAction.RELEASE, null);

            CrossbarBoard admin = fx.client(GatewayFixture.clientOptions("admin").authToken(GatewayFixture.ADMIN_TOKEN).build(), "");
            admin.ramp(forming);
            assertThat(fx.board.received(Request.BodyCase.RAMP)).isEqualTo(2);
        }
    }

    @Test
    void anObserversWriteIsRefusedEvenWithAValidToken() throws Exception {
        try (GatewayFixture fx = withTokens()) {
            CrossbarBoard a = fx.client(GatewayFixture.clientOptions("a").authToken(GatewayFixture.TOKEN).build(), "");
            CrossbarBoard b = fx.client(GatewayFixture.clientOptions("b").authToken(GatewayFixture.TOKEN).build(), "");
            a.pulse(0, List.of(DevicePulse.once(0, 0, 1.2, 1e-7)));
            assertThatThrownBy(() -> b.pulse(0, List.of(DevicePulse.once(0, 0, 1.2, 1e-7))))
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.LEASE_HELD))
                    .as("two programs sharing a token still contend for the lease")
                    .hasMessageContaining("held by a (#");
        }
    }
}
