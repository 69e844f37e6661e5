package org.crossbarhil.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The board URI and link options every board-facing subcommand takes. */
final class BoardOptions {
    @Parameters(index = "0", paramLabel = "URI", defaultValue = "sim:",
            description = "Board URI (default: ${DEFAULT-VALUE}): sim:[?profile=P&seed=S&...], tcp://HOST:PORT, "
                    + "tls://HOST:PORT, serial:PATH[?baud=B].")
    String uri;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for each response before retransmitting (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--client-name", paramLabel = "NAME",
            description = "How this client is named to a gateway (its audit log, the lease holder) "
                    + "(default: USER@HOST from the user and host names).")
    String clientName;

    CrossbarBoard open() {
        return Boards.open(uri, driverOptions());
    }

    /** USER@HOST: the audit log of a shared gateway should name a person and a machine, not a process. */
    static String defaultClientName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return System.getProperty("user.name", "unknown-user") + "@" + host;
    }

    /** The link options these flags describe (timeout, client name, CROSSBAR_TOKEN). */
    DriverOptions driverOptions() {
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("--timeout: " + timeoutSeconds + " (expected: > 0 seconds)");
        }
        DriverOptions.Builder options = DriverOptions.builder()
                .requestTimeout(Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000))))
                .clientName(clientName != null ? clientName : defaultClientName());
        String token = System.getenv("CROSSBAR_TOKEN");
        if (token != null && !token.isBlank()) {
            options.authToken(token);
        }
        return options.build();
    }
}
