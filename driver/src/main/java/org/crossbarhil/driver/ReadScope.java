package org.crossbarhil.driver;

public enum ReadScope {
    DEVICE,
    ROW,
    /** Rows [row, row + rowCount) of a tile, every column; rowCount 0 = to the end. */
    TILE
}
