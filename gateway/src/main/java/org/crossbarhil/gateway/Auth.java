package org.crossbarhil.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks the token of a Hello. Both sides are hashed first and compared with
 * {@link MessageDigest#isEqual}, so the time taken says nothing about how much of a guess was
 * right, not even its length. Surrounding whitespace of the presented token is ignored, as in a
 * token file. Tokens are never logged or kept beyond their digests.
 */
final class Auth {
    enum Role {
        REFUSED,
        CLIENT,
        ADMIN
    }

    private final byte[] client;
    private final byte[] admin;

    Auth(String clientToken, String adminToken) {
        this.client = clientToken == null ? null : digest(clientToken.strip());
        this.admin = adminToken == null ? null : digest(adminToken.strip());
    }

    Role check(String presented) {
        byte[] p = digest(presented == null ? "" : presented.strip());
        // Both comparisons always run, so the time does not tell which token matched.
        boolean isAdmin = admin != null && MessageDigest.isEqual(admin, p);
        boolean isClient = client != null && MessageDigest.isEqual(client, p);
        if (isAdmin) {
            return Role.ADMIN;
        }
        if (isClient || client == null) {
            return Role.CLIENT;
        }
        return Role.REFUSED;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
