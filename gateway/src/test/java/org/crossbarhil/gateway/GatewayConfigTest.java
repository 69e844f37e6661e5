package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One test per rule of the gateway's configuration, each asserting its message. */
class GatewayConfigTest {
    @Test
    void listeningBeyondLoopbackWithoutATokenIsRefused() {
        assertThatThrownBy(() -> GatewayConfig.builder().listen("0.0.0.0", 7700).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refusing to listen on 0.0.0.0 without a token: it is not a loopback address");
    }

    @Test
    void listeningBeyondLoopbackWithATokenIsAllowed() {
        GatewayConfig c = GatewayConfig.builder().listen("0.0.0.0", 7700).token(GatewayFixture.TOKEN).build();
        assertThat(c.requiresToken()).isTrue();
    }

    @Test
    void loopbackByNameOrAddressNeedsNoToken() {
        assertThat(GatewayConfig.builder().listen("localhost", 0).build().requiresToken()).isFalse();
        assertThat(GatewayConfig.builder().listen("::1", 0).build().host()).isEqualTo("::1");
        assertThat(GatewayConfig.builder().build().host()).as("the default").isEqualTo("127.0.0.1");
    }

    @Test
    void aShortTokenIsRefusedWithAHintHowToMakeOne() {
        assertThatThrownBy(() -> GatewayConfig.builder().token("secret"))
                .hasMessage("token has 6 characters (expected: at least 16; e.g. openssl rand -hex 32)");
    }

    @Test
    void theAdminTokenMustDifferFromTheClientToken() {
        assertThatThrownBy(() -> GatewayConfig.builder().token(GatewayFixture.TOKEN).adminToken(" " + GatewayFixture.TOKEN + "\n").build())
                .hasMessageStartingWith("the admin token equals the client token");
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> GatewayConfig.builder().listen("127.0.0.1", 70000))
                .hasMessage("listen port: 70000 (expected: 0..65535, 0 = any free port)");
    }

    @Test
    void theDefaultLeaseMustLieBetweenTheMinimumAndTheMaximum() {
        assertThatThrownBy(() -> GatewayConfig.builder().defaultLease(Duration.ofMillis(50)).build())
                .hasMessageStartingWith("defaultLease: PT0.05S (expected: PT0.1S .. maxLease PT10M)");
        assertThatThrownBy(() -> GatewayConfig.builder().defaultLease(Duration.ofMinutes(20)).build())
                .hasMessageStartingWith("defaultLease: PT20M");
    }

    @Test
    void limitsAreRefusedNotClamped() {
        assertThatThrownBy(() -> GatewayConfig.builder().maxClients(0)).hasMessage("maxClients: 0 (expected: >= 1)");
        assertThatThrownBy(() -> GatewayConfig.builder().maxFrameBytes(100)).hasMessage("maxFrameBytes: 100 (expected: >= 4096)");
        assertThatThrownBy(() -> GatewayConfig.builder().idleTimeout(Duration.ZERO)).hasMessage("idleTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> GatewayConfig.builder().maxUnsentBytes(10))
                .hasMessage("maxUnsentBytes: 10 (expected: >= maxFrameBytes 1048576)");
    }

    @Test
    void tokensNeverAppearInTheDescription() {
        String text = GatewayConfig.builder().token(GatewayFixture.TOKEN).adminToken(GatewayFixture.ADMIN_TOKEN).build().toString();
        assertThat(text).contains("token=***").doesNotContain(GatewayFixture.TOKEN).doesNotContain(GatewayFixture.ADMIN_TOKEN);
    }

    @Test
    void theHandshakePoolIsBoundedAndOneAddressMayNotHoldMoreThanAllOfIt() {
        assertThatThrownBy(() -> GatewayConfig.builder().maxHandshakes(0)).hasMessage("maxHandshakes: 0 (expected: >= 1)");
        assertThatThrownBy(() -> GatewayConfig.builder().maxHandshakesPerAddress(0))
                .hasMessage("maxHandshakesPerAddress: 0 (expected: >= 1)");
        assertThatThrownBy(() -> GatewayConfig.builder().maxHandshakes(4).maxHandshakesPerAddress(5).build())
                .hasMessage("maxHandshakesPerAddress 5 > maxHandshakes 4 (expected: at most the whole pool)");
    }

    @Test
    void unauthenticatedConnectionsGetASmallPoolAndAShortDeadlineByDefault() {
        GatewayConfig c = GatewayConfig.builder().build();
        assertThat(c.maxHandshakes()).isEqualTo(32);
        assertThat(c.maxHandshakesPerAddress()).isEqualTo(8);
        assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.toString()).contains("maxHandshakes=32 (8 per address)");
    }
}
