package org.crossbarhil.link.tcp;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.LinkProvider;

/**
 * {@code tls://HOST:PORT[?ca=PEM&timeout=S&token-file=F&client=NAME]}: a gateway over TLS. The
 * server certificate is checked against {@code ca} (a PEM file of trusted certificates) or, without
 * it, the JVM's default trust store, and its name against HOST.
 * {@code insecure-skip-verify=true} turns both checks off: for tests with throw-away certificates
 * only, never for a bench on a shared network.
 */
public final class TlsLinkProvider implements LinkProvider {
    /** TCP's parameters, and the two that choose whom to trust. */
    static final Set<String> PARAMETERS = union(TcpLinkProvider.PARAMETERS, Set.of("ca", "insecure-skip-verify"));

    @Override
    public Set<String> parameters() {
        return PARAMETERS;
    }

    @Override
    public boolean takesToken() {
        return true;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    @Override
    public Set<String> schemes() {
        return Set.of("tls");
    }

    @Override
    public String usage() {
        return "tls://HOST:PORT[?ca=PEM&timeout=S&token-file=F&client=NAME]  a gateway over TLS";
    }

    @Override
    public Connector connector(BoardUri uri) {
        TcpLinkProvider.requireHostAndPort(uri);
        return new TcpConnector(uri.host(), uri.port(), clientContext(uri));
    }

    static SslContext clientContext(BoardUri uri) {
        String insecure = uri.parameter("insecure-skip-verify", "false");
        if (!insecure.equals("true") && !insecure.equals("false")) {
            throw new IllegalArgumentException("board URI '" + uri.redacted() + "': insecure-skip-verify=" + insecure
                    + " (expected: true or false)");
        }
        String ca = uri.parameter("ca");
        if (ca != null && insecure.equals("true")) {
            throw new IllegalArgumentException("board URI '" + uri.redacted()
                    + "': ca= and insecure-skip-verify=true contradict each other; give one");
        }
        SslContextBuilder b = SslContextBuilder.forClient();
        if (insecure.equals("true")) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            b.endpointIdentificationAlgorithm("HTTPS");
            if (ca != null) {
                File file = new File(ca);
                if (!file.canRead()) {
                    throw new IllegalArgumentException("board URI '" + uri.redacted() + "': ca file " + file
                            + " cannot be read");
                }
                b.trustManager(file);
            }
        }
        try {
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("board URI '" + uri.redacted() + "': cannot set up TLS"
                    + (ca != null ? " with ca " + ca : "") + ": " + e.getMessage(), e);
        }
    }
}
