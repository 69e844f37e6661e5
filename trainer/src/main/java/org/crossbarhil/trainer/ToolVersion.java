package org.crossbarhil.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The crossbar version, from the build: what runs record as their tool version and {@code crossbar --version} prints. */
public final class ToolVersion {
    private static final String VERSION = load();

    private ToolVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = ToolVersion.class.getResourceAsStream("/crossbar-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown": a run is not worth failing for its version label
        }
        return p.getProperty("version", "unknown");
    }
}
