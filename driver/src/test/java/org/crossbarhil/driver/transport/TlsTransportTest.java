package org.crossbarhil.driver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.time.Duration;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.fakes.FakeBoard;
import org.crossbarhil.link.tcp.TcpLinkServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tls:// against a TcpLinkServer with a throw-away self-signed certificate for "localhost". */
class TlsTransportTest {
    private static SelfSignedCertificate cert;
    private static TcpLinkServer server;
    private static final FakeBoard BOARD = new FakeBoard();

    @BeforeAll
    static void startServer() throws Exception {
        try {
            cert = new SelfSignedCertificate("localhost");
        } catch (java.security.cert.CertificateException e) {
            Assumptions.abort("cannot make a self-signed certificate on this JVM (no keytool?): " + e.getMessage());
        }
        SslContext ssl = SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
        server = TcpLinkServer.start("127.0.0.1", 0, ssl, BOARD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        if (cert != null) {
            cert.delete();
        }
    }

    private static DriverOptions fast() {
        return DriverOptions.builder().connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ZERO).reconnect(false).build();
    }

    private static int port() {
        return server.address().getPort();
    }

    @Test
    void aServerCertificateSignedByTheGivenCaIsTrusted() {
        try (CrossbarBoard b = Boards.open("tls://localhost:" + port() + "?ca=" + cert.certificate(), fast())) {
            assertThat(b.readDevice(0, 1, 1)).isEqualTo(BOARD.siemens(0, 1, 1));
            assertThat(server.toString()).startsWith("tls server on");
        }
    }

    @Test
    void anUntrustedCertificateFailsTheHandshakeSayingWhy() {
        assertThatThrownBy(() -> Boards.open("tls://localhost:" + port(), fast()))
                .isInstanceOf(BoardLinkException.class)
                .hasMessageStartingWith("cannot connect to tls://localhost:" + port())
                .hasMessageContaining("TLS handshake failed");
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        assertThatThrownBy(() -> Boards.open("tls://127.0.0.1:" + port() + "?ca=" + cert.certificate(), fast()))
                .isInstanceOf(BoardLinkException.class)
                .hasMessageContaining("TLS handshake failed")
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void verificationCanBeSkippedOnlyWhenAskedByItsLongName() {
        try (CrossbarBoard b = Boards.open("tls://127.0.0.1:" + port() + "?insecure-skip-verify=true", fast())) {
            assertThat(b.info().geometry().tiles()).isEqualTo(2);
        }
        assertThatThrownBy(() -> Boards.open("tls://127.0.0.1:" + port() + "?insecure=true", fast()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'insecure' for scheme tls: (known: ca, client, insecure-skip-verify, "
                        + "timeout, token-file)");
    }

    @Test
    void aCaAndSkippingVerificationContradictEachOther() {
        assertThatThrownBy(() -> Boards.open("tls://localhost:" + port() + "?ca=" + cert.certificate()
                + "&insecure-skip-verify=true", fast()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ca= and insecure-skip-verify=true contradict each other");
    }

    @Test
    void anUnreadableCaFileIsNamed() {
        assertThatThrownBy(() -> Boards.open("tls://localhost:" + port() + "?ca=/nonexistent/ca.pem", fast()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ca file /nonexistent/ca.pem cannot be read");
    }
}
