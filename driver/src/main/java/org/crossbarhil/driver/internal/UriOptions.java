package org.crossbarhil.driver.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.link.BoardUri;

/**
 * URI parameters that every transport provider shares, applied on top of the caller's
 * {@link DriverOptions}: {@code timeout} (seconds per request attempt), {@code client} (name shown
 * as lease holder and in audit logs) and, for network schemes, {@code token-file}.
 */
public final class UriOptions {
    /** Environment variable a network client's token is read from when no token-file is named. */
    public static final String TOKEN_ENV = "CROSSBAR_TOKEN";

    private UriOptions() {
    }

    /** Applies {@code timeout} and {@code client}. */
    public static DriverOptions apply(BoardUri uri, DriverOptions base) {
        DriverOptions.Builder b = base.newBuilder();
        String timeout = uri.parameter("timeout");
        if (timeout != null) {
            double seconds = uri.doubleParameter("timeout", 0);
            if (!(seconds > 0) || seconds > 86_400) {
                throw new IllegalArgumentException("board URI '" + uri.redacted() + "': timeout=" + timeout
                        + " (expected: seconds per request attempt, > 0 and <= 86400)");
            }
            b.requestTimeout(Duration.ofNanos((long) (seconds * 1e9)));
        }
        String client = uri.parameter("client");
        if (client != null) {
            if (client.isBlank()) {
                throw new IllegalArgumentException("board URI '" + uri.redacted() + "': client= is empty (expected: a name)");
            }
            b.clientName(client);
        }
        return b.build();
    }

    /**
     * Applies {@code timeout} and {@code client}, then the token: from {@code token-file} when
     * given (surrounding whitespace ignored), else the caller's, else {@value #TOKEN_ENV}.
     */
    public static DriverOptions applyWithToken(BoardUri uri, DriverOptions base) {
        DriverOptions options = apply(uri, base);
        String file = uri.parameter("token-file");
        if (file != null) {
            return options.newBuilder().authToken(readToken(uri, file)).build();
        }
        if (options.authToken() == null) {
            String env = System.getenv(TOKEN_ENV);
            if (env != null && !env.isBlank()) {
                return options.newBuilder().authToken(env).build();
            }
        }
        return options;
    }

    private static String readToken(BoardUri uri, String file) {
        Path path = Path.of(file);
        String token;
        try {
            token = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("board URI '" + uri.redacted() + "': cannot read token-file " + path + ": "
                    + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("board URI '" + uri.redacted() + "': token-file " + path + " is empty");
        }
        return token;
    }
}
