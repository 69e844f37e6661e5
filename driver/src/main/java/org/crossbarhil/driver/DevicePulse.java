package org.crossbarhil.driver;

/**
 * {@code count} pulses of {@code volts} (positive SET raises G, negative RESET lowers it) and
 * {@code widthSeconds} on the device at (row, col), V/2 half-select scheme.
 */
public record DevicePulse(int row, int col, double volts, double widthSeconds, int count) {
    public DevicePulse {
        if (row < 0 || col < 0) {
            throw new IllegalArgumentException("row " + row + ", col " + col + " (expected: >= 0)");
        }
        if (!Double.isFinite(volts) || volts == 0) {
            throw new IllegalArgumentException("volts: " + volts + " (expected: non-zero and finite)");
        }
        if (!(widthSeconds > 0) || Double.isInfinite(widthSeconds)) {
            throw new IllegalArgumentException("widthSeconds: " + widthSeconds + " (expected: > 0)");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
        }
    }

    public static DevicePulse once(int row, int col, double volts, double widthSeconds) {
        return new DevicePulse(row, col, volts, widthSeconds, 1);
    }
}
