package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.crossbarhil.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The flags of {@code crossbar serve} reach the gateway's configuration; no gateway is started. */
class ServeCommandTest {
    private static GatewayConfig configOf(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.config();
    }

    @Test
    void theHandshakePoolFlagsReachTheGateway() {
        GatewayConfig c = configOf("--board", "sim:", "--max-handshakes", "10", "--max-handshakes-per-address", "2",
                "--handshake-timeout", "1.5");

        assertThat(c.maxHandshakes()).isEqualTo(10);
        assertThat(c.maxHandshakesPerAddress()).isEqualTo(2);
        assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void withoutFlagsTheGatewaysDefaultsHold() {
        GatewayConfig c = configOf("--board", "sim:");
        GatewayConfig defaults = GatewayConfig.builder().build();

        assertThat(c.maxHandshakes()).isEqualTo(defaults.maxHandshakes());
        assertThat(c.maxHandshakesPerAddress()).isEqualTo(defaults.maxHandshakesPerAddress());
        assertThat(c.handshakeTimeout()).isEqualTo(defaults.handshakeTimeout());
    }

    @Test
    void aPoolSmallerThanItsPerAddressShareIsRefusedWithBothValues() {
        assertThatThrownBy(() -> configOf("--board", "sim:", "--max-handshakes", "4", "--max-handshakes-per-address", "5"))
                .hasMessage("maxHandshakesPerAddress 5 > maxHandshakes 4 (expected: at most the whole pool)");
        assertThatThrownBy(() -> configOf("--board", "sim:", "--handshake-timeout", "0"))
                .hasMessage("--handshake-timeout: 0.0 (expected: seconds > 0)");
    }

    @Test
    void anAuditLogInAMissingDirectoryIsRefusedUnlessMkdirsIsGiven(@TempDir Path dir) {
        Path log = dir.resolve("missing/audit.jsonl");

        assertThatThrownBy(() -> configOf("--board", "sim:", "--audit-log", log.toString()))
                .hasMessage("--audit-log " + log + ": directory " + log.getParent() + " does not exist (create it, or pass --mkdirs)");
        assertThat(Files.exists(log.getParent())).isFalse();

        assertThat(configOf("--board", "sim:", "--audit-log", log.toString(), "--mkdirs").auditLog()).isEqualTo(log);
        assertThat(Files.isDirectory(log.getParent())).isTrue();
    }

    @Test
    void helpExplainsTheHandshakeFlags() {
        CliRun r = CliRun.of("serve", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--max-handshakes=N").contains("--max-handshakes-per-address=N")
                .contains("--handshake-timeout=SECONDS").contains("pushes out the one that has waited");
    }
}
