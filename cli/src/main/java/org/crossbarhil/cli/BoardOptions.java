package org.crossbarhil.cli;

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

    CrossbarBoard open() {
        return Boards.open(uri, driverOptions());
    }

    /** The link options these flags describe (timeout, client name, CROSSBAR_TOKEN). */
    DriverOptions driverOptions() {
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("--timeout: " + timeoutSeconds + " (expected: > 0 seconds)");
        }
        DriverOptions.Builder options = DriverOptions.builder()
                .requestTimeout(Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000))))
                .clientName("crossbar-cli@" + ProcessHandle.current().pid());
        String token = System.getenv("CROSSBAR_TOKEN");
        if (token != null && !token.isBlank()) {
            options.authToken(token);
        }
        return options.build();
    }
}
