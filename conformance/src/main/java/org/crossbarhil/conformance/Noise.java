package org.crossbarhil.conformance;

import java.util.Locale;

/**
 * How far two observations of the same physical state may differ, from what the board showed
 * about itself in repeated reads. A read of a device of conductance G scatters by
 * sigma(G) = sqrt((relative * G)^2 + absolute^2): a part proportional to the current (device read
 * noise) and a floor (amplifier noise, offsets). Both are fitted to the spread of repeated reads
 * over many devices; {@code resolution} is the smallest step seen between two reads of one device
 * (the read quantisation of a board too quiet to dither it). docs/conformance.md states these
 * rules; comparisons allow 5 sigma, so a failure means a real difference, not bad luck.
 */
record Noise(double relativeSigma, double absoluteSiemens, double resolutionSiemens) {
    /** Sigmas of margin in every "within noise" comparison. */
    static final double SIGMAS = 5;
    /** Relative slack for effects a read cannot see exactly (converter gain, small drift). */
    static final double RELATIVE_FLOOR = 0.005;
    /** Largest relative read noise a conforming board may show at the sample's median conductance. */
    static final double MAX_RELATIVE_SIGMA = 0.05;

    Noise {
        if (!(relativeSigma >= 0) || !(absoluteSiemens >= 0) || !(resolutionSiemens >= 0)) {
            throw new IllegalArgumentException("noise " + relativeSigma + ", " + absoluteSiemens + " S, " + resolutionSiemens
                    + " S (expected: >= 0)");
        }
    }

    /** Standard deviation of one read of a device of conductance {@code g}. */
    double sigma(double g) {
        return Math.hypot(relativeSigma * g, absoluteSiemens);
    }

    /**
     * Fits the noise of {@code reads[k][device]}: k repeated reads of the same devices. The
     * variance of each device, var = a + b G^2, is fitted by least squares over the devices (each
     * term kept non-negative).
     */
    static Noise fit(double[][] reads) {
        int k = reads.length;
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 repeated reads, got " + k);
        }
        int n = reads[0].length;
        double[] mean = new double[n];
        double[] var = new double[n];
        double resolution = Double.MAX_VALUE;
        for (int d = 0; d < n; d++) {
            for (double[] read : reads) {
                mean[d] += read[d] / k;
            }
            for (int i = 0; i < k; i++) {
                double e = reads[i][d] - mean[d];
                var[d] += e * e / (k - 1);
                for (int j = i + 1; j < k; j++) {
                    double step = Math.abs(reads[i][d] - reads[j][d]);
                    if (step > 0) {
                        resolution = Math.min(resolution, step);
                    }
                }
            }
        }
        // least squares of var on (1, G^2)
        double s0 = n;
        double s1 = 0;
        double s2 = 0;
        double t0 = 0;
        double t1 = 0;
        for (int d = 0; d < n; d++) {
            double x = mean[d] * mean[d];
            s1 += x;
            s2 += x * x;
            t0 += var[d];
            t1 += var[d] * x;
        }
        double det = s0 * s2 - s1 * s1;
        double a = det > 0 ? (t0 * s2 - t1 * s1) / det : t0 / s0;
        double b = det > 0 ? (s0 * t1 - s1 * t0) / det : 0;
        if (b < 0) {
            b = 0;
            a = t0 / s0;
        } else if (a < 0) {
            a = 0;
            b = s2 > 0 ? t1 / s2 : 0;
        }
        return new Noise(Math.sqrt(b), Math.sqrt(a), resolution == Double.MAX_VALUE ? 0 : resolution);
    }

    /**
     * Largest difference between the means of two sets of {@code k} reads of one device of
     * conductance {@code g} that still counts as "unchanged".
     */
    double changeThreshold(double g, int k) {
        return SIGMAS * sigma(g) * Math.sqrt(2.0 / k) + RELATIVE_FLOOR * Math.abs(g) + resolutionSiemens;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "read noise %.2f%% + %.3g S", relativeSigma * 100, absoluteSiemens);
    }
}
