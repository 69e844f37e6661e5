package org.crossbarhil.link;

import java.io.IOException;
import java.time.Duration;

/**
 * Establishes links to one board address, again and again: the driver calls it on open and after
 * every dropped link. A {@link LinkProvider} makes connectors from board URIs; the link layer does
 * not know what speaks over the links it opens (the driver's {@code ProtocolBoards.open} does).
 */
public interface Connector {
    /**
     * Opens a new link whose incoming bytes go to {@code handler}.
     *
     * @throws IOException with the address and reason when the board cannot be reached in time
     */
    Link connect(LinkHandler handler, Duration timeout) throws IOException;

    /** The address, for messages: "tcp://127.0.0.1:7700". */
    String describe();
}
