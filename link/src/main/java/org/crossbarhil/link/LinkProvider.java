package org.crossbarhil.link;

import java.util.Set;

/**
 * Makes links for some board URI schemes. Providers are found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/org.crossbarhil.link.LinkProvider} file): this module ships
 * {@code tcp}, {@code tls} and {@code serial}; the simulator ships {@code sim}. Nothing that uses
 * boards needs a compile-time dependency on a provider.
 *
 * <p>A provider only makes {@link Connector}s; the driver's {@code Boards.open} runs the one
 * protocol client over them, so every board kind behaves the same, and tools that need raw frames
 * (the conformance suite probing version refusal and idempotency, the gateway relaying frames) use
 * {@link #connector} directly.
 */
public interface LinkProvider {
    /** Lower-case schemes this provider opens, e.g. {@code Set.of("tcp")}. */
    Set<String> schemes();

    /** One line for error messages and {@code --help}, e.g. "tcp://HOST:PORT  a board or gateway over TCP". */
    String usage();

    /**
     * Every URI parameter this scheme accepts, the client's included: a URI with any other is
     * refused by name before anything is connected.
     */
    Set<String> parameters();

    /**
     * Whether the far end may ask for a token (a gateway): then the client reads one from
     * {@code token-file} or the environment.
     */
    default boolean takesToken() {
        return false;
    }

    /**
     * A connector for links to the board at {@code uri}. Unknown or malformed URI parameters are
     * refused by name with an {@link IllegalArgumentException}; nothing is connected yet.
     */
    Connector connector(BoardUri uri);
}
