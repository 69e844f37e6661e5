package org.crossbarhil.link;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A board address. {@code java.net.URI} rejects {@code sim:} and returns no query for
 * {@code sim:?a=b} or {@code serial:COM3?baud=1}, so this is our own small grammar
 * (docs/board-uris.md):
 *
 * <pre>
 * board-uri  = scheme ":" [ "//" host ":" port | path ] [ "?" param *( "&amp;" param ) ]
 * scheme     = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )       ; lower-cased
 * host       = reg-name / IPv4 / "[" IPv6 "]"
 * param      = name "=" value                                   ; %XX escapes decoded
 *
 * sim:                       sim:?profile=taox-2x64&amp;seed=7
 * tcp://127.0.0.1:7700       tls://bench.lab:7700?token-file=/etc/crossbar/token
 * serial:/dev/ttyUSB0?baud=921600                 serial:COM3
 * </pre>
 *
 * Parameters are kept in order; a name given twice is refused. Which names a scheme accepts is
 * for its provider to say: {@link #requireKnownParameters(Set)} refuses the others by name.
 */
public final class BoardUri {
    private final String text;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final Map<String, String> parameters;

    private BoardUri(String text, String scheme, String host, int port, String path, Map<String, String> parameters) {
        this.text = text;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /** Parses a board URI; throws {@link IllegalArgumentException} naming what is wrong. */
    public static BoardUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty board URI (examples: sim:, tcp://127.0.0.1:7700, serial:/dev/ttyUSB0)");
        }
        // messages quote the URI with any token value masked, as redacted() does
        String shown = mask(text);
        String s = text.strip();
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("board URI '" + shown + "' has no scheme (examples: sim:, tcp://127.0.0.1:7700, serial:/dev/ttyUSB0)");
        }
        String scheme = s.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new IllegalArgumentException("board URI '" + shown + "': invalid scheme '" + scheme + "'");
        }
        String rest = s.substring(colon + 1);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String host = null;
        int port = -1;
        String path = null;
        if (rest.startsWith("//")) {
            String authority = rest.substring(2);
            if (authority.endsWith("/")) {
                authority = authority.substring(0, authority.length() - 1);
            }
            int portColon;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("board URI '" + shown + "': unclosed '[' in IPv6 host");
                }
                host = authority.substring(1, close);
                portColon = authority.indexOf(':', close);
                if (portColon < 0 && close != authority.length() - 1) {
                    throw new IllegalArgumentException("board URI '" + shown + "': unexpected text after IPv6 host");
                }
            } else {
                portColon = authority.lastIndexOf(':');
                host = portColon < 0 ? authority : authority.substring(0, portColon);
            }
            if (host.isEmpty() || host.contains("/")) {
                // only the network schemes have a host: the hint must never be an invalid serial://HOST:PORT
                String expected = scheme.equals("tcp") || scheme.equals("tls") ? scheme + "://HOST:PORT"
                        : "tcp://HOST:PORT or tls://HOST:PORT for a board on the network, serial:PATH for a port, e.g. serial:/dev/ttyUSB0";
                throw new IllegalArgumentException("board URI '" + shown + "': missing or invalid host (expected: " + expected + ")");
            }
            if (portColon >= 0) {
                String p = authority.substring(portColon + 1);
                try {
                    port = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("board URI '" + shown + "': port '" + p + "' is not a number");
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("board URI '" + shown + "': port " + port + " (expected: 1..65535)");
                }
            }
        } else if (!rest.isEmpty()) {
            path = decode(rest, shown);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                if (pair.isEmpty()) {
                    throw new IllegalArgumentException("board URI '" + shown + "': empty parameter (stray '&')");
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("board URI '" + shown + "': parameter '" + pair + "' is not name=value");
                }
                String name = decode(pair.substring(0, eq), shown);
                String value = decode(pair.substring(eq + 1), shown);
                if (params.put(name, value) != null) {
                    throw new IllegalArgumentException("board URI '" + shown + "': parameter '" + name + "' given twice");
                }
            }
        }
        return new BoardUri(s, scheme, host, port, path, params);
    }

    private static String mask(String text) {
        return text.replaceAll("([?&]token=)[^&]*", "$1***");
    }

    private static String decode(String s, String text) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("board URI '" + text + "': bad %-escape in '" + s + "'");
        }
    }

    public String scheme() {
        return scheme;
    }

    /** Host of {@code scheme://host:port} URIs, else null. */
    public String host() {
        return host;
    }

    /** Port of {@code scheme://host:port} URIs, else -1. */
    public int port() {
        return port;
    }

    /** The part after {@code scheme:} of path-style URIs ({@code serial:/dev/ttyUSB0}), else null. */
    public String path() {
        return path;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    public String parameter(String name, String defaultValue) {
        return parameters.getOrDefault(name, defaultValue);
    }

    public int intParameter(String name, int defaultValue) {
        String v = parameters.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("board URI '" + redacted() + "': " + name + "=" + v + " is not an integer");
        }
    }

    public double doubleParameter(String name, double defaultValue) {
        String v = parameters.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("board URI '" + redacted() + "': " + name + "=" + v + " is not a finite number");
        }
    }

    /** Refuses, by name, any parameter not in {@code known}. */
    public void requireKnownParameters(Set<String> known) {
        for (String name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("board URI '" + redacted() + "': unknown parameter '" + name
                        + "' for scheme " + scheme + ": (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** The URI as given, with the values of secret-bearing parameters replaced by "***". */
    public String redacted() {
        return parameters.containsKey("token") ? mask(text) : text;
    }

    @Override
    public String toString() {
        return redacted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoardUri && ((BoardUri) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
