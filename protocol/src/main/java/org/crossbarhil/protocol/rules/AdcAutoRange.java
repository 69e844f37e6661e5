package org.crossbarhil.protocol.rules;

import java.util.Arrays;
import java.util.List;

/**
 * ADC auto-range for one block and direction (docs/protocol.md section 3.5): the smallest of the
 * board's ranges that holds the largest current seen in the last 16 conversions with 25% headroom.
 * One home for both sides: a board that settles a network itself and the host loop it replaces
 * must choose the same ranges, or their results differ by more than noise. Small ranges resolve the small
 * signals (a hidden unit's activity difference is about one 8-bit step of a range chosen for the
 * worst case); a VMM whose outputs clip is repeated on the next range up (counted, so its cost is
 * visible). Starts on the largest range.
 */
public final class AdcAutoRange {
    private static final int WINDOW = 16;
    private static final double HEADROOM = 1.25;

    private final double[] options;
    private final double[] recent = new double[WINDOW];
    private int seen;
    private int index;

    public AdcAutoRange(List<Double> ranges) {
        options = ranges.stream().mapToDouble(Double::doubleValue).filter(r -> r > 0).sorted().toArray();
        index = options.length - 1;
    }

    /** The range to ask for; 0 (the board's configured range) when the board lists none. */
    public double current() {
        return options.length == 0 ? 0 : options[index];
    }

    /** Moves to the next larger range; false when already on the largest. */
    public boolean widen() {
        if (index < options.length - 1) {
            index++;
            return true;
        }
        return false;
    }

    public void observe(float[] amperes) {
        float max = 0;
        for (float a : amperes) {
            max = Math.max(max, Math.abs(a));
        }
        recent[seen++ % WINDOW] = max;
        if (options.length == 0) {
            return;
        }
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
