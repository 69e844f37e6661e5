package org.crossbarhil.trainer.board;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.trainer.nn.ActivityDifference;

/**
 * The Manhattan (sign) rule, and the fallback for boards without parallel updates: the host
 * computes the batch's ΔW = rate · Σ (a⁺b⁺ᵀ − a⁻b⁻ᵀ) for every pair, adds it to a residual it
 * keeps per pair, and where the residual exceeds the threshold θ (half the calibrated pair step)
 * sends one pulse of its sign: SET G⁺ and RESET G⁻ for a positive change, the reverse for a
 * negative one, and takes one pair step off the residual. The residual carries changes smaller
 * than one pulse into later batches instead of dropping them (without it, per-batch changes much
 * smaller than a pulse would never move a device). Pairs the health map marked are never pulsed.
 */
public final class ManhattanUpdater implements PulseUpdater {
    private final HealthMap health;
    private final Map<Integer, float[][]> residuals = new HashMap<>();

    public ManhattanUpdater(HealthMap health) {
        this.health = health;
    }

    @Override
    public void update(BoardSynapses layer, ActivityDifference d) {
        int in = layer.inputs() + 1;
        int out = layer.outputs();
        float[][] r = residuals.computeIfAbsent(layer.layer(), k -> new float[out][in]);
        for (int s = 0; s < d.batch(); s++) {
            float[] ap = d.postPlus()[s];
            float[] am = d.postMinus()[s];
            float[] bp = StochasticUpdater.withBias(d.prePlus()[s], 1f);
            float[] bm = StochasticUpdater.withBias(d.preMinus()[s], 1f);
            for (int j = 0; j < out; j++) {
                float cp = d.rate() * ap[j];
                float cm = d.rate() * am[j];
                if (cp == 0f && cm == 0f) {
                    continue;
                }
                float[] rj = r[j];
                for (int i = 0; i < in; i++) {
                    rj[i] += cp * bp[i] - cm * bm[i];
                }
            }
        }
        float step = (float) layer.mapping().pairStep();
        float theta = step / 2;
        PulseSettings p = layer.io().pulses();
        for (Block b : layer.blocks()) {
            List<DevicePulse> pulses = new ArrayList<>();
            for (int u = b.firstUnit(); u < b.firstUnit() + b.unitCount(); u++) {
                for (int i = b.firstInput(); i < b.firstInput() + b.inputCount(); i++) {
                    float res = r[u][i];
                    if (Math.abs(res) <= theta) {
                        continue;
                    }
                    int row = b.row(i);
                    if (health.isFaulty(b.tile(), row, b.plusCol(u)) || health.isFaulty(b.tile(), row, b.minusCol(u))) {
                        r[u][i] = 0;
                        continue;
                    }
                    boolean up = res > 0;
                    pulses.add(DevicePulse.once(row, b.plusCol(u), up ? p.setVolts() : p.resetVolts(), p.widthSeconds()));
                    pulses.add(DevicePulse.once(row, b.minusCol(u), up ? p.resetVolts() : p.setVolts(), p.widthSeconds()));
                    r[u][i] -= up ? step : -step;
                }
            }
            if (!pulses.isEmpty()) {
                layer.io().counters().updatePulses.addAndGet(layer.io().pulse(b.tile(), pulses));
            }
        }
    }
}
