package org.crossbarhil.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One test per validation rule of {@link DriverOptions}, asserting the message. */
class DriverOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        DriverOptions o = DriverOptions.defaults();
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.maxRetransmissions()).isEqualTo(2);
        assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.reconnect()).isTrue();
        assertThat(o.reconnectWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.maxInFlight()).isEqualTo(64);
        assertThat(o.sessionId()).as("unset: each open draws its own").isZero();
    }

    @Test
    void aCopyKeepsAnExplicitSessionIdSoAReopenedBoardResumesTheSession() {
        DriverOptions o = DriverOptions.builder().sessionId(0xC0FFEEL).build();
        assertThat(o.newBuilder().requestTimeout(Duration.ofSeconds(1)).build().sessionId()).isEqualTo(0xC0FFEEL);
    }

    @Test
    void aZeroRequestTimeoutIsRefused() {
        assertThatThrownBy(() -> DriverOptions.builder().requestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestTimeout: PT0S (expected: > 0)");
    }

    @Test
    void aNegativeConnectTimeoutIsRefused() {
        assertThatThrownBy(() -> DriverOptions.builder().connectTimeout(Duration.ofMillis(-1)))
                .hasMessage("connectTimeout: PT-0.001S (expected: > 0)");
    }

    @Test
    void aNullDurationIsRefusedByName() {
        assertThatThrownBy(() -> DriverOptions.builder().reconnectWindow(null))
                .isInstanceOf(NullPointerException.class).hasMessage("reconnectWindow");
    }

    @Test
    void negativeRetransmissionsAreRefused() {
        assertThatThrownBy(() -> DriverOptions.builder().maxRetransmissions(-1))
                .hasMessage("maxRetransmissions: -1 (expected: >= 0)");
    }

    @Test
    void aNegativeHeartbeatIntervalIsRefusedButZeroTurnsItOff() {
        assertThatThrownBy(() -> DriverOptions.builder().heartbeatInterval(Duration.ofSeconds(-1)))
                .hasMessage("heartbeatInterval: PT-1S (expected: >= 0, 0 = off)");
        assertThat(DriverOptions.builder().heartbeatInterval(Duration.ZERO).build().heartbeatInterval()).isZero();
    }

    @Test
    void aBlankClientNameIsRefused() {
        assertThatThrownBy(() -> DriverOptions.builder().clientName(" ")).hasMessage("clientName must not be blank");
    }

    @Test
    void anInFlightWindowBelowOneIsRefused() {
        assertThatThrownBy(() -> DriverOptions.builder().maxInFlight(0)).hasMessage("maxInFlight: 0 (expected: >= 1)");
    }

    @Test
    void aFrameSizeBelowTheProtocolMinimumIsRefused() {
        assertThatThrownBy(() -> DriverOptions.builder().maxFrameBytes(1000))
                .hasMessage("maxFrameBytes: 1000 (expected: >= 4096)");
    }

    @Test
    void aTokenIsStrippedAndNeverPrinted() {
        DriverOptions o = DriverOptions.builder().authToken("  s3cret \n").build();
        assertThat(o.authToken()).isEqualTo("s3cret");
        assertThat(o.toString()).contains("token=***").doesNotContain("s3cret");
        assertThat(DriverOptions.builder().authToken("  ").build().authToken()).isNull();
    }
}
