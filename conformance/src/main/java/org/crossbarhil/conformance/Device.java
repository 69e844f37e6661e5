package org.crossbarhil.conformance;

/** One crosspoint of the tile under test. */
record Device(int row, int col) {
    @Override
    public String toString() {
        return "(" + row + ", " + col + ")";
    }
}
