package org.crossbarhil.simulator.firmware;

import java.util.Arrays;
import java.util.List;

/**
 * The ADC auto-range of a settle (docs/protocol.md section 3.5), one per block and direction of a
 * network: the smallest range that holds the largest current of the last 16 conversions with 25%
 * headroom; outputs that clip are converted again on the next range up. It starts on the largest
 * range. The host loop of the trainer chooses its ranges by the same rule, so that board-side
 * settling and host-iterated VMMs see the same ADC resolution.
 */
final class AutoRange {
    private static final int WINDOW = 16;
    private static final double HEADROOM = 1.25;

    private final double[] options;
    private final double[] recent = new double[WINDOW];
    private int seen;
    private int index;

    AutoRange(List<Double> ranges) {
        options = ranges.stream().mapToDouble(Double::doubleValue).filter(r -> r > 0).sorted().toArray();
        index = options.length - 1;
    }

    double current() {
        return options[index];
    }

    /** Moves to the next larger range; false when already on the largest. */
    boolean widen() {
        if (index < options.length - 1) {
            index++;
            return true;
        }
        return false;
    }

    void observe(float[] amperes) {
        float max = 0;
        for (float a : amperes) {
            max = Math.max(max, Math.abs(a));
        }
        recent[seen++ % WINDOW] = max;
        double peak = Arrays.stream(recent, 0, Math.min(seen, WINDOW)).max().orElse(0) * HEADROOM;
        int best = options.length - 1;
        for (int i = 0; i < options.length; i++) {
            if (options[i] >= peak) {
                best = i;
                break;
            }
        }
        index = best;
    }
}
