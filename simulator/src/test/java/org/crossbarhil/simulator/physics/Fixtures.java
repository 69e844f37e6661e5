package org.crossbarhil.simulator.physics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossbarhil.simulator.config.SimConfig;

/** Builds arrays from URI-style parameters for physics tests. */
final class Fixtures {
    private Fixtures() {
    }

    static CrossbarArray array(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new CrossbarArray(SimConfig.fromParameters(m).physics());
    }

    static final java.util.function.BooleanSupplier NEVER = () -> false;
}
