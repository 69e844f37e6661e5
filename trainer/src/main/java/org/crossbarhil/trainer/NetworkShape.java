package org.crossbarhil.trainer;

import java.util.Arrays;
import java.util.Objects;

/** The hidden layer sizes between a data set's inputs and outputs (none: a single-layer network). */
public record NetworkShape(int[] hidden) {
    public NetworkShape {
        hidden = Objects.requireNonNull(hidden, "hidden").clone();
        for (int h : hidden) {
            checkLayer(h);
        }
    }

    static void checkLayer(int size) {
        if (size < 1 || size > 65_536) {
            throw new IllegalArgumentException("hidden layer size: " + size + " (expected: 1..65536)");
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** The network's layer sizes for a data set's input and output sizes. */
    public int[] sizes(int inputs, int outputs) {
        int[] s = new int[hidden.length + 2];
        s[0] = inputs;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = outputs;
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkShape n && Arrays.equals(hidden, n.hidden);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden);
    }

    @Override
    public String toString() {
        return "NetworkShape" + Arrays.toString(hidden);
    }
}
