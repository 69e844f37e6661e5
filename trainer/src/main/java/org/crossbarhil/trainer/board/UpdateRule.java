package org.crossbarhil.trainer.board;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How training updates reach the devices. */
public enum UpdateRule {
    /** Parallel stochastic outer-product pulses on the weights (needs the board's parallel update). */
    STOCHASTIC("stochastic", true),
    /**
     * Parallel stochastic outer-product pulses on a second, fast array per layer, moved to the
     * weights by thresholded row transfers (Tiki-Taka); twice the devices.
     */
    TIKI_TAKA("tiki-taka", true),
    /**
     * Host-accumulated: a digital residual per weight on the host, device pulses sent one by one
     * where it exceeds half a step (the fallback for boards without parallel updates).
     */
    MANHATTAN("manhattan", false);

    private final String label;
    private final boolean parallel;

    UpdateRule(String label, boolean parallel) {
        this.label = label;
        this.parallel = parallel;
    }

    public String label() {
        return label;
    }

    /** Whether the rule needs the board's parallel outer-product update. */
    public boolean parallel() {
        return parallel;
    }

    public static UpdateRule parse(String s) {
        for (UpdateRule r : values()) {
            if (r.label.equalsIgnoreCase(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("update rule '" + s + "' (expected: "
                + Arrays.stream(values()).map(UpdateRule::label).collect(Collectors.joining(", ")) + ")");
    }
}
