package org.crossbarhil.trainer.board;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which devices do not respond: every device in use is read, given a burst of SET pulses and read,
 * then a burst of RESET pulses and read. A healthy device moves by several steps in at least one
 * direction (a device at a bound still moves away from it); a stuck one moves by no more than the
 * read noise. The threshold is a fifth of the median movement, and at least six standard
 * deviations of the read noise at the device's conductance (the relative read noise is estimated
 * from two reads of every device: the median of |ΔG|/G is 0.954 σ for Gaussian noise). Bits are {@code row * cols + col} of the
 * tile's geometry, as {@code setUpdateMask} expects.
 */
public final class HealthMap {
    static final int PROBE_PULSES = 10;

    private final Map<Integer, BitSet> faulty;
    private final int tileCols;
    private final int devicesProbed;

    private HealthMap(Map<Integer, BitSet> faulty, int tileCols, int devicesProbed) {
        this.faulty = faulty;
        this.tileCols = tileCols;
        this.devicesProbed = devicesProbed;
    }

    /** A map with no faulty device (for boards probed elsewhere, and tests). */
    public static HealthMap allHealthy(int tileCols) {
        return new HealthMap(new HashMap<>(), tileCols, 0);
    }

    /** Restores a recorded map. */
    public static HealthMap of(Map<Integer, BitSet> faulty, int tileCols, int devicesProbed) {
        Map<Integer, BitSet> copy = new HashMap<>();
        faulty.forEach((t, b) -> copy.put(t, (BitSet) b.clone()));
        return new HealthMap(copy, tileCols, devicesProbed);
    }

    public static HealthMap probe(TileIo io, List<Block> blocks) {
        int tileCols = io.board().info().geometry().cols();
        Map<Integer, float[]> moved = new HashMap<>();
        Map<Integer, float[]> level = new HashMap<>();
        List<Float> all = new ArrayList<>();
        List<Float> scatter = new ArrayList<>();
        int probed = 0;
        for (Block b : blocks) {
            int n = b.rows() * b.cols();
            int[] rows = new int[n];
            int[] cols = new int[n];
            for (int d = 0; d < n; d++) {
                rows[d] = d / b.cols();
                cols[d] = d % b.cols();
            }
            float[] g0 = io.readCorner(b.tile(), b.rows(), b.cols());
            float[] g0again = io.readCorner(b.tile(), b.rows(), b.cols());
            float[] g1 = io.pulseThenRead(b.tile(), rows, cols, true, PROBE_PULSES);
            float[] g2 = io.pulseThenRead(b.tile(), rows, cols, false, PROBE_PULSES);
            float[] m = new float[n];
            for (int d = 0; d < n; d++) {
                m[d] = Math.abs(g1[d] - g0[d]) + Math.abs(g2[d] - g1[d]);
                all.add(m[d]);
                scatter.add(Math.abs(g0again[d] - g0[d]) / Math.max(1e-12f, g0[d]));
            }
            moved.put(b.tile(), m);
            level.put(b.tile(), g0);
            probed += n;
        }
        double floor = 0.2 * Calibration.median(all);
        double relativeSigma = Calibration.median(scatter) / 0.954;
        Map<Integer, BitSet> faulty = new HashMap<>();
        for (Block b : blocks) {
            float[] m = moved.get(b.tile());
            float[] g = level.get(b.tile());
            BitSet bits = new BitSet();
            for (int d = 0; d < m.length; d++) {
                if (m[d] <= Math.max(floor, 6 * relativeSigma * g[d])) {
                    bits.set((d / b.cols()) * tileCols + d % b.cols());
                }
            }
            faulty.put(b.tile(), bits);
        }
        return new HealthMap(faulty, tileCols, probed);
    }

    public boolean isFaulty(int tile, int row, int col) {
        BitSet b = faulty.get(tile);
        return b != null && b.get(row * tileCols + col);
    }

    public Map<Integer, BitSet> all() {
        Map<Integer, BitSet> copy = new HashMap<>();
        faulty.forEach((t, b) -> copy.put(t, (BitSet) b.clone()));
        return copy;
    }

    public int faultyDevices() {
        return faulty.values().stream().mapToInt(BitSet::cardinality).sum();
    }

    public int devicesProbed() {
        return devicesProbed;
    }

}
