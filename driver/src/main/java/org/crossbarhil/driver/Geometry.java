package org.crossbarhil.driver;

/** Tiles of rows x cols devices each. Printed as {@code TILES x ROWSxCOLS}, e.g. "32 x 64x64". */
public record Geometry(int tiles, int rows, int cols) {
    public Geometry {
        if (tiles < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("geometry " + tiles + " x " + rows + "x" + cols + " (expected: all >= 1)");
        }
    }

    public void checkTile(int tile) {
        if (tile < 0 || tile >= tiles) {
            throw new IllegalArgumentException("tile: " + tile + " (expected: 0.." + (tiles - 1) + ")");
        }
    }

    public void checkDevice(int tile, int row, int col) {
        checkTile(tile);
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row: " + row + " (expected: 0.." + (rows - 1) + ")");
        }
        if (col < 0 || col >= cols) {
            throw new IllegalArgumentException("col: " + col + " (expected: 0.." + (cols - 1) + ")");
        }
    }

    @Override
    public String toString() {
        return tiles + " x " + rows + "x" + cols;
    }
}
