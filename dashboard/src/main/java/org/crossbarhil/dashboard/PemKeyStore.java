package org.crossbarhil.dashboard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The gateway's TLS material (a PEM certificate chain and its unencrypted PKCS#8 key, as
 * {@code crossbar serve --tls-cert/--tls-key} take them) as the key store Jetty wants, so the
 * page is served with the same certificate as the protocol.
 */
public final class PemKeyStore {
    private PemKeyStore() {
    }

    /** A PKCS#12 store holding the key under "dashboard", protected by {@code password}. */
    public static KeyStore load(Path certPem, Path keyPem, char[] password) {
        try {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certPem))).toArray(new Certificate[0]);
            if (chain.length == 0) {
                throw new IllegalArgumentException("no certificate in " + certPem + " (expected: PEM, -----BEGIN CERTIFICATE-----)");
            }
            String pem = Files.readString(keyPem, StandardCharsets.US_ASCII);
            int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("no unencrypted PKCS#8 key in " + keyPem
                        + " (expected: -----BEGIN PRIVATE KEY-----, e.g. from openssl pkcs8 -topk8 -nocrypt)");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
            String algorithm = chain[0].getPublicKey().getAlgorithm();
            PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("dashboard", key, password, chain);
            return ks;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS material " + certPem + ", " + keyPem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS material " + certPem + ", " + keyPem + ": " + e.getMessage(), e);
        }
    }
}
