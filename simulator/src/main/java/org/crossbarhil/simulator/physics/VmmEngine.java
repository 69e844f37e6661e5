package org.crossbarhil.simulator.physics;

/**
 * The batched VMM: DAC, I-V nonlinearity, the multiply-accumulate on the tile, read noise, TIA
 * noise, ADC with clipping and averaging of K conversions, and the ledger entries.
 *
 * <p>Read noise is per device (a fraction {@code read_noise} of each device's current), but the
 * ADC only ever sees a line's sum, and a sum of independent Gaussians is one Gaussian with the
 * summed variance. So instead of rows x cols random numbers per vector the kernel draws one per
 * output and conversion, with standard deviation
 *
 * <pre>
 * sd_j = sqrt( read_noise^2 * sum_i (v_i (1 + k v_i^2))^2 G_ij^2  +  tia_noise^2 )
 * </pre>
 *
 * The variance sum runs in the same pass as the currents, over a cached G squared. The pass is
 * a hand loop over contiguous floats, which the JIT vectorises, ordered driven line outermost and
 * vector next: each row of G (and G squared) is loaded once per batch and applied to every
 * vector while it sits in L1, instead of streaming the whole tile once per vector (which is what
 * makes a 1024x1024 tile memory-bound). Inputs at 0 V are skipped: a hard-sigmoid network sends
 * many. docs/benchmarks.md, "Simulator VMM", compares it with a plain product and with EJML.
 */
final class VmmEngine {
    private final ReadPathParams rp;
    private final CostParams costs;
    private final Drift drift;
    private final IrDrop irDrop;
    private float[] y = new float[0];
    private float[] s = new float[0];
    private float[] f = new float[0];
    private float[] tangentShare = new float[0];
    private float[] z = new float[0];
    private float[] acc = new float[0];
    private boolean[] hit = new boolean[0];

    VmmEngine(ReadPathParams rp, CostParams costs, Drift drift) {
        this.rp = rp;
        this.costs = costs;
        this.drift = drift;
        this.irDrop = rp.irDrop() ? new IrDrop(rp.wireOhms()) : null;
    }

    /**
     * Runs {@code vectorCount} vectors. Arguments are assumed checked (geometry, envelope): the
     * firmware refuses bad ones before anything runs.
     */
    VmmOutput run(Tile tile, boolean transposed, int vectorCount, int inOffset, int inCount, int outOffset, int outCount,
            float[] volts, double fullScaleAmperes, int reads, double integrationSeconds, EnergyLedger ledger) {
        double now = ledger.hardwareSeconds();
        // With IR drop the view is the tile's response through its wires, so one kernel serves both.
        TileViews.View view;
        float[] loss = null;
        if (irDrop == null) {
            view = transposed ? tile.views.transposed(drift, now) : tile.views.forward(drift, now);
        } else {
            IrDrop.Response wired = transposed ? tile.views.transposed(drift, now, irDrop, inOffset, inCount)
                    : tile.views.forward(drift, now, irDrop, inOffset, inCount);
            view = wired.view();
            loss = rp.ivNonlinearity() != 0 ? wired.loss() : null;
        }
        double[] lineSums = transposed ? tile.colSum : tile.rowSum;
        double sigma2 = rp.readNoise() * rp.readNoise();
        double tia2 = rp.tiaNoiseAmperes() * rp.tiaNoiseAmperes();
        boolean noisy = sigma2 > 0 || tia2 > 0;
        ensureScratch(vectorCount * outCount, vectorCount * inCount, Math.max(view.sensed(), view.driven()));

        // DAC and I-V nonlinearity once per input; the read energy of every driven line.
        double k = rp.ivNonlinearity();
        double lineEnergy = 0;
        for (int b = 0; b < vectorCount; b++) {
            int vb = b * inCount;
            for (int i = 0; i < inCount; i++) {
                double q = rp.dac(volts[vb + i]);
                double fi = q * (1 + k * q * q);
                f[vb + i] = (float) fi;
                if (loss != null) {
                    // IrDrop: the share of the current lost to the wires that the chord slope misses.
                    tangentShare[vb + i] = (float) (fi * 2 * k * q * q / (1 + k * q * q));
                }
                lineEnergy += q * fi * lineSums[inOffset + i];
            }
        }
        int sensed = view.sensed();
        accumulate(view.g(), noisy ? view.g2() : null, f, sensed, vectorCount, inOffset, inCount, outOffset, outCount, true);
        if (loss != null) {
            accumulate(loss, null, tangentShare, sensed, vectorCount, inOffset, inCount, outOffset, outCount, false);
        }

        float[] out = new float[vectorCount * outCount];
        int clipped = 0;
        for (int b = 0; b < vectorCount; b++) {
            clipped += convert(out, b * outCount, outCount, reads, noisy, sigma2, tia2, rp.adcBits(), fullScaleAmperes, tile.rng);
        }
        ledger.addReadEnergy(lineEnergy * reads * integrationSeconds, 0);
        long dacConversions = (long) vectorCount * inCount;
        long adcConversions = (long) vectorCount * outCount * reads;
        ledger.addConversions(dacConversions * costs.dacEnergyJoules() + adcConversions * costs.adcEnergyJoules(rp.adcBits()),
                dacConversions + adcConversions);
        ledger.addVmmVectors(vectorCount);
        ledger.addTime(vectorCount * (costs.dacSeconds() + reads * (integrationSeconds + costs.adcSeconds())));
        return new VmmOutput(out, vectorCount, outCount, clipped);
    }

    /**
     * y[b] += sum_i in[b][i] M[i] and, with M2, s[b] += sum_i in[b][i]^2 M2[i], over the output
     * range; {@code clear} starts the sums at 0.
     */
    private void accumulate(float[] m, float[] m2, float[] in, int sensed, int vectors, int inOffset, int inCount,
            int outOffset, int outCount, boolean clear) {
        float[] acc = y;
        float[] var = s;
        boolean noisy = m2 != null;
        if (clear) {
            java.util.Arrays.fill(acc, 0, vectors * outCount, 0f);
            if (noisy) {
                java.util.Arrays.fill(var, 0, vectors * outCount, 0f);
            }
        }
        for (int i = 0; i < inCount; i++) {
            int base = (inOffset + i) * sensed + outOffset;
            for (int b = 0; b < vectors; b++) {
                float fi = in[b * inCount + i];
                if (fi == 0) {
                    continue;
                }
                int yo = b * outCount;
                if (noisy) {
                    float f2 = fi * fi;
                    for (int j = 0; j < outCount; j++) {
                        acc[yo + j] += fi * m[base + j];
                        var[yo + j] += f2 * m2[base + j];
                    }
                } else {
                    for (int j = 0; j < outCount; j++) {
                        acc[yo + j] += fi * m[base + j];
                    }
                }
            }
        }
    }

    /**
     * Noise, ADC and averaging for one vector's outputs (mean in y, sum of squared device
     * currents in s, at {@code offset}): one Gaussian per output and conversion, drawn in a batch;
     * codes clipped to the ADC's range and averaged over K reads. Returns the outputs that hit a
     * rail in any read.
     */
    private int convert(float[] out, int offset, int n, int reads, boolean noisy, double sigma2, double tia2, int bits,
            double fullScale, Rng rng) {
        float[] mean = y;
        float[] sdev = s;
        if (noisy) {
            for (int j = 0; j < n; j++) {
                sdev[offset + j] = (float) Math.sqrt(sigma2 * sdev[offset + j] + tia2);
            }
        }
        boolean ideal = bits == 0;
        double half = ideal ? 1 : Math.pow(2, bits - 1);
        double lsb = fullScale / half;
        double inverseLsb = 1 / lsb;
        double minCode = -half;
        double maxCode = half - 1;
        float[] sum = reads == 1 ? null : acc;
        if (sum != null) {
            java.util.Arrays.fill(sum, 0, n, 0f);
            java.util.Arrays.fill(hit, 0, n, false);
        }
        int clipped = 0;
        for (int r = 0; r < reads; r++) {
            if (noisy) {
                rng.fillGaussians(z, n);
            }
            for (int j = 0; j < n; j++) {
                double x = noisy ? mean[offset + j] + sdev[offset + j] * z[j] : mean[offset + j];
                double value;
                if (ideal) {
                    value = x;
                } else {
                    double raw = Math.rint(x * inverseLsb);
                    double code = raw > maxCode ? maxCode : raw < minCode ? minCode : raw;
                    if (code != raw) {
                        if (sum == null) {
                            clipped++;
                        } else {
                            hit[j] = true;
                        }
                    }
                    value = code * lsb;
                }
                if (sum == null) {
                    out[offset + j] = (float) value;
                } else {
                    sum[j] += (float) value;
                }
            }
        }
        if (sum != null) {
            float inverseReads = 1f / reads;
            for (int j = 0; j < n; j++) {
                out[offset + j] = sum[j] * inverseReads;
                clipped += hit[j] ? 1 : 0;
            }
        }
        return clipped;
    }

    private void ensureScratch(int outputs, int inputs, int lines) {
        if (y.length < outputs) {
            y = new float[outputs];
            s = new float[outputs];
        }
        if (f.length < inputs) {
            f = new float[inputs];
            tangentShare = new float[inputs];
        }
        if (z.length < lines) {
            z = new float[lines];
            acc = new float[lines];
            hit = new boolean[lines];
        }
    }
}
