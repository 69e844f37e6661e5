package org.crossbarhil.driver;

import java.util.List;

/**
 * One weight layer of a network settled on the board: w = weightScale · (G⁺ − G⁻), its blocks
 * covering every (input, unit) of inputs + 1 rows (the bias row last) by units exactly once.
 *
 * @param weightScale k, weight units per siemens
 */
public record SettleLayer(int inputs, int units, double weightScale, List<SettleBlock> blocks) {
    public SettleLayer {
        if (inputs < 1 || units < 1) {
            throw new IllegalArgumentException("settle layer: " + inputs + " inputs, " + units + " units (expected: >= 1)");
        }
        if (!(weightScale > 0) || Double.isInfinite(weightScale)) {
            throw new IllegalArgumentException("settle layer: weight scale " + weightScale + " S^-1 (expected: finite, > 0)");
        }
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("settle layer of " + inputs + " inputs and " + units + " units: no blocks");
        }
    }
}
