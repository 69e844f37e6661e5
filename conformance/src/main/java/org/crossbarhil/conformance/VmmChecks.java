package org.crossbarhil.conformance;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.crossbarhil.driver.BoardInfo;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.Region;
import org.crossbarhil.driver.VmmDirection;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;

/**
 * Vector-matrix multiplies agree with the conductances the board reads: forward currents are
 * Σ V·G down each column, transposed ones Σ V·G along each row, the two directions see the same
 * matrix, and a batch gives what the same vectors give one by one. Tolerances (docs/conformance.md):
 * 5% of Σ|V|·G for effects reads cannot see (I-V non-linearity between the read voltage and the
 * inputs, converter gain), 5 sigma of read noise, two ADC steps, half a DAC step per input.
 */
final class VmmChecks {
    /** Effects a conductance read cannot predict exactly, relative to Σ|V|·G. */
    static final double SYSTEMATIC = 0.05;
    /** Between two VMMs of the same inputs only noise differs; small slack for drift and gain. */
    static final double SAME_INPUT_SYSTEMATIC = 0.01;
    /** VMM checks use at most this many lines each way of the sample, keeping frames small. */
    static final int MAX_LINES = 16;
    static final int VECTORS = 8;

    private VmmChecks() {
    }

    static List<Check> all() {
        return List.of(
                Check.readOnly("vmm-forward-matches-reads", ctx -> matchesReads(ctx, VmmDirection.FORWARD)),
                Check.readOnly("vmm-transposed-matches-reads", ctx -> matchesReads(ctx, VmmDirection.TRANSPOSED)),
                Check.readOnly("vmm-transposed-is-transpose", VmmChecks::transposeAgrees),
                Check.readOnly("vmm-batched-matches-single", VmmChecks::batchedMatchesSingle));
    }

    /** The part of the sample the VMM checks drive. */
    static Region block(SuiteContext ctx) {
        Region s = ctx.sample();
        return new Region(s.tile(), s.firstRow(), Math.min(s.lastRow(), s.firstRow() + MAX_LINES - 1), s.firstCol(),
                Math.min(s.lastCol(), s.firstCol() + MAX_LINES - 1));
    }

    /** What the board's converters and limits allow the checks to apply and resolve. */
    record Periphery(double maxInputVolts, double readVolts, double dacLsbVolts, int adcBits, List<Double> ranges) {
        static Periphery of(BoardInfo info) {
            double vmax = Math.min(info.readConfig().readVolts(),
                    Math.min(info.converters().dacFullScaleVolts(), info.limits().working().maxReadVolts()));
            int dacBits = info.converters().dacBits();
            double lsb = dacBits > 1 ? info.converters().dacFullScaleVolts() / (Math.pow(2, dacBits - 1) - 1) : 0;
            List<Double> ranges = info.converters().adcFullScaleAmperes().stream().sorted().toList();
            return new Periphery(vmax, info.readConfig().readVolts(), lsb, info.converters().adcBits(), ranges);
        }

        /** Onto the DAC grid, toward zero, so that a quantised value never exceeds its limit. */
        float quantise(double volts) {
            double q = volts;
            if (dacLsbVolts > 0) {
                double codes = volts / dacLsbVolts;
                q = (codes < 0 ? Math.ceil(codes - 1e-9) : Math.floor(codes + 1e-9)) * dacLsbVolts;
                q = Math.abs(q) > Math.abs(volts) ? volts : q;
            }
            // the wire carries floats: never round up past the limit the double respected
            float f = (float) q;
            return Math.abs((double) f) > Math.abs(q) ? Math.nextAfter(f, 0.0) : f;
        }

        /** The smallest ADC range holding {@code amperes} with 25% headroom, or 0 when none does. */
        double rangeFor(double amperes) {
            for (double r : ranges) {
                if (r >= 1.25 * amperes) {
                    return r;
                }
            }
            return 0;
        }

        double largestRange() {
            return ranges.isEmpty() ? 0 : ranges.get(ranges.size() - 1);
        }

        double adcLsb(double range) {
            return adcBits > 1 ? range / Math.pow(2, adcBits - 1) : 0;
        }
    }

    /** Inputs ready to send: vectors [b][line], the ADC range chosen, and predictions from reads. */
    record Plan(float[][] volts, double range, double[][] predicted, double[][] tolerance) {
    }

    static float[][] randomInputs(Periphery conv, int vectors, int lines, long seed, double scale) {
        Random rnd = new Random(seed);
        float[][] v = new float[vectors][lines];
        for (int b = 0; b < vectors; b++) {
            for (int i = 0; i < lines; i++) {
                v[b][i] = conv.quantise(conv.maxInputVolts() * scale * (2 * rnd.nextDouble() - 1));
            }
        }
        return v;
    }

    /**
     * Predicted currents for {@code volts} on a matrix {@code g[row][col]}: forward sums down each
     * column, transposed along each row.
     */
    static double[][] predict(double[][] g, float[][] volts, VmmDirection dir) {
        int rows = g.length;
        int cols = g[0].length;
        int outs = dir == VmmDirection.FORWARD ? cols : rows;
        double[][] y = new double[volts.length][outs];
        for (int b = 0; b < volts.length; b++) {
            for (int o = 0; o < outs; o++) {
                double sum = 0;
                for (int in = 0; in < volts[b].length; in++) {
                    double gij = dir == VmmDirection.FORWARD ? g[in][o] : g[o][in];
                    sum += volts[b][in] * gij;
                }
                y[b][o] = sum;
            }
        }
        return y;
    }

    /**
     * Per-output tolerance of a VMM against {@code g}: {@code systematic} of Σ|V|·G, 5 sigma of
     * the noise, two ADC steps and half a DAC step per input. The noise is that of
     * {@code vmmCopies} VMMs (device read noise on each current plus the amplifier floor, taken
     * as the read floor times the read voltage) and, when {@code gReads} > 0, that of G itself,
     * estimated from that many reads.
     */
    static double[][] tolerance(double[][] g, float[][] volts, VmmDirection dir, Noise noise, Periphery conv, double range,
            double systematic, int vmmCopies, int gReads) {
        int rows = g.length;
        int cols = g[0].length;
        int outs = dir == VmmDirection.FORWARD ? cols : rows;
        double amplifier = noise.absoluteSiemens() * conv.readVolts();
        double[][] t = new double[volts.length][outs];
        for (int b = 0; b < volts.length; b++) {
            for (int o = 0; o < outs; o++) {
                double abs = 0;
                double deviceVar = 0;
                double estimateVar = 0;
                double gsum = 0;
                double vsum = 0;
                for (int in = 0; in < volts[b].length; in++) {
                    double gij = dir == VmmDirection.FORWARD ? g[in][o] : g[o][in];
                    double v = volts[b][in];
                    abs += Math.abs(v) * gij;
                    double rel = v * noise.relativeSigma() * gij;
                    deviceVar += rel * rel;
                    double s = v * noise.sigma(gij);
                    estimateVar += s * s;
                    gsum += gij;
                    vsum += Math.abs(v);
                }
                double var = vmmCopies * (deviceVar + amplifier * amplifier) + (gReads > 0 ? estimateVar / gReads : 0);
                t[b][o] = systematic * abs + Noise.SIGMAS * Math.sqrt(var) + 2 * conv.adcLsb(range) + gsum * conv.dacLsbVolts() / 2
                        + (gReads > 0 ? noise.resolutionSiemens() * vsum : 0);
            }
        }
        return t;
    }

    static double[][] matrix(double[] rowMajor, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(rowMajor, r * cols, m[r], 0, cols);
        }
        return m;
    }

    static float[] flatten(float[][] v) {
        float[] flat = new float[v.length * v[0].length];
        for (int b = 0; b < v.length; b++) {
            System.arraycopy(v[b], 0, flat, b * v[0].length, v[0].length);
        }
        return flat;
    }

    static VmmSpec spec(Region block, VmmDirection dir, float[][] volts, double range) {
        boolean fwd = dir == VmmDirection.FORWARD;
        return new VmmSpec(block.tile(), dir, volts.length, fwd ? block.firstRow() : block.firstCol(), volts[0].length,
                fwd ? block.firstCol() : block.firstRow(), fwd ? block.cols() : block.rows(), flatten(volts), range, 0);
    }

    static VmmResult run(CrossbarBoard b, Region block, VmmDirection dir, float[][] volts, double range) {
        VmmResult r = b.vmm(spec(block, dir, volts, range));
        int outs = dir == VmmDirection.FORWARD ? block.cols() : block.rows();
        Verdict.require(r.vectorCount() == volts.length && r.outputCount() == outs && r.amperes().length == volts.length * outs,
                "asked for " + volts.length + " x " + outs + " outputs, got " + r.vectorCount() + " x " + r.outputCount()
                + " (" + r.amperes().length + " values)");
        return r;
    }

    static void requireTransposed(SuiteContext ctx) {
        if (!ctx.info().capabilities().transposedVmm()) {
            throw Verdict.skip("the board does not offer transposed VMM (capabilities)");
        }
    }

    /** Inputs for {@code lines} driven lines whose predicted currents fit an ADC range, and that range. */
    static Plan plan(SuiteContext ctx, double[][] g, VmmDirection dir, int vectors, long seed) {
        Periphery conv = Periphery.of(ctx.info());
        int lines = dir == VmmDirection.FORWARD ? g.length : g[0].length;
        float[][] volts = randomInputs(conv, vectors, lines, seed, 1.0);
        double peak = peak(predict(g, volts, dir));
        double range = conv.rangeFor(peak);
        if (range == 0) {
            // the largest range cannot hold these currents: drive less, never clip
            volts = randomInputs(conv, vectors, lines, seed, conv.largestRange() / (1.25 * peak));
            range = conv.largestRange();
        }
        double[][] predicted = predict(g, volts, dir);
        double[][] tol = tolerance(g, volts, dir, ctx.noise(), conv, range, SYSTEMATIC, 1, ReadChecks.REPEATS);
        return new Plan(volts, range, predicted, tol);
    }

    static double peak(double[][] y) {
        double p = 0;
        for (double[] row : y) {
            for (double v : row) {
                p = Math.max(p, Math.abs(v));
            }
        }
        return p;
    }

    static String matchesReads(SuiteContext ctx, VmmDirection dir) {
        if (dir == VmmDirection.TRANSPOSED) {
            requireTransposed(ctx);
        }
        Region block = block(ctx);
        ctx.noise();
        double[][] g = matrix(ctx.readAveraged(block, ReadChecks.REPEATS), block.rows(), block.cols());
        Plan p = plan(ctx, g, dir, VECTORS / 2, dir == VmmDirection.FORWARD ? 11 : 12);
        VmmResult r = run(ctx.board(), block, dir, p.volts(), p.range());
        Verdict.require(r.clipped() == 0, r.clipped() + " outputs clipped in the " + p.range() + " A range although the reads "
                + "predict at most " + String.format(Locale.ROOT, "%.3g A", peak(p.predicted())));
        double worst = compare(r, p.predicted(), p.tolerance(), "read-predicted", dir);
        return String.format(Locale.ROOT, "%d vectors on %s, ADC range %.3g A: largest error %.2f of the tolerance",
                p.volts().length, block, p.range(), worst);
    }

    /**
     * Largest |measured - expected| / tolerance; fails naming the worst output when above 1.
     */
    static double compare(VmmResult r, double[][] expected, double[][] tol, String what, VmmDirection dir) {
        double worst = 0;
        int wb = 0;
        int wo = 0;
        for (int b = 0; b < expected.length; b++) {
            for (int o = 0; o < expected[b].length; o++) {
                double ratio = Math.abs(r.get(b, o) - expected[b][o]) / tol[b][o];
                if (!(ratio <= worst)) {
                    worst = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
                    wb = b;
                    wo = o;
                }
            }
        }
        if (worst > 1) {
            throw Verdict.fail(String.format(Locale.ROOT, "vector %d, %s output %d: measured %.4g A, %s %.4g A "
                    + "(tolerance %.3g A)", wb, dir == VmmDirection.FORWARD ? "column" : "row", wo, r.get(wb, wo), what,
                    expected[wb][wo], tol[wb][wo]));
        }
        return worst;
    }

    /** Unit inputs on each line, both ways: the forward columns and the transposed rows describe one matrix. */
    static String transposeAgrees(SuiteContext ctx) {
        requireTransposed(ctx);
        Region block = block(ctx);
        Noise noise = ctx.noise();
        Periphery conv = Periphery.of(ctx.info());
        double[][] g = matrix(ctx.readAveraged(block, ReadChecks.REPEATS), block.rows(), block.cols());
        double gmax = 0;
        for (double[] row : g) {
            for (double v : row) {
                gmax = Math.max(gmax, v);
            }
        }
        float v0 = conv.quantise(conv.maxInputVolts());
        double range = conv.rangeFor(gmax * v0);
        if (range == 0) {
            v0 = conv.quantise(conv.largestRange() / (1.25 * gmax));
            range = conv.largestRange();
        }
        Verdict.require(v0 > 0, "no usable input voltage: DAC step " + conv.dacLsbVolts() + " V, max input " + conv.maxInputVolts() + " V");
        VmmResult fwd = run(ctx.board(), block, VmmDirection.FORWARD, basis(block.rows(), v0), range);
        VmmResult tr = run(ctx.board(), block, VmmDirection.TRANSPOSED, basis(block.cols(), v0), range);
        double worst = 0;
        String where = "";
        for (int i = 0; i < block.rows(); i++) {
            for (int j = 0; j < block.cols(); j++) {
                double f = fwd.get(i, j) / v0;
                double t = tr.get(j, i) / v0;
                double gij = Math.max(g[i][j], Math.max(Math.abs(f), Math.abs(t)));
                double amps = Math.hypot(noise.relativeSigma() * gij * v0, noise.absoluteSiemens() * conv.readVolts());
                double tol = SYSTEMATIC * gij + (Noise.SIGMAS * Math.sqrt(2) * amps + 2 * conv.adcLsb(range)) / v0;
                double ratio = Math.abs(f - t) / tol;
                if (!(ratio <= worst)) {
                    worst = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
                    where = String.format(Locale.ROOT, "device (%d, %d): forward sees %.4g S, transposed %.4g S (tolerance %.3g S)",
                            block.firstRow() + i, block.firstCol() + j, f, t, tol);
                }
            }
        }
        Verdict.require(worst <= 1, where);
        return String.format(Locale.ROOT, "%d x %d unit inputs of %.3g V each way agree: largest difference %.2f of the tolerance",
                block.rows(), block.cols(), v0, worst);
    }

    static float[][] basis(int n, float v0) {
        float[][] v = new float[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = v0;
        }
        return v;
    }

    static String batchedMatchesSingle(SuiteContext ctx) {
        Region block = block(ctx);
        Noise noise = ctx.noise();
        Periphery conv = Periphery.of(ctx.info());
        double[][] g = matrix(ctx.readAveraged(block, ReadChecks.REPEATS), block.rows(), block.cols());
        Plan p = plan(ctx, g, VmmDirection.FORWARD, VECTORS, 13);
        CrossbarBoard b = ctx.board();
        VmmResult batched = run(b, block, VmmDirection.FORWARD, p.volts(), p.range());
        double[][] single = new double[VECTORS][];
        for (int v = 0; v < VECTORS; v++) {
            VmmResult one = run(b, block, VmmDirection.FORWARD, new float[][] {p.volts()[v]}, p.range());
            single[v] = new double[one.outputCount()];
            for (int o = 0; o < one.outputCount(); o++) {
                single[v][o] = one.get(0, o);
            }
        }
        double[][] tol = tolerance(g, p.volts(), VmmDirection.FORWARD, noise, conv, p.range(), SAME_INPUT_SYSTEMATIC, 2, 0);
        double worst = compare(batched, single, tol, "one by one", VmmDirection.FORWARD);
        return String.format(Locale.ROOT, "%d vectors batched vs one by one: largest difference %.2f of the tolerance", VECTORS, worst);
    }
}
