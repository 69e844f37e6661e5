package org.crossbarhil.gateway;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** The gateway's TLS server context, from PEM files. */
public final class Tls {
    private Tls() {
    }

    /**
     * A server context presenting the certificate chain in {@code certPem} with the private key in
     * {@code keyPem} (unencrypted PKCS#8, "BEGIN PRIVATE KEY"; convert others with
     * {@code openssl pkcs8 -topk8 -nocrypt}).
     *
     * @throws IllegalArgumentException naming the file and the reason when they cannot be used
     */
    public static SslContext serverContext(Path certPem, Path keyPem) {
        requireReadable("certificate", certPem);
        requireReadable("private key", keyPem);
        try {
            return SslContextBuilder.forServer(certPem.toFile(), keyPem.toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS with certificate " + certPem + " and key " + keyPem + ": "
                    + rootMessage(e) + " (expected: PEM files; the key unencrypted PKCS#8, e.g. from openssl pkcs8 -topk8 "
                    + "-nocrypt)", e);
        }
    }

    private static void requireReadable(String what, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("TLS " + what + " file " + file + " cannot be read");
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
