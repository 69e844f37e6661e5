package org.crossbarhil.driver;

import java.util.List;
import org.crossbarhil.driver.internal.UriOptions;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.LinkProvider;
import org.crossbarhil.link.Links;

/**
 * Opens a board by URI: the {@link LinkProvider} on the class path for its scheme makes the
 * connector, the URI's client parameters ({@code timeout}, {@code client}, {@code token-file})
 * go on top of the caller's options, and the one protocol client runs over it.
 */
public final class Boards {
    private Boards() {
    }

    public static CrossbarBoard open(String uri) {
        return open(BoardUri.parse(uri), DriverOptions.defaults());
    }

    public static CrossbarBoard open(String uri, DriverOptions options) {
        return open(BoardUri.parse(uri), options);
    }

    public static CrossbarBoard open(BoardUri uri, DriverOptions options) {
        Connector connector = Links.connector(uri);
        return ProtocolBoards.open(connector, withUriParameters(uri, options), uri.redacted());
    }

    /** {@code options} with the URI's {@code timeout}, {@code client} and (where the scheme takes one) token. */
    static DriverOptions withUriParameters(BoardUri uri, DriverOptions options) {
        LinkProvider provider = Links.provider(uri.scheme());
        return provider.takesToken() ? UriOptions.applyWithToken(uri, options) : UriOptions.apply(uri, options);
    }

    /** Whether a provider for {@code scheme} is on the class path. */
    public static boolean knowsScheme(String scheme) {
        return Links.providers().containsKey(scheme);
    }

    /** One usage line per known scheme. */
    public static List<String> usages() {
        return Links.usages();
    }
}
