package org.crossbarhil.conformance;

import java.util.List;
import java.util.Locale;
import org.crossbarhil.driver.Region;

/** Reads at the configured read voltage: repeatable within noise, and never changing a device. */
final class ReadChecks {
    /** Reads in each repeated set. */
    static final int REPEATS = 5;
    /** Extra reads between two sets, to give a read-disturb a chance to show. */
    static final int DISTURB_READS = 20;

    private ReadChecks() {
    }

    static List<Check> all() {
        return List.of(
                Check.readOnly("read-repeatable", ReadChecks::repeatable),
                Check.readOnly("read-does-not-change-g", ReadChecks::doesNotChange));
    }

    static String repeatable(SuiteContext ctx) {
        Region r = ctx.sample();
        int k = SuiteContext.noiseRepeats(r);
        double[][] reads = ctx.repeatedReads(r, k);
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double[] read : reads) {
            for (double g : read) {
                // a noisy read of a device near its lowest conductance may come out below zero: only finite is required
                Verdict.require(Double.isFinite(g), "a read returned " + g + " S (expected: finite)");
                min = Math.min(min, g);
                max = Math.max(max, g);
            }
        }
        Verdict.require(max > 0, "every read of " + r + " returned 0 S");
        Noise noise = ctx.measureNoise(reads);
        double median = median(SuiteContext.mean(reads));
        double relative = median > 0 ? noise.sigma(median) / median : 0;
        Verdict.require(relative <= Noise.MAX_RELATIVE_SIGMA, String.format(Locale.ROOT,
                "reads of the same devices scatter by %.2f%% at the median conductance %.3g S (%s; expected: <= %.0f%%)",
                relative * 100, median, noise, Noise.MAX_RELATIVE_SIGMA * 100));
        return String.format(Locale.ROOT, "%d devices x %d reads: %s; %.2f%% at the median %.3g S; G %.3g..%.3g S",
                reads[0].length, k, noise, relative * 100, median, min, max);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static String doesNotChange(SuiteContext ctx) {
        Region r = ctx.sample();
        Noise noise = ctx.noise();
        double[] before = ctx.readAveraged(r, REPEATS);
        for (int i = 0; i < DISTURB_READS; i++) {
            ctx.readRegion(r);
        }
        double[] after = ctx.readAveraged(r, REPEATS);
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < before.length; i++) {
            double g = (before[i] + after[i]) / 2;
            double ratio = Math.abs(after[i] - before[i]) / noise.changeThreshold(g, REPEATS);
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = i;
            }
        }
        if (worstRatio > 1) {
            int row = r.firstRow() + worst / r.cols();
            int col = r.firstCol() + worst % r.cols();
            throw Verdict.fail(String.format(Locale.ROOT, "device (%d, %d) went from %.4g S to %.4g S over %d reads "
                    + "(allowed: %.3g S)", row, col, before[worst], after[worst], DISTURB_READS + 2 * REPEATS,
                    noise.changeThreshold((before[worst] + after[worst]) / 2, REPEATS)));
        }
        return String.format(Locale.ROOT, "%d devices unchanged over %d reads (largest change %.2f of the allowed)",
                before.length, DISTURB_READS + 2 * REPEATS, worstRatio);
    }
}
