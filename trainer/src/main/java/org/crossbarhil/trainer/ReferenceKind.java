package org.crossbarhil.trainer;

import java.util.Locale;

/** A float reference trained alongside the board run, on the same data, network and initialisation. */
public enum ReferenceKind {
    NONE,
    /** Ideal equilibrium propagation on float weights (the same code as the board run, exact arithmetic). */
    EQPROP,
    /** Backprop on the same architecture. */
    BACKPROP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReferenceKind parse(String s) {
        for (ReferenceKind k : values()) {
            if (k.label().equals(s.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("reference '" + s + "' (expected: none, eqprop or backprop)");
    }
}
