package org.crossbarhil.trainer;

import java.util.Locale;

public enum DatasetKind {
    BRAILLE,
    IRIS,
    MNIST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DatasetKind parse(String s) {
        for (DatasetKind k : values()) {
            if (k.label().equals(s.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("data set '" + s + "' (expected: braille, iris or mnist)");
    }
}
