package org.crossbarhil.driver;

public record DeviceTarget(int row, int col, double targetSiemens) {
    public DeviceTarget {
        if (!(targetSiemens > 0) || Double.isInfinite(targetSiemens)) {
            throw new IllegalArgumentException("targetSiemens: " + targetSiemens + " (expected: > 0)");
        }
    }
}
