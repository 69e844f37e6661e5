package org.crossbarhil.trainer.board;

/**
 * The part of one layer that sits on one tile: inputs [firstInput, firstInput + inputCount) of
 * the layer (the bias is input index {@code layerInputs}) on tile rows 0.., and output units
 * [firstUnit, firstUnit + unitCount) as differential pairs on columns 2u (G⁺) and 2u + 1 (G⁻),
 * u counted from 0 within the block.
 */
public record Block(int layer, int tile, int firstInput, int inputCount, int firstUnit, int unitCount) {
    public int rows() {
        return inputCount;
    }

    public int cols() {
        return 2 * unitCount;
    }

    /** Tile column of the G⁺ device of unit {@code u} (a layer index). */
    public int plusCol(int u) {
        return 2 * (u - firstUnit);
    }

    /** Tile column of the G⁻ device of unit {@code u}. */
    public int minusCol(int u) {
        return 2 * (u - firstUnit) + 1;
    }

    /** Tile row of input {@code i} (a layer index, bias included). */
    public int row(int i) {
        return i - firstInput;
    }
}
