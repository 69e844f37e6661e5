package org.crossbarhil.driver;

/** Conductances (siemens) of a rectangle of one tile, row-major. */
public record ConductanceMap(int tile, int firstRow, int firstCol, int rows, int cols, float[] siemens) {
    public ConductanceMap {
        if (siemens.length != rows * cols) {
            throw new IllegalArgumentException("siemens has " + siemens.length + " values for " + rows + "x" + cols);
        }
    }

    /** Conductance of the device at absolute (row, col) of the tile. */
    public double get(int row, int col) {
        int r = row - firstRow;
        int c = col - firstCol;
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("(" + row + ", " + col + ") outside rows " + firstRow + ".."
                    + (firstRow + rows - 1) + ", cols " + firstCol + ".." + (firstCol + cols - 1));
        }
        return siemens[r * cols + c];
    }
}
