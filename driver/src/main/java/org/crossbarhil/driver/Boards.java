package org.crossbarhil.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.crossbarhil.driver.spi.BoardProvider;

/** Opens a board by URI through whichever {@link BoardProvider} on the class path handles its scheme. */
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
        return provider(uri.scheme()).open(uri, options);
    }

    /** The provider for a scheme, or an {@link IllegalArgumentException} listing the known schemes. */
    public static BoardProvider provider(String scheme) {
        Map<String, BoardProvider> all = providers();
        BoardProvider p = all.get(scheme);
        if (p == null) {
            throw new IllegalArgumentException("unknown board URI scheme '" + scheme + ":' (known: " + String.join(", ", usages()) + ")");
        }
        return p;
    }

    /** Providers on the class path by scheme, sorted. */
    public static Map<String, BoardProvider> providers() {
        Map<String, BoardProvider> byScheme = new TreeMap<>();
        for (BoardProvider p : ServiceLoader.load(BoardProvider.class, Boards.class.getClassLoader())) {
            for (String s : p.schemes()) {
                byScheme.putIfAbsent(s, p);
            }
        }
        return byScheme;
    }

    /** One usage line per known scheme. */
    public static List<String> usages() {
        List<String> lines = new ArrayList<>();
        for (BoardProvider p : new java.util.LinkedHashSet<>(providers().values())) {
            lines.add(p.usage());
        }
        if (lines.isEmpty()) {
            lines.add("none: no board provider on the class path");
        }
        return lines;
    }
}
