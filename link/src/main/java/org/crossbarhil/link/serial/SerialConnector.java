package org.crossbarhil.link.serial;

import java.io.IOException;
import java.time.Duration;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;

/** Opens the same serial port again and again (first open, and after it vanished). */
public final class SerialConnector implements Connector {
    private final String path;
    private final int baud;

    public SerialConnector(String path, int baud) {
        this.path = path;
        this.baud = baud;
    }

    @Override
    public Link connect(LinkHandler handler, Duration timeout) throws IOException {
        // Opening a local port does not wait on a peer, so the timeout has nothing to bound.
        return SerialPortLink.open(path, baud, handler);
    }

    @Override
    public String describe() {
        return "serial:" + path + "?baud=" + baud;
    }
}
