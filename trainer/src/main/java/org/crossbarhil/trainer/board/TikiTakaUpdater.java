package org.crossbarhil.trainer.board;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.Geometry;
import org.crossbarhil.driver.OuterProductSpec;
import org.crossbarhil.driver.VmmDirection;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.trainer.nn.ActivityDifference;

/**
 * Tiki-Taka (Gokmen &amp; Haensch 2020; aihwkit's {@code TransferCompound}) with thresholded
 * transfer: every layer has a second, fast set of pairs A next to its weights C on the same
 * tiles (below them when the tile has the rows, beside them when it has the columns). The
 * parallel stochastic outer product ({@link StochasticUpdater}) pulses A with pulses a fraction
 * of the nominal width, so A moves in fine steps; every sample one input row of A is read with
 * one forward VMM (that row driven at V_read, the others at 0 V: the column currents are the
 * row's conductances), and every pair whose A weight has reached 1.5 C steps gets one
 * nominal-width pulse of that sign on C and one of the opposite sign on A, both as a single
 * parallel outer product (the row at probability 1, the chosen columns at ±1, BL = 1).
 *
 * <p>A is the analog residual: the per-sample gradient noise and the soft-bounds pull toward the
 * symmetry point act on A, while C only receives the pulses A has accumulated. The host holds one
 * row read at a time (O(columns) numbers, the c-TTv2 "per-column" buffer), never a number per
 * weight. Cost: twice the devices of each layer; A is zeroed by write-verify at every refresh.
 */
public final class TikiTakaUpdater implements PulseUpdater {
    /** Where a block's fast pairs sit, relative to the block's own (rows down, columns right). */
    record Offset(int rows, int cols) {
        static final Offset NONE = new Offset(0, 0);
    }

    // Braille seed 2 on taox-2x64 (docs/benchmarks.md): width 0.25 / 1.0 gave 93.35, 0.5 gave 94.75;
    // threshold 0.5 step collapsed (21%: read noise and the zeroing error fired transfers), 1.5 steps gave 95.75
    /** Width of A's update pulses as a fraction of the nominal width: A's step is this much finer than C's. */
    static final double FAST_WIDTH_FRACTION = 0.5;
    /** |A| that fires a transfer, in C steps: well above A's read noise and its zeroing error. */
    static final double THRESHOLD_STEPS = 1.5;
    /** ADC reads averaged when reading a row of A. */
    static final int READS = 8;
    /** Write-verify tolerance when zeroing A, as a fraction of the window (fine pulses make it reachable). */
    static final double ZERO_TOLERANCE = 0.002;

    private final Map<Block, Offset> fast;
    private final HealthMap health;
    private final StochasticUpdater fastUpdates;
    private final Map<Integer, Integer> nextRow = new HashMap<>();

    TikiTakaUpdater(Map<Block, Offset> fast, HealthMap health, int pipelineDepth) {
        this.fast = Map.copyOf(fast);
        this.health = health;
        this.fastUpdates = new StochasticUpdater(pipelineDepth, fast, FAST_WIDTH_FRACTION);
    }

    /** The fast pairs of every block, or a refusal naming the block whose tile has no room for them. */
    static Map<Block, Offset> plan(List<Block> blocks, Geometry g) {
        Map<Block, Offset> out = new HashMap<>();
        for (Block b : blocks) {
            if (2 * b.rows() <= g.rows()) {
                out.put(b, new Offset(b.rows(), 0));
            } else if (2 * b.cols() <= g.cols()) {
                out.put(b, new Offset(0, b.cols()));
            } else {
                throw new NetworkDoesNotFitException("tiki-taka keeps a second (fast) array next to each weight block, but tile "
                        + b.tile() + " holds a block of " + b.rows() + " rows x " + b.cols() + " columns and has only " + g.rows() + "x"
                        + g.cols() + ": choose --update stochastic or manhattan, or a smaller network", 2 * blocks.size());
            }
        }
        return out;
    }

    /** The region of a block together with its fast pairs, as a block the health probe can take. */
    static Block envelope(Block b, Offset o) {
        return new Block(b.layer(), b.tile(), b.firstInput(), b.rows() + o.rows(), b.firstUnit(), b.unitCount() + o.cols() / 2);
    }

    @Override
    public void update(BoardSynapses layer, ActivityDifference d) {
        fastUpdates.update(layer, d);
        for (int s = 0; s < d.batch(); s++) {
            int row = nextRow.merge(layer.layer(), 1, Integer::sum) - 1;
            transfer(layer, row % (layer.inputs() + 1));
        }
    }

    /** Reads row {@code i} of A and moves one C step from A to C where A has gathered at least half of one. */
    private void transfer(BoardSynapses layer, int i) {
        TileIo io = layer.io();
        PulseSettings p = io.pulses();
        WeightMapping m = layer.mapping();
        float v = layer.driveVolts();
        double threshold = m.pairStep() * THRESHOLD_STEPS;
        for (Block b : layer.blocks()) {
            if (i < b.firstInput() || i >= b.firstInput() + b.inputCount()) {
                continue;
            }
            Offset o = fast.get(b);
            int row = b.row(i);
            float[] volts = new float[b.rows()];
            volts[row] = v;
            double fullScale = adcRange(io, (m.reference() + 2 * m.halfWindow()) * v);
            VmmResult r = io.board().vmm(new VmmSpec(b.tile(), VmmDirection.FORWARD, 1, o.rows(), b.rows(), o.cols(), b.cols(), volts,
                    fullScale, READS));
            float[] cols = new float[b.cols()];
            boolean any = false;
            for (int u = b.firstUnit(); u < b.firstUnit() + b.unitCount(); u++) {
                int pc = b.plusCol(u);
                int mc = b.minusCol(u);
                double a = m.k() * (r.amperes()[pc] - r.amperes()[mc]) / v;
                if (Math.abs(a) < threshold || faulty(b, o, row, pc) || faulty(b, o, row, mc)) {
                    continue;
                }
                float s = (float) Math.signum(a);
                cols[pc] = s;
                cols[mc] = -s;
                any = true;
            }
            if (!any) {
                continue;
            }
            float[] rows = new float[b.rows()];
            rows[row] = 1f;
            float[] back = new float[cols.length];
            for (int c = 0; c < cols.length; c++) {
                back[c] = -cols[c];
            }
            for (OuterProductSpec spec : List.of(
                    new OuterProductSpec(b.tile(), 0, 0, rows, cols, 1, p.setVolts(), p.resetVolts(), p.widthSeconds()),
                    new OuterProductSpec(b.tile(), o.rows(), o.cols(), rows, back, 1, p.setVolts(), p.resetVolts(), p.widthSeconds()))) {
                io.counters().updatePulses.addAndGet(io.board().outerProductUpdate(spec).devicePulses());
            }
        }
    }

    private boolean faulty(Block b, Offset o, int row, int col) {
        return health.isFaulty(b.tile(), row, col) || health.isFaulty(b.tile(), row + o.rows(), col + o.cols());
    }

    /** The smallest ADC range that holds {@code amperes}, or the largest. */
    private static double adcRange(TileIo io, double amperes) {
        List<Double> options = new ArrayList<>(io.board().info().converters().adcFullScaleAmperes());
        options.sort(Double::compare);
        for (double a : options) {
            if (a >= amperes) {
                return a;
            }
        }
        return options.isEmpty() ? 0 : options.get(options.size() - 1);
    }

    /** Sets every healthy fast pair of a layer to weight 0 (both devices at G_ref); returns the write-verify pulses. */
    long zeroFast(BoardSynapses layer, double windowSiemens) {
        long pulses = 0;
        PulseSettings p = layer.io().pulses();
        // fine pulses, so that write-verify can land A within a fraction of one C step
        TileIo fine = new TileIo(layer.io().board(), new PulseSettings(p.setVolts(), p.resetVolts(), p.widthSeconds() * FAST_WIDTH_FRACTION,
                p.pulseTrainLength()), layer.io().counters());
        for (Block b : layer.blocks()) {
            Offset o = fast.get(b);
            List<DeviceTarget> targets = new ArrayList<>();
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < b.cols(); c++) {
                    if (!health.isFaulty(b.tile(), r + o.rows(), c + o.cols())) {
                        targets.add(new DeviceTarget(r + o.rows(), c + o.cols(), layer.mapping().reference()));
                    }
                }
            }
            for (var outcome : fine.writeVerify(b.tile(), targets, ZERO_TOLERANCE * windowSiemens, 400)) {
                pulses += outcome.pulses();
            }
        }
        return pulses;
    }
}
