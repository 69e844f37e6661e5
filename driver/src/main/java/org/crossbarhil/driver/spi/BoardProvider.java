package org.crossbarhil.driver.spi;

import java.util.Set;
import org.crossbarhil.driver.BoardUri;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;

/**
 * Opens boards for some URI schemes. Providers are found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/org.crossbarhil.driver.spi.BoardProvider} file): the driver ships
 * {@code tcp}, {@code tls} and {@code serial}; the simulator ships {@code sim}. Nothing that uses
 * boards needs a compile-time dependency on a provider.
 */
public interface BoardProvider {
    /** Lower-case schemes this provider opens, e.g. {@code Set.of("tcp")}. */
    Set<String> schemes();

    /** One line for error messages and {@code --help}, e.g. "tcp://HOST:PORT  a board or gateway over TCP". */
    String usage();

    /**
     * Connects and completes the handshake. Unknown URI parameters are refused by name with an
     * {@link IllegalArgumentException}; link failures are {@code BoardLinkException}s.
     */
    CrossbarBoard open(BoardUri uri, DriverOptions options);
}
