package org.crossbarhil.trainer.board;

import java.util.Map;
import org.crossbarhil.driver.OuterProductSpec;
import org.crossbarhil.trainer.nn.ActivityDifference;

/**
 * Parallel stochastic outer-product pulses, the difference pulsed as two signed rank-1 terms per
 * sample, {@code Δa·b̄ᵀ + ā·Δbᵀ} (one term for the first layer, whose inputs are clamped). For a
 * term u vᵀ (u over the layer's outputs, v over its inputs and bias) and the desired change
 * rate·u_j·v_i, row i fires in each of BL slots with probability P_i = c_r·|v_i| and the columns
 * of pair j with Q_j = c_c·|u_j|; a coincidence SETs G⁺ and RESETs G⁻ (or the reverse, by sign),
 * changing the weight by the calibrated pair step δw in expectation, so c_r·c_c = |rate| / (BL·δw).
 * Update management (aihwkit) balances the two: c_r·max|v| = c_c·max|u|. Probabilities above 1
 * are capped and counted.
 *
 * <p>The pulses land on the layer's own pairs, or (for {@link TikiTakaUpdater}) on a second set
 * of pairs at an offset in the same tiles, with pulses of a fraction of the nominal width (a
 * soft-bounds step is proportional to the width, docs/device-model.md), so that δw scales with it.
 *
 * <p>Only O(rows + cols) numbers travel per term and tile, never the rows x cols matrix.
 */
public final class StochasticUpdater implements PulseUpdater {
    private final int pipelineDepth;
    private final Map<Block, TikiTakaUpdater.Offset> offsets;
    private final double widthFraction;

    public StochasticUpdater(int pipelineDepth) {
        this(pipelineDepth, Map.of(), 1.0);
    }

    /** Pulses onto the pairs at {@code offsets} (blocks absent from it: the block itself), with pulses {@code widthFraction} as wide. */
    StochasticUpdater(int pipelineDepth, Map<Block, TikiTakaUpdater.Offset> offsets, double widthFraction) {
        if (!(widthFraction > 0 && widthFraction <= 1)) {
            throw new IllegalArgumentException("width fraction: " + widthFraction + " (expected: in (0, 1])");
        }
        this.pipelineDepth = pipelineDepth;
        this.offsets = Map.copyOf(offsets);
        this.widthFraction = widthFraction;
    }

    @Override
    public void update(BoardSynapses layer, ActivityDifference d) {
        TileIo io = layer.io();
        PulseSettings p = io.pulses();
        double c = Math.abs(d.rate()) / (p.pulseTrainLength() * layer.mapping().pairStep() * widthFraction);
        float sign = Math.signum(d.rate());
        Pipeline pipe = new Pipeline(pipelineDepth);
        for (int s = 0; s < d.batch(); s++) {
            term(layer, pipe, d.deltaPost(s), withBias(d.meanPre(s), 1f), c, sign);
            if (!d.preClamped()) {
                term(layer, pipe, d.meanPost(s), withBias(d.deltaPre(s), 0f), c, sign);
            }
        }
        pipe.drain();
    }

    private void term(BoardSynapses layer, Pipeline pipe, float[] u, float[] v, double c, float sign) {
        float maxU = maxAbs(u);
        float maxV = maxAbs(v);
        if (maxU == 0f || maxV == 0f) {
            return;
        }
        double cr = Math.sqrt(c * maxU / maxV);
        double cc = Math.sqrt(c * maxV / maxU);
        BoardCounters counters = layer.io().counters();
        float[] rowP = probabilities(v, cr, 1f, counters);
        float[] colQ = probabilities(u, cc, sign, counters);
        PulseSettings p = layer.io().pulses();
        for (Block b : layer.blocks()) {
            float[] rows = new float[b.rows()];
            boolean anyRow = false;
            for (int r = 0; r < b.rows(); r++) {
                rows[r] = rowP[b.firstInput() + r];
                anyRow |= rows[r] != 0f;
            }
            float[] cols = new float[b.cols()];
            boolean anyCol = false;
            for (int k = 0; k < b.unitCount(); k++) {
                float q = colQ[b.firstUnit() + k];
                cols[2 * k] = q;
                cols[2 * k + 1] = -q;
                anyCol |= q != 0f;
            }
            if (!anyRow || !anyCol) {
                continue;
            }
            TikiTakaUpdater.Offset at = offsets.getOrDefault(b, TikiTakaUpdater.Offset.NONE);
            OuterProductSpec spec = new OuterProductSpec(b.tile(), at.rows(), at.cols(), rows, cols, p.pulseTrainLength(), p.setVolts(),
                    p.resetVolts(), p.widthSeconds() * widthFraction);
            pipe.submit(() -> layer.io().board().outerProductUpdateAsync(spec), r -> {
                counters.updatePulses.addAndGet(r.devicePulses());
            });
        }
    }

    private static float[] probabilities(float[] values, double scale, float sign, BoardCounters counters) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            double q = scale * values[i];
            if (Math.abs(q) > 1) {
                counters.cappedProbabilities.incrementAndGet();
                q = Math.signum(q);
            }
            out[i] = sign * (float) q;
        }
        return out;
    }

    static float[] withBias(float[] v, float bias) {
        float[] out = java.util.Arrays.copyOf(v, v.length + 1);
        out[v.length] = bias;
        return out;
    }

    private static float maxAbs(float[] v) {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
