package org.crossbarhil.driver;

/** Which devices to read. {@code readVolts} 0 = the configured read voltage. */
public record ReadSpec(int tile, ReadScope scope, int row, int col, int rowCount, double readVolts) {
    public ReadSpec {
        if (scope == null) {
            throw new NullPointerException("scope");
        }
        if (tile < 0 || row < 0 || col < 0 || rowCount < 0) {
            throw new IllegalArgumentException("tile, row, col and rowCount must be >= 0: " + tile + ", " + row + ", " + col + ", " + rowCount);
        }
    }

    public static ReadSpec device(int tile, int row, int col) {
        return new ReadSpec(tile, ReadScope.DEVICE, row, col, 0, 0);
    }

    public static ReadSpec row(int tile, int row) {
        return new ReadSpec(tile, ReadScope.ROW, row, 0, 0, 0);
    }

    public static ReadSpec rows(int tile, int firstRow, int rowCount) {
        return new ReadSpec(tile, ReadScope.TILE, firstRow, 0, rowCount, 0);
    }

    public ReadSpec withReadVolts(double volts) {
        return new ReadSpec(tile, scope, row, col, rowCount, volts);
    }
}
