package org.crossbarhil.trainer.board;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.driver.Geometry;

/**
 * Which tile holds which part of which layer. Layer l (inputs n_{l-1} plus a bias row, outputs
 * n_l as column pairs) needs (n_{l-1} + 1) rows and 2·n_l columns; a layer larger than a tile is
 * cut into a grid of row chunks and column chunks of equal size (within one), one block per tile,
 * and the host sums the partial currents of the row chunks. Tiles are used in order from 0.
 *
 * <p>Pairs sit on neighbouring columns of the same tile so that one outer-product request moves
 * both devices of a pair in opposite directions, and so that the transposed VMM (columns driven
 * with +v on G⁺ and −v on G⁻) forms the differential current on the wire: the hidden layers'
 * feedback, which carries the small activity differences, is then read without the common mode
 * of the pair.
 */
public record Placement(List<List<Block>> layers, Geometry geometry) {
    public Placement {
        layers = layers.stream().map(List::copyOf).toList();
    }

    /** Plans the placement of a network with the given layer sizes (inputs first), or refuses it. */
    public static Placement plan(int[] sizes, Geometry geometry) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output layer");
        }
        int pairsPerTile = geometry.cols() / 2;
        if (pairsPerTile < 1) {
            throw new IllegalArgumentException("tiles of " + geometry.cols() + " column cannot hold a differential pair");
        }
        int needed = 0;
        StringBuilder detail = new StringBuilder();
        for (int l = 1; l < sizes.length; l++) {
            int rowChunks = ceilDiv(sizes[l - 1] + 1, geometry.rows());
            int colChunks = ceilDiv(sizes[l], pairsPerTile);
            needed += rowChunks * colChunks;
            detail.append(detail.length() == 0 ? "" : ", ").append("layer ").append(l).append(" (").append(sizes[l - 1] + 1)
                    .append(" rows x ").append(2 * sizes[l]).append(" columns): ").append(rowChunks * colChunks);
        }
        if (needed > geometry.tiles()) {
            throw new NetworkDoesNotFitException("network " + describe(sizes) + " needs " + needed + " tiles of " + geometry.rows() + "x"
                    + geometry.cols() + " (" + detail + "; weights as differential pairs on two columns, one bias row per layer), "
                    + "but the board has " + geometry.tiles() + ": choose a smaller network or a board with more tiles", needed);
        }
        List<List<Block>> layers = new ArrayList<>();
        int tile = 0;
        for (int l = 1; l < sizes.length; l++) {
            int rowsNeeded = sizes[l - 1] + 1;
            int rowChunks = ceilDiv(rowsNeeded, geometry.rows());
            int colChunks = ceilDiv(sizes[l], pairsPerTile);
            List<Block> blocks = new ArrayList<>();
            for (int r = 0; r < rowChunks; r++) {
                int r0 = chunkStart(rowsNeeded, rowChunks, r);
                int r1 = chunkStart(rowsNeeded, rowChunks, r + 1);
                for (int c = 0; c < colChunks; c++) {
                    int u0 = chunkStart(sizes[l], colChunks, c);
                    int u1 = chunkStart(sizes[l], colChunks, c + 1);
                    blocks.add(new Block(l - 1, tile++, r0, r1 - r0, u0, u1 - u0));
                }
            }
            layers.add(blocks);
        }
        return new Placement(layers, geometry);
    }

    public int tilesUsed() {
        return layers.stream().mapToInt(List::size).sum();
    }

    public List<Block> allBlocks() {
        return layers.stream().flatMap(List::stream).toList();
    }

    public static String describe(int[] sizes) {
        StringBuilder sb = new StringBuilder();
        for (int s : sizes) {
            sb.append(sb.length() == 0 ? "" : "-").append(s);
        }
        return sb.toString();
    }

    private static int chunkStart(int total, int chunks, int index) {
        return (int) ((long) total * index / chunks);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
