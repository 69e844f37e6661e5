package org.crossbarhil.trainer.board;

/** Measured conductances (siemens) of the used corner of one tile, row-major. */
public record TileSnapshot(int tile, int rows, int cols, float[] siemens) {
    public TileSnapshot {
        if (siemens.length != rows * cols) {
            throw new IllegalArgumentException("snapshot of tile " + tile + " has " + siemens.length + " values for " + rows + "x" + cols);
        }
    }

    public float get(int row, int col) {
        return siemens[row * cols + col];
    }
}
