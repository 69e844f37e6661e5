package org.crossbarhil.driver.spi;

import java.util.Set;
import org.crossbarhil.driver.BoardUri;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.ProtocolBoards;

/**
 * Opens boards for some URI schemes. Providers are found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/org.crossbarhil.driver.spi.BoardProvider} file): the driver ships
 * {@code tcp}, {@code tls} and {@code serial}; the simulator ships {@code sim}. Nothing that uses
 * boards needs a compile-time dependency on a provider.
 *
 * <p>A provider normally only makes {@link Connector}s: {@link #open} then runs the one protocol
 * client over them, so every board kind behaves the same, and tools that need raw frames (the
 * conformance suite probing version refusal and idempotency) can use {@link #connector} directly.
 */
public interface BoardProvider {
    /** Lower-case schemes this provider opens, e.g. {@code Set.of("tcp")}. */
    Set<String> schemes();

    /** One line for error messages and {@code --help}, e.g. "tcp://HOST:PORT  a board or gateway over TCP". */
    String usage();

    /**
     * A connector for raw links to the board at {@code uri}. Unknown URI parameters are refused by
     * name with an {@link IllegalArgumentException}.
     */
    default Connector connector(BoardUri uri, DriverOptions options) {
        throw new UnsupportedOperationException("the " + uri.scheme() + ": provider offers no raw links");
    }

    /**
     * Connects and completes the handshake. Unknown URI parameters are refused by name with an
     * {@link IllegalArgumentException}; link failures are {@code BoardLinkException}s.
     */
    default CrossbarBoard open(BoardUri uri, DriverOptions options) {
        return ProtocolBoards.open(connector(uri, options), options, uri.redacted());
    }
}
