package org.crossbarhil.trainer.board;

import java.util.Locale;

/** How training updates reach the devices. */
public enum UpdateRule {
    /** Parallel stochastic outer-product pulses (default; needs the board's parallel update). */
    STOCHASTIC,
    /** One pulse of the sign of ΔW per pair where |ΔW| exceeds a threshold (the fallback). */
    MANHATTAN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UpdateRule parse(String s) {
        for (UpdateRule r : values()) {
            if (r.label().equals(s.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("update rule '" + s + "' (expected: stochastic or manhattan)");
    }
}
