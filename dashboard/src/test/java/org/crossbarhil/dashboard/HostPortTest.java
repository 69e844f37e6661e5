package org.crossbarhil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void aBarePortListensOnLoopback() {
        assertThat(HostPort.parse("8080")).isEqualTo(new HostPort("127.0.0.1", 8080));
        assertThat(HostPort.parse("8080").loopback()).isTrue();
    }

    @Test
    void aHostAndPortAreBothTaken() {
        assertThat(HostPort.parse("0.0.0.0:0")).isEqualTo(new HostPort("0.0.0.0", 0));
        assertThat(HostPort.parse("0.0.0.0:0").loopback()).isFalse();
        assertThat(HostPort.parse("[::1]:9000")).isEqualTo(new HostPort("::1", 9000));
    }

    @Test
    void aPortBeyondTheRangeIsRefusedWithTheBound() {
        assertThatThrownBy(() -> HostPort.parse("70000")).hasMessage("dashboard address: port 70000 (expected: 0..65535, 0 = any free port)");
    }

    @Test
    void aPortThatIsNoNumberIsRefused() {
        assertThatThrownBy(() -> HostPort.parse("localhost:http"))
                .hasMessage("dashboard address 'localhost:http': 'http' is not a port (expected: [HOST:]PORT)");
    }
}
