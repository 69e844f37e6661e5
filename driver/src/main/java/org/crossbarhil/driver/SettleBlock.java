package org.crossbarhil.driver;

/**
 * The part of one settle layer on one tile: layer inputs [firstInput, firstInput + inputCount)
 * (the bias is input index {@code inputs} of the layer) on tile rows 0.., units
 * [firstUnit, firstUnit + unitCount) as differential pairs on columns 2u (G⁺) and 2u + 1 (G⁻).
 */
public record SettleBlock(int tile, int firstInput, int inputCount, int firstUnit, int unitCount) {
    public SettleBlock {
        if (tile < 0 || firstInput < 0 || firstUnit < 0) {
            throw new IllegalArgumentException("settle block: tile " + tile + ", first input " + firstInput + ", first unit " + firstUnit
                    + " (expected: >= 0)");
        }
        if (inputCount < 1 || unitCount < 1) {
            throw new IllegalArgumentException("settle block: " + inputCount + " inputs, " + unitCount + " units (expected: >= 1)");
        }
    }
}
