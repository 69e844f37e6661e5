package org.crossbarhil.driver;

import org.crossbarhil.link.Connector;

/**
 * Builds a {@link CrossbarBoard} that speaks the wire protocol over links made by a
 * {@link Connector}: handshake, sequence numbers, retransmission with the same idempotency key,
 * timeouts, heartbeat, reconnect with the same session, and the local safety-envelope check.
 * Every provider (TCP, TLS, serial, the in-process simulator) goes through here, so all board
 * kinds behave the same.
 */
public final class ProtocolBoards {
    private ProtocolBoards() {
    }

    /**
     * Connects, performs the handshake (refusing a protocol major-version mismatch with a clear
     * message) and returns the board.
     *
     * @param uri the URI text to report in {@link CrossbarBoard#uri()} and messages (no secrets)
     */
    public static CrossbarBoard open(Connector connector, DriverOptions options, String uri) {
        java.util.Objects.requireNonNull(connector, "connector");
        java.util.Objects.requireNonNull(options, "options");
        java.util.Objects.requireNonNull(uri, "uri");
        return org.crossbarhil.driver.internal.ProtocolClient.open(connector, options, uri);
    }
}
