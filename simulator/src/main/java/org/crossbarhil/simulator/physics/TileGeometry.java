package org.crossbarhil.simulator.physics;

/** How many tiles the board has and the size of each (every tile the same). */
public record TileGeometry(int tiles, int rows, int cols, ArrayKind arrayKind) {
    /** Largest tile side the simulator supports. */
    public static final int MAX_SIDE = 1024;

    public TileGeometry {
        if (tiles < 1) {
            throw new IllegalArgumentException("tiles: " + tiles + " (expected: >= 1)");
        }
        if (rows < 1 || rows > MAX_SIDE || cols < 1 || cols > MAX_SIDE) {
            throw new IllegalArgumentException("tile " + rows + "x" + cols + " (expected: 1.." + MAX_SIDE + " on each side)");
        }
        if (arrayKind == null) {
            throw new NullPointerException("arrayKind");
        }
    }

}
