package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.List;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway over TLS, with a certificate made by the test for "localhost" (Netty's
 * SelfSignedCertificate: deprecated for its successor in netty-pkitesting, but it needs no extra
 * dependency and works on Java 17).
 */
@Timeout(30)
@SuppressWarnings("deprecation")
class GatewayTlsTest {
    private static SelfSignedCertificate cert;

    @BeforeAll
    static void makeCertificate() {
        try {
            cert = new SelfSignedCertificate("localhost");
        } catch (java.security.cert.CertificateException e) {
            Assumptions.abort("cannot make a self-signed certificate on this JVM: " + e.getMessage());
        }
    }

    @AfterAll
    static void deleteCertificate() {
        if (cert != null) {
            cert.delete();
        }
    }

    @Test
    void aClientTrustingTheCertificateCompletesTheHandshakeAndWorks() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.tls(Tls.serverContext(cert.certificate().toPath(),
                cert.privateKey().toPath())).token(GatewayFixture.TOKEN))) {
            assertThat(fx.gateway.readyLine()).isEqualTo("tls 127.0.0.1:" + fx.port());
            try (CrossbarBoard b = Boards.open("tls://localhost:" + fx.port() + "?ca=" + cert.certificate(),
                    GatewayFixture.clientOptions("tls-client").authToken(GatewayFixture.TOKEN).build())) {
                assertThat(b.refreshInfo().capabilities().lease()).isTrue();
                assertThat(b.pulse(0, List.of(DevicePulse.once(2, 3, 1.2, 1e-7)))).isEqualTo(1);
                assertThat(fx.gateway.leaseHolder()).startsWith("tls-client (#");
            }
        }
    }

    @Test
    void aPlainTcpClientCannotTalkToATlsGateway() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.tls(Tls.serverContext(cert.certificate().toPath(),
                cert.privateKey().toPath())).handshakeTimeout(java.time.Duration.ofSeconds(1)))) {
            assertThatThrownBy(() -> Boards.open("tcp://127.0.0.1:" + fx.port(), GatewayFixture.clientOptions("plain")
                    .requestTimeout(java.time.Duration.ofMillis(500)).maxRetransmissions(0).build()))
                    .isInstanceOf(BoardLinkException.class);
            assertThat(fx.gateway.stats().requests()).as("no plain-text frame got past TLS").isZero();
        }
    }

    @Test
    void unreadableCertificateFilesAreNamed() {
        assertThatThrownBy(() -> Tls.serverContext(Path.of("/nonexistent/cert.pem"), Path.of("/nonexistent/key.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TLS certificate file /nonexistent/cert.pem cannot be read");
    }

    @Test
    void aKeyThatIsNotPemIsRefusedSayingWhatIsExpected(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        java.nio.file.Files.writeString(key, "not a key\n");
        assertThatThrownBy(() -> Tls.serverContext(cert.certificate().toPath(), key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot set up TLS with certificate")
                .hasMessageContaining("unencrypted PKCS#8");
    }
}
