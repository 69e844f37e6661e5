package org.crossbarhil.driver;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rectangle of one tile: rows [firstRow, lastRow] and columns [firstCol, lastCol], inclusive.
 * Written {@code TILE:R0-R1,C0-C1}, e.g. {@code 0:0-7,0-7}; a single row or column may be written
 * alone ({@code 1:5,0-3}).
 */
public record Region(int tile, int firstRow, int lastRow, int firstCol, int lastCol) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+):(\\d+)(?:-(\\d+))?,(\\d+)(?:-(\\d+))?");

    public Region {
        if (tile < 0 || firstRow < 0 || firstCol < 0 || lastRow < firstRow || lastCol < firstCol) {
            throw new IllegalArgumentException("region " + tile + ":" + firstRow + "-" + lastRow + "," + firstCol + "-" + lastCol
                    + " (expected: non-negative, first <= last)");
        }
    }

    public static Region parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("region '" + text + "' (expected: TILE:R0-R1,C0-C1, e.g. 0:0-7,0-7)");
        }
        int tile = Integer.parseInt(m.group(1));
        int r0 = Integer.parseInt(m.group(2));
        int r1 = m.group(3) == null ? r0 : Integer.parseInt(m.group(3));
        int c0 = Integer.parseInt(m.group(4));
        int c1 = m.group(5) == null ? c0 : Integer.parseInt(m.group(5));
        return new Region(tile, r0, r1, c0, c1);
    }

    public int rows() {
        return lastRow - firstRow + 1;
    }

    public int cols() {
        return lastCol - firstCol + 1;
    }

    public boolean contains(int row, int col) {
        return row >= firstRow && row <= lastRow && col >= firstCol && col <= lastCol;
    }

    /** Refuses a region that does not fit the board's geometry. */
    public void checkWithin(Geometry g) {
        g.checkTile(tile);
        if (lastRow >= g.rows() || lastCol >= g.cols()) {
            throw new IllegalArgumentException("region " + this + " exceeds the tile of " + g.rows() + "x" + g.cols());
        }
    }

    @Override
    public String toString() {
        return tile + ":" + firstRow + "-" + lastRow + "," + firstCol + "-" + lastCol;
    }
}
