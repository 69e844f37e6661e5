package org.crossbarhil.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Reads a secret token from a file: surrounding whitespace (a trailing newline) is not part of it. */
public final class TokenFile {
    private TokenFile() {
    }

    /**
     * @param what names the token in messages ("token file", "admin token file")
     * @throws IllegalArgumentException naming the file (never the content) when it cannot be read or is empty
     */
    public static String read(Path file, String what) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + " is empty");
        }
        return token;
    }

    /** True when others than the owner may read the file (POSIX file systems only). */
    public static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
