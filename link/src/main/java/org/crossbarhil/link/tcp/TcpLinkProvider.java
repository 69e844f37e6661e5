package org.crossbarhil.link.tcp;

import java.util.Set;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.LinkProvider;

/**
 * {@code tcp://HOST:PORT[?timeout=S&token-file=F&client=NAME]}: a board or gateway over plain
 * TCP. See docs/board-uris.md.
 */
public final class TcpLinkProvider implements LinkProvider {
    static final Set<String> PARAMETERS = Set.of("timeout", "token-file", "client");

    @Override
    public Set<String> parameters() {
        return PARAMETERS;
    }

    @Override
    public boolean takesToken() {
        return true;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("tcp");
    }

    @Override
    public String usage() {
        return "tcp://HOST:PORT[?timeout=S&token-file=F&client=NAME]  a board or gateway over TCP";
    }

    @Override
    public Connector connector(BoardUri uri) {
        requireHostAndPort(uri);
        return new TcpConnector(uri.host(), uri.port(), null);
    }

    static void requireHostAndPort(BoardUri uri) {
        if (uri.host() == null || uri.port() < 0) {
            throw new IllegalArgumentException("board URI '" + uri.redacted() + "': expected " + uri.scheme()
                    + "://HOST:PORT (e.g. " + uri.scheme() + "://127.0.0.1:7700)");
        }
    }
}
