package org.crossbarhil.driver.net;

import java.util.Set;
import org.crossbarhil.driver.BoardUri;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.driver.internal.UriOptions;
import org.crossbarhil.driver.spi.BoardProvider;
import org.crossbarhil.driver.spi.Connector;

/**
 * {@code tcp://HOST:PORT[?timeout=S&token-file=F&client=NAME]}: a board or gateway over plain
 * TCP. See docs/board-uris.md.
 */
public final class TcpBoardProvider implements BoardProvider {
    static final Set<String> PARAMETERS = Set.of("timeout", "token-file", "client");

    @Override
    public Set<String> schemes() {
        return Set.of("tcp");
    }

    @Override
    public String usage() {
        return "tcp://HOST:PORT[?timeout=S&token-file=F&client=NAME]  a board or gateway over TCP";
    }

    @Override
    public Connector connector(BoardUri uri, DriverOptions options) {
        uri.requireKnownParameters(PARAMETERS);
        requireHostAndPort(uri);
        return new TcpConnector(uri.host(), uri.port(), null);
    }

    @Override
    public CrossbarBoard open(BoardUri uri, DriverOptions options) {
        Connector connector = connector(uri, options);
        return ProtocolBoards.open(connector, UriOptions.applyWithToken(uri, options), uri.redacted());
    }

    static void requireHostAndPort(BoardUri uri) {
        if (uri.host() == null || uri.port() < 0) {
            throw new IllegalArgumentException("board URI '" + uri.redacted() + "': expected " + uri.scheme()
                    + "://HOST:PORT (e.g. " + uri.scheme() + "://127.0.0.1:7700)");
        }
    }
}
