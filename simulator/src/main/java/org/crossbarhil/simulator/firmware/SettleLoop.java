package org.crossbarhil.simulator.firmware;

import java.util.function.BooleanSupplier;
import java.util.function.IntToDoubleFunction;
import org.crossbarhil.protocol.rules.AdcAutoRange;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SettlePhase;
import org.crossbarhil.protocol.v1.SettleRequest;
import org.crossbarhil.protocol.v1.SettleResponse;
import org.crossbarhil.protocol.v1.SettledPhase;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.physics.VmmOutput;

/**
 * The sweeps of one settle request (docs/protocol.md section 3.5), run with the board's own
 * batched VMMs, so that physics, noise, ledger and determinism are those of the VMM requests
 * the host loop would send. Each step is the host loop's, in the same order and the same float32
 * arithmetic: activities become voltages ρ·V (bias rows at V); a forward VMM per block gives
 * h_j = (k/V)·Σ_blocks (I⁺_j − I⁻_j); a transposed VMM per block (pair columns at ±ρ·V, skipped
 * when every ρ of the block is 0) gives the feedback (k/V)·Σ_blocks I_i; one sweep updates the
 * layers bottom up; the output of a nudged phase is ρ((h + βy)/(1 + β)).
 */
final class SettleLoop {
    private final Firmware fw;
    private final SettleNetworks.Network net;
    private final int batch;
    private final int readsAveraged;
    private final BooleanSupplier aborted;
    private long vectors;
    private int reconversions;
    private int clipped;

    SettleLoop(Firmware fw, SettleNetworks.Network net, int batch, int readsAveraged, BooleanSupplier aborted) {
        this.fw = fw;
        this.net = net;
        this.batch = batch;
        this.readsAveraged = readsAveraged;
        this.aborted = aborted;
    }

    Response.Builder run(SettleRequest r) {
        int layers = net.layers().size();
        int inputs = net.layers().get(0).inputs();
        float[][] x = rows(r::getInputs, inputs);
        float[][] y = r.getTargetsCount() == 0 ? null : rows(r::getTargets, net.last().units());
        if (aborted.getAsBoolean()) {
            return abortedAfter(0, r.getPhasesCount(), 0);
        }
        // the clamped input's drive W_1 x + b_1 is converted once and shared by every phase, as on the host
        float[][] drive = forward(0, x);
        SettleResponse.Builder out = SettleResponse.newBuilder();
        float[][][] first = null;
        for (int p = 0; p < r.getPhasesCount(); p++) {
            float[][][] s = new float[layers][][];
            for (int l = 0; l < layers; l++) {
                s[l] = first == null ? new float[batch][net.layers().get(l).units()] : copy(first[l]);
            }
            SettlePhase phase = r.getPhases(p);
            SettledPhase.Builder settled = SettledPhase.newBuilder();
            int ran = sweeps(s, drive, y, phase, r.getTolerance(), r.getReportChanges(), settled);
            if (ran < 0) {
                return abortedAfter(p, r.getPhasesCount(), -ran - 1);
            }
            for (float[][] layer : s) {
                for (float[] sample : layer) {
                    for (float v : sample) {
                        settled.addStates(v);
                    }
                }
            }
            out.addPhases(settled.setIterationsRun(ran));
            if (first == null) {
                first = s;
            }
        }
        return Response.newBuilder().setSettle(out.setVmmVectors(vectors).setAdcReconversions(reconversions).setClipped(clipped));
    }

    private Response.Builder abortedAfter(int phase, int phases, int sweeps) {
        fw.abortSignal.markInterrupted();
        return Response.newBuilder().setStatus(Status.STATUS_ABORTED).setMessage("settle aborted in phase " + phase + " of " + phases
                + " after " + sweeps + " sweeps; nothing was applied (a settle only reads)");
    }

    /** Runs one phase on {@code s}; returns the sweeps run, or −(sweeps run + 1) when aborted. */
    private int sweeps(float[][][] s, float[][] drive, float[][] y, SettlePhase phase, float tolerance, boolean report,
            SettledPhase.Builder settled) {
        int last = s.length - 1;
        int iterations = phase.getIterations();
        int avg = Math.max(1, phase.getAverageLast());
        double beta = phase.getBeta();
        boolean measure = report || tolerance > 0;
        float[][][] sums = avg > 1 ? new float[s.length][][] : null;
        int t = 0;
        while (t < iterations) {
            if (aborted.getAsBoolean()) {
                return -(t + 1);
            }
            float change = 0;
            for (int l = 0; l <= last; l++) {
                float[][] h = l == 0 ? copy(drive) : forward(l, s[l - 1]);
                if (l < last) {
                    add(h, backward(l + 1, s[l + 1]));
                } else if (beta != 0) {
                    float b = (float) beta;
                    float inv = 1f / (1f + b);
                    for (int n = 0; n < h.length; n++) {
                        for (int j = 0; j < h[n].length; j++) {
                            h[n][j] = (h[n][j] + b * y[n][j]) * inv;
                        }
                    }
                }
                clip(h);
                if (measure) {
                    change = Math.max(change, largestChange(h, s[l]));
                }
                s[l] = h;
            }
            t++;
            if (sums != null && t > iterations - avg) {
                for (int l = 0; l <= last; l++) {
                    if (sums[l] == null) {
                        sums[l] = copy(s[l]);
                    } else {
                        add(sums[l], s[l]);
                    }
                }
            }
            if (report) {
                settled.addChanges(change);
            }
            if (tolerance > 0 && change <= tolerance) {
                break;
            }
        }
        if (sums != null) {
            for (int l = 0; l <= last; l++) {
                for (float[] row : sums[l]) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] /= avg;
                    }
                }
                s[l] = sums[l];
            }
        }
        return t;
    }

    /** W_l x + b_l for every sample: one forward VMM per block, the pair's currents subtracted. */
    private float[][] forward(int layer, float[][] x) {
        SettleNetworks.Layer l = net.layers().get(layer);
        float v = net.driveVolts();
        float[][] h = new float[batch][l.units()];
        for (SettleNetworks.Block b : l.blocks()) {
            float[] volts = new float[batch * b.inputCount()];
            for (int s = 0; s < batch; s++) {
                float[] xs = x[s];
                for (int r = 0; r < b.inputCount(); r++) {
                    int i = b.firstInput() + r;
                    volts[s * b.inputCount() + r] = i == l.inputs() ? v : xs[i] * v;
                }
            }
            float[] a = convert(b, false, volts, b.inputCount(), b.cols());
            for (int s = 0; s < batch; s++) {
                float[] hs = h[s];
                int base = s * b.cols();
                for (int u = 0; u < b.unitCount(); u++) {
                    hs[b.firstUnit() + u] += l.scale() * (a[base + 2 * u] - a[base + 2 * u + 1]);
                }
            }
        }
        return h;
    }

    /** W_lᵀ y for every sample (no bias): one transposed VMM per block with any non-zero drive. */
    private float[][] backward(int layer, float[][] y) {
        SettleNetworks.Layer l = net.layers().get(layer);
        float v = net.driveVolts();
        float[][] out = new float[batch][l.inputs()];
        for (SettleNetworks.Block b : l.blocks()) {
            float[] volts = new float[batch * b.cols()];
            boolean any = false;
            for (int s = 0; s < batch; s++) {
                float[] ys = y[s];
                for (int u = 0; u < b.unitCount(); u++) {
                    float a = ys[b.firstUnit() + u] * v;
                    volts[s * b.cols() + 2 * u] = a;
                    volts[s * b.cols() + 2 * u + 1] = -a;
                    any |= a != 0f;
                }
            }
            if (!any) {
                continue;
            }
            float[] a = convert(b, true, volts, b.cols(), b.inputCount());
            for (int s = 0; s < batch; s++) {
                float[] os = out[s];
                int base = s * b.inputCount();
                for (int row = 0; row < b.inputCount(); row++) {
                    int i = b.firstInput() + row;
                    if (i < l.inputs()) {
                        os[i] += l.scale() * a[base + row];
                    }
                }
            }
        }
        return out;
    }

    /** One batched VMM on a block, converted again on a larger range while outputs clip (auto-range). */
    private float[] convert(SettleNetworks.Block b, boolean transposed, float[] volts, int inCount, int outCount) {
        AdcAutoRange range = net.fixedRange() == 0 ? (transposed ? b.transposed() : b.forward()) : null;
        double t = fw.readSettings.integrationSeconds;
        VmmOutput o = fw.array.vmm(b.tile(), transposed, batch, 0, inCount, 0, outCount, volts,
                range == null ? net.fixedRange() : range.current(), readsAveraged, t);
        vectors += batch;
        while (range != null && o.clipped() > 0 && range.widen()) {
            reconversions++;
            o = fw.array.vmm(b.tile(), transposed, batch, 0, inCount, 0, outCount, volts, range.current(), readsAveraged, t);
            vectors += batch;
        }
        clipped += o.clipped();
        if (range != null) {
            range.observe(o.amperes());
        }
        return o.amperes();
    }

    private float[][] rows(IntToDoubleFunction flat, int width) {
        float[][] m = new float[batch][width];
        for (int s = 0; s < batch; s++) {
            for (int j = 0; j < width; j++) {
                m[s][j] = (float) flat.applyAsDouble(s * width + j);
            }
        }
        return m;
    }

    private static float largestChange(float[][] now, float[][] before) {
        float max = 0;
        for (int n = 0; n < now.length; n++) {
            for (int j = 0; j < now[n].length; j++) {
                max = Math.max(max, Math.abs(now[n][j] - before[n][j]));
            }
        }
        return max;
    }

    private void clip(float[][] a) {
        float lo = net.clipLow();
        float hi = net.clipHigh();
        for (float[] row : a) {
            for (int j = 0; j < row.length; j++) {
                float v = row[j];
                row[j] = v < lo ? lo : (v > hi ? hi : v);
            }
        }
    }

    private static void add(float[][] a, float[][] b) {
        for (int n = 0; n < a.length; n++) {
            for (int j = 0; j < a[n].length; j++) {
                a[n][j] += b[n][j];
            }
        }
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
