package org.crossbarhil.link;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The {@link LinkProvider}s on the class path, by scheme. */
public final class Links {
    private Links() {
    }

    /** The provider for a scheme, or an {@link IllegalArgumentException} listing the known schemes. */
    public static LinkProvider provider(String scheme) {
        LinkProvider p = providers().get(scheme);
        if (p == null) {
            throw new IllegalArgumentException("unknown board URI scheme '" + scheme + ":' (known: " + String.join(", ", usages()) + ")");
        }
        return p;
    }

    /**
     * A connector for {@code uri}, its parameters checked against the provider's
     * ({@link LinkProvider#parameters}) first.
     */
    public static Connector connector(BoardUri uri) {
        LinkProvider p = provider(uri.scheme());
        uri.requireKnownParameters(p.parameters());
        return p.connector(uri);
    }

    /** Providers on the class path by scheme, sorted. */
    public static Map<String, LinkProvider> providers() {
        Map<String, LinkProvider> byScheme = new TreeMap<>();
        for (LinkProvider p : ServiceLoader.load(LinkProvider.class, Links.class.getClassLoader())) {
            for (String s : p.schemes()) {
                byScheme.putIfAbsent(s, p);
            }
        }
        return byScheme;
    }

    /** One usage line per known scheme. */
    public static List<String> usages() {
        List<String> lines = new ArrayList<>();
        for (LinkProvider p : new LinkedHashSet<>(providers().values())) {
            lines.add(p.usage());
        }
        if (lines.isEmpty()) {
            lines.add("none: no board provider on the class path");
        }
        return lines;
    }
}
