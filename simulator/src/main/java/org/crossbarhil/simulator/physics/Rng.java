package org.crossbarhil.simulator.physics;

/**
 * The simulator's only source of randomness: SplitMix64 (Steele, Lea and Flood 2014) with a
 * ziggurat normal sampler (Marsaglia and Tsang 2000, Doornik's ZIGNOR layout).
 *
 * <p>Written out here rather than borrowed from {@code java.util} so that a seed gives the same
 * numbers on every JDK: the simulator promises bit-identical responses for the same profile, seed
 * and command sequence, and the JDK's Gaussian algorithms have changed between releases. The
 * ziggurat needs about one 64-bit draw per normal deviate, which matters for per-output read
 * noise in the batched VMM.
 *
 * <p>Not thread-safe: each tile owns its own streams, derived with {@link #derive(long, long...)}.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private static final int ZIG_LAYERS = 128;
    private static final double ZIG_R = 3.442619855899;
    private static final double ZIG_V = 9.91256303526217e-3;
    private static final double[] ZIG_X = new double[ZIG_LAYERS + 1];
    private static final double[] ZIG_RATIO = new double[ZIG_LAYERS];

    static {
        // Table set-up uses StrictMath so that the tables, too, are identical everywhere.
        double f = StrictMath.exp(-0.5 * ZIG_R * ZIG_R);
        ZIG_X[0] = ZIG_V / f;
        ZIG_X[1] = ZIG_R;
        ZIG_X[ZIG_LAYERS] = 0;
        for (int i = 2; i < ZIG_LAYERS; i++) {
            ZIG_X[i] = StrictMath.sqrt(-2 * StrictMath.log(ZIG_V / ZIG_X[i - 1] + f));
            f = StrictMath.exp(-0.5 * ZIG_X[i] * ZIG_X[i]);
        }
        for (int i = 0; i < ZIG_LAYERS; i++) {
            ZIG_RATIO[i] = ZIG_X[i + 1] / ZIG_X[i];
        }
    }

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** A generator for one purpose (e.g. tile 3, device draws) that does not overlap others. */
    public static Rng derive(long seed, long... streamIds) {
        long s = mix64(seed ^ 0x5851f42d4c957f2dL);
        for (long id : streamIds) {
            s = mix64(s + GOLDEN_GAMMA * (id + 1));
        }
        return new Rng(s);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Standard normal deviate. */
    public double nextGaussian() {
        while (true) {
            long bits = nextLong();
            int i = (int) (bits & (ZIG_LAYERS - 1));
            double u = 2 * ((bits >>> 11) * DOUBLE_UNIT) - 1;
            if (Math.abs(u) < ZIG_RATIO[i]) {
                return u * ZIG_X[i];
            }
            if (i == 0) {
                return tail(u < 0);
            }
            double x = u * ZIG_X[i];
            double f0 = Math.exp(-0.5 * (ZIG_X[i] * ZIG_X[i] - x * x));
            double f1 = Math.exp(-0.5 * (ZIG_X[i + 1] * ZIG_X[i + 1] - x * x));
            if (f1 + nextDouble() * (f0 - f1) < 1.0) {
                return x;
            }
        }
    }

    /**
     * Fills {@code out[0, n)} with standard normal deviates, two from each 64-bit draw: each
     * 32-bit half gives the layer (7 bits) and a 25-bit signed uniform, plenty for noise that
     * is itself a percent of a signal. The rare draws outside a layer's rectangle take the
     * wedge and tail tests of {@link #nextGaussian()}, so the distribution is exact.
     */
    public void fillGaussians(float[] out, int n) {
        int i = 0;
        while (i < n) {
            long bits = nextLong();
            out[i++] = (float) fromBits((int) bits);
            if (i < n) {
                out[i++] = (float) fromBits((int) (bits >>> 32));
            }
        }
    }

    private double fromBits(int bits) {
        int i = bits & (ZIG_LAYERS - 1);
        double u = (bits >> 7) * 0x1.0p-24;
        if (Math.abs(u) < ZIG_RATIO[i]) {
            return u * ZIG_X[i];
        }
        if (i == 0) {
            return tail(u < 0);
        }
        double x = u * ZIG_X[i];
        double f0 = Math.exp(-0.5 * (ZIG_X[i] * ZIG_X[i] - x * x));
        double f1 = Math.exp(-0.5 * (ZIG_X[i + 1] * ZIG_X[i + 1] - x * x));
        if (f1 + nextDouble() * (f0 - f1) < 1.0) {
            return x;
        }
        // Rejected: the ziggurat starts over with fresh draws, i.e. a new independent deviate.
        return nextGaussian();
    }

    private double tail(boolean negative) {
        double x;
        double y;
        do {
            x = Math.log(1 - nextDouble()) / ZIG_R;
            y = Math.log(1 - nextDouble());
        } while (-2 * y < x * x);
        return negative ? x - ZIG_R : ZIG_R - x;
    }

    /** Normal deviate truncated to [-limit, limit] standard deviations by resampling. */
    public double nextTruncatedGaussian(double limit) {
        double z;
        do {
            z = nextGaussian();
        } while (Math.abs(z) > limit);
        return z;
    }

    /**
     * A {@code length}-bit mask (length &lt;= 64) in which each bit is set with probability
     * {@code p}: one row's or column's firing pattern over the slots of a stochastic pulse train.
     */
    public long bernoulliMask(double p, int length) {
        if (p <= 0) {
            return 0;
        }
        long mask = 0;
        if (p >= 1) {
            return length == 64 ? -1L : (1L << length) - 1;
        }
        for (int b = 0; b < length; b++) {
            if (nextDouble() < p) {
                mask |= 1L << b;
            }
        }
        return mask;
    }
}
