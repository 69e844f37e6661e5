package org.crossbarhil.trainer.board;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossbarhil.driver.VmmDirection;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.protocol.rules.AdcAutoRange;
import org.crossbarhil.trainer.nn.ActivityDifference;
import org.crossbarhil.trainer.nn.Synapses;

/**
 * One layer on the board. Activities ρ in [0, 1] become voltages v = ρ·V_read (the bias row is
 * driven at V_read); the forward VMM reads the columns of each block and the host forms
 * h_j = (k / V_read) · Σ_blocks (I⁺_j − I⁻_j); the transposed VMM drives the G⁺ column of pair j
 * at +ρ_j·V_read and the G⁻ column at −ρ_j·V_read, so each row current is already the
 * differential (k / V_read)⁻¹ (Wᵀρ)_i. Partial currents of a layer split over tiles are summed on
 * the host. Every VMM is batched: all samples of a batch in one request per block.
 */
public final class BoardSynapses implements Synapses {
    private final TileIo io;
    private final int layer;
    private final int inputs;
    private final int outputs;
    private final List<Block> blocks;
    private final WeightMapping mapping;
    private final PulseUpdater updater;
    private int readsAveraged;
    private final int pipelineDepth;
    private final int maxVectorsPerRequest;
    private final Map<String, AdcAutoRange> ranges = new HashMap<>();
    private final List<Double> adcOptions;

    public BoardSynapses(TileIo io, int layer, int inputs, int outputs, List<Block> blocks, WeightMapping mapping, PulseUpdater updater,
            int readsAveraged, int pipelineDepth) {
        this.io = io;
        this.layer = layer;
        this.inputs = inputs;
        this.outputs = outputs;
        this.blocks = List.copyOf(blocks);
        this.mapping = mapping;
        this.updater = updater;
        this.readsAveraged = readsAveraged;
        this.pipelineDepth = pipelineDepth;
        this.adcOptions = io.board().info().converters().adcFullScaleAmperes();
        // slices the board takes whole (it would split larger ones itself), so that each request settles its own ADC range
        this.maxVectorsPerRequest = blocks.stream().mapToInt(b -> Math.min(io.board().maxVmmVectors(b.rows(), b.cols()),
                io.board().maxVmmVectors(b.cols(), b.rows()))).min().orElse(1);
    }

    public int layer() {
        return layer;
    }

    /** ADC reads averaged per output from now on (0 = the board's configured value). */
    public void readsAveraged(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("reads averaged: " + k + " (expected: >= 0)");
        }
        readsAveraged = k;
    }

    /** ADC reads averaged per output now (0 = the board's configured value). */
    public int readsAveraged() {
        return readsAveraged;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public WeightMapping mapping() {
        return mapping;
    }

    public TileIo io() {
        return io;
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public float[][] forward(float[][] x) {
        float[][] h = new float[x.length][outputs];
        float v = driveVolts();
        float scale = (float) (mapping.k() / v);
        Pipeline pipe = new Pipeline(pipelineDepth);
        for (int from = 0; from < x.length; from += maxVectorsPerRequest) {
            int first = from;
            int n = Math.min(maxVectorsPerRequest, x.length - from);
            for (Block b : blocks) {
                float[] volts = new float[n * b.rows()];
                for (int s = 0; s < n; s++) {
                    float[] xs = x[first + s];
                    for (int r = 0; r < b.rows(); r++) {
                        int i = b.firstInput() + r;
                        volts[s * b.rows() + r] = i == inputs ? v : xs[i] * v;
                    }
                }
                VmmSpec spec = new VmmSpec(b.tile(), VmmDirection.FORWARD, n, 0, b.rows(), 0, b.cols(), volts, 0, readsAveraged);
                AdcAutoRange range = range(b, VmmDirection.FORWARD);
                pipe.submit(() -> io.board().vmmAsync(spec.withAdcRange(range.current())), result -> {
                    VmmResult r = settleRange(spec, range, result);
                    for (int s = 0; s < n; s++) {
                        float[] hs = h[first + s];
                        int base = s * r.outputCount();
                        for (int u = 0; u < b.unitCount(); u++) {
                            hs[b.firstUnit() + u] += scale * (r.amperes()[base + 2 * u] - r.amperes()[base + 2 * u + 1]);
                        }
                    }
                });
            }
        }
        pipe.drain();
        return h;
    }

    @Override
    public float[][] backward(float[][] y) {
        float[][] out = new float[y.length][inputs];
        float v = driveVolts();
        float scale = (float) (mapping.k() / v);
        Pipeline pipe = new Pipeline(pipelineDepth);
        for (int from = 0; from < y.length; from += maxVectorsPerRequest) {
            int first = from;
            int n = Math.min(maxVectorsPerRequest, y.length - from);
            for (Block b : blocks) {
                float[] volts = new float[n * b.cols()];
                boolean any = false;
                for (int s = 0; s < n; s++) {
                    float[] ys = y[first + s];
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
                VmmSpec spec = new VmmSpec(b.tile(), VmmDirection.TRANSPOSED, n, 0, b.cols(), 0, b.rows(), volts, 0, readsAveraged);
                AdcAutoRange range = range(b, VmmDirection.TRANSPOSED);
                pipe.submit(() -> io.board().vmmAsync(spec.withAdcRange(range.current())), result -> {
                    VmmResult r = settleRange(spec, range, result);
                    for (int s = 0; s < n; s++) {
                        float[] os = out[first + s];
                        int base = s * r.outputCount();
                        for (int row = 0; row < b.rows(); row++) {
                            int i = b.firstInput() + row;
                            if (i < inputs) {
                                os[i] += scale * r.amperes()[base + row];
                            }
                        }
                    }
                });
            }
        }
        pipe.drain();
        return out;
    }

    /**
     * The read voltage as a float no larger than the double the board reports: voltages travel as
     * floats, and 0.2f is a hair above 0.2, which the envelope check rightly refuses.
     */
    float driveVolts() {
        float v = (float) io.readVolts();
        return v > io.readVolts() ? Math.nextDown(v) : v;
    }

    /** Repeats a VMM whose outputs clipped on the next larger range until none clip or none is larger. */
    private VmmResult settleRange(VmmSpec spec, AdcAutoRange range, VmmResult result) {
        VmmResult r = result;
        while (r.clipped() > 0 && range.widen()) {
            io.counters().adcRetries.incrementAndGet();
            r = io.board().vmm(spec.withAdcRange(range.current()));
        }
        io.counters().clippedOutputs.addAndGet(r.clipped());
        range.observe(r.amperes());
        return r;
    }

    private AdcAutoRange range(Block b, VmmDirection d) {
        return ranges.computeIfAbsent(b.tile() + "/" + d, k -> new AdcAutoRange(adcOptions));
    }

    @Override
    public void update(ActivityDifference difference) {
        updater.update(this, difference);
    }
}
