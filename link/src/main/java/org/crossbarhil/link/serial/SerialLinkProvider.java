package org.crossbarhil.link.serial;

import java.util.Set;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.LinkProvider;

/**
 * {@code serial:PORT[?baud=N&timeout=S&client=NAME]}, e.g. {@code serial:/dev/ttyUSB0?baud=921600}
 * or {@code serial:COM3}: a board on a serial line, 8N1. See docs/board-uris.md.
 */
public final class SerialLinkProvider implements LinkProvider {
    /** What ArC ONE uses, and the simulator's default. */
    public static final int DEFAULT_BAUD = 921_600;
    static final int MIN_BAUD = 50;
    static final int MAX_BAUD = 20_000_000;
    static final Set<String> PARAMETERS = Set.of("baud", "timeout", "client");

    @Override
    public Set<String> parameters() {
        return PARAMETERS;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("serial");
    }

    @Override
    public String usage() {
        return "serial:PORT[?baud=N&timeout=S&client=NAME]  a board on a serial port, e.g. serial:/dev/ttyUSB0?baud=921600";
    }

    @Override
    public Connector connector(BoardUri uri) {
        if (uri.host() != null || uri.path() == null || uri.path().isBlank()) {
            throw new IllegalArgumentException("board URI '" + uri.redacted()
                    + "': expected serial:PORT (e.g. serial:/dev/ttyUSB0 or serial:COM3)");
        }
        int baud = uri.intParameter("baud", DEFAULT_BAUD);
        if (baud < MIN_BAUD || baud > MAX_BAUD) {
            throw new IllegalArgumentException("board URI '" + uri.redacted() + "': baud=" + baud + " (expected: "
                    + MIN_BAUD + ".." + MAX_BAUD + ")");
        }
        return new SerialConnector(uri.path(), baud);
    }

}
