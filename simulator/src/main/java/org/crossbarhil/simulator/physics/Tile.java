package org.crossbarhil.simulator.physics;

/**
 * One crossbar tile: the conductance of every device and its device-to-device parameters, in flat
 * row-major {@code float[]} arrays (index = row * cols + col) so that a 1024x1024 tile costs a few
 * tens of megabytes and the VMM loops stream through memory.
 *
 * <p>Row and column sums of G are kept up to date incrementally: the ledger needs them for the
 * energy of half-selected devices and of VMM reads. Derived arrays for the VMM kernels (G squared,
 * the transpose, drift-relaxed values) are cached by {@link TileViews} and rebuilt when
 * {@link #version()} changes.
 */
public final class Tile {
    static final byte FREE = 0;
    static final byte STUCK_LOW = 1;
    static final byte STUCK_HIGH = 2;

    final int index;
    final int rows;
    final int cols;
    final float[] g;
    final float[] gMin;
    final float[] gMax;
    final float[] vthSet;
    final float[] vthReset;
    final float[] gain;
    final byte[] stuck;
    final double[] rowSum;
    final double[] colSum;
    /** Modelled hardware time of each device's last programming; null unless drift is on. */
    final double[] programmedAt;
    /** 1T1R update mask: devices left out of outer-product updates; null when none. */
    java.util.BitSet updateMask;
    final Rng rng;
    final TileViews views;
    private long version;
    /** Lowest threshold of any free device, per polarity: half-selects below them move nothing. */
    private float minVthSet = Float.POSITIVE_INFINITY;
    private float minVthReset = Float.POSITIVE_INFINITY;

    private Tile(int index, int rows, int cols, boolean drift, Rng rng) {
        this.index = index;
        this.rows = rows;
        this.cols = cols;
        int n = rows * cols;
        g = new float[n];
        gMin = new float[n];
        gMax = new float[n];
        vthSet = new float[n];
        vthReset = new float[n];
        gain = new float[n];
        stuck = new byte[n];
        rowSum = new double[rows];
        colSum = new double[cols];
        programmedAt = drift ? new double[n] : null;
        this.rng = rng;
        this.views = new TileViews(this);
    }

    /**
     * Draws every device of tile {@code index}. Each tile has its own random streams derived from
     * the seed and its index, so tiles may be created in any order with the same result.
     */
    static Tile create(PhysicsConfig config, int index) {
        TileGeometry geo = config.geometry();
        DeviceParams d = config.device();
        Tile t = new Tile(index, geo.rows(), geo.cols(), d.drift(), Rng.derive(config.seed(), index, 1));
        Rng draw = Rng.derive(config.seed(), index, 0);
        double trunc = DeviceParams.SPREAD_TRUNCATION;
        int n = t.g.length;
        for (int i = 0; i < n; i++) {
            // A fixed number of draws per device, so that changing one spread or fraction does
            // not reshuffle every other property of the array.
            double zMin = draw.nextTruncatedGaussian(trunc);
            double zMax = draw.nextTruncatedGaussian(trunc);
            double zSet = draw.nextTruncatedGaussian(trunc);
            double zReset = draw.nextTruncatedGaussian(trunc);
            double zGain = draw.nextTruncatedGaussian(trunc);
            double uStuck = draw.nextDouble();
            double uHigh = draw.nextDouble();
            double uInit = draw.nextDouble();
            float lo = (float) (d.gMin() * Math.exp(d.boundSpread() * zMin));
            float hi = (float) (d.gMax() * Math.exp(d.boundSpread() * zMax));
            t.gMin[i] = lo;
            t.gMax[i] = hi;
            t.vthSet[i] = (float) (d.vthSet() + d.vthSpread() * zSet);
            t.vthReset[i] = (float) (d.vthReset() + d.vthSpread() * zReset);
            t.gain[i] = (float) Math.exp(d.d2dGainSpread() * zGain);
            float g0;
            if (uStuck < d.stuckFraction()) {
                boolean high = uHigh < d.stuckHighShare();
                t.stuck[i] = high ? STUCK_HIGH : STUCK_LOW;
                g0 = high ? hi : lo;
            } else {
                switch (d.initialState()) {
                    case MIN:
                        g0 = lo;
                        break;
                    case MAX:
                        g0 = hi;
                        break;
                    case MID:
                        g0 = (lo + hi) / 2;
                        break;
                    default:
                        g0 = (float) (lo + uInit * (hi - lo));
                        break;
                }
            }
            t.g[i] = g0;
            if (t.stuck[i] == FREE) {
                t.minVthSet = Math.min(t.minVthSet, t.vthSet[i]);
                t.minVthReset = Math.min(t.minVthReset, t.vthReset[i]);
            }
        }
        t.recomputeSums();
        return t;
    }

    public int index() {
        return index;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Changes whenever any conductance changes. */
    public long version() {
        return version;
    }

    /** The programmed conductance of one device (no read noise, no drift). */
    public float conductance(int row, int col) {
        return g[row * cols + col];
    }

    public boolean isStuck(int row, int col) {
        return stuck[row * cols + col] != FREE;
    }

    /** True when a pulse of this amplitude (sign = polarity) could move some free device of the tile. */
    boolean canSwitchAny(double volts) {
        return Math.abs(volts) > (volts > 0 ? minVthSet : minVthReset);
    }

    public float gMin(int row, int col) {
        return gMin[row * cols + col];
    }

    public float gMax(int row, int col) {
        return gMax[row * cols + col];
    }

    /** A copy of the programmed conductances, row-major. */
    public float[] snapshot() {
        return g.clone();
    }

    void set(int i, float value, double hardwareSeconds) {
        float old = g[i];
        if (old == value) {
            return;
        }
        g[i] = value;
        double delta = (double) value - old;
        rowSum[i / cols] += delta;
        colSum[i % cols] += delta;
        if (programmedAt != null) {
            programmedAt[i] = hardwareSeconds;
        }
        version++;
    }

    /** Sums in double, recomputed from scratch so that increments never accumulate error for long. */
    void recomputeSums() {
        java.util.Arrays.fill(rowSum, 0);
        java.util.Arrays.fill(colSum, 0);
        for (int r = 0; r < rows; r++) {
            double s = 0;
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                s += g[base + c];
                colSum[c] += g[base + c];
            }
            rowSum[r] = s;
        }
    }

}
