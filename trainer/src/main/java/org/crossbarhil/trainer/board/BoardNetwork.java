package org.crossbarhil.trainer.board;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.crossbarhil.driver.Capabilities;
import org.crossbarhil.driver.CrossbarBoard;

/**
 * A layered network on a board: placement, calibration, health map, initial programming, update
 * masks, refresh and snapshots. The layers it exposes are {@link BoardSynapses}, which the
 * equilibrium-propagation code drives exactly as it drives float weights.
 */
public final class BoardNetwork {
    private final TileIo io;
    private final Placement placement;
    private final List<BoardSynapses> layers;
    private final PairProgrammer programmer;
    private final NetworkState state;
    private final PulseUpdater updater;

    private BoardNetwork(TileIo io, Placement placement, List<BoardSynapses> layers, PairProgrammer programmer, NetworkState state,
            PulseUpdater updater) {
        this.io = io;
        this.placement = placement;
        this.layers = layers;
        this.programmer = programmer;
        this.state = state;
        this.updater = updater;
    }

    /**
     * Plans, calibrates, probes, and programs the initial weights (row j of each layer's matrix:
     * W_j· then b_j). {@code initBounds} are the float initialisation bounds the weight scales derive from.
     */
    public static BoardNetwork create(CrossbarBoard board, int[] sizes, BoardSettings settings, List<float[][]> initialWeights,
            double[] initBounds, BoardCounters counters) {
        Placement placement = Placement.plan(sizes, board.info().geometry());
        TileIo io = new TileIo(board, settings.pulses(), counters);
        DeviceWindow window = Calibration.measure(io, placement.allBlocks(), 16, settings.referenceFraction());
        int tileCols = board.info().geometry().cols();
        List<Block> inUse = placement.allBlocks();
        if (settings.update() == UpdateRule.TIKI_TAKA) {
            Map<Block, TikiTakaUpdater.Offset> fast = TikiTakaUpdater.plan(inUse, board.info().geometry());
            inUse = inUse.stream().map(b -> TikiTakaUpdater.envelope(b, fast.get(b))).toList();
        }
        HealthMap health = settings.probeHealth() ? HealthMap.probe(io, inUse) : HealthMap.allHealthy(tileCols);
        List<WeightMapping> mappings = new ArrayList<>();
        for (int l = 0; l < sizes.length - 1; l++) {
            mappings.add(WeightMapping.fromInit(initBounds[l], settings.headroom(), window));
        }
        Capabilities caps = board.info().capabilities();
        UpdateRule rule = settings.update();
        String note = "";
        if (rule.parallel() && !caps.parallelOuterProductUpdate()) {
            rule = UpdateRule.MANHATTAN;
            note = "fallback: the board has no parallel outer-product update";
        }
        NetworkState state = new NetworkState(window, health.all(), tileCols, health.devicesProbed(), mappings, rule, note);
        BoardNetwork net = assemble(io, placement, sizes, settings, state);
        for (int l = 0; l < net.layers.size(); l++) {
            net.programmer.program(net.layers.get(l), initialWeights.get(l));
        }
        net.zeroFast();
        net.applyMasks();
        return net;
    }

    /** Re-attaches to a board whose devices already hold the network (resume): no calibration, probing or programming. */
    public static BoardNetwork attach(CrossbarBoard board, int[] sizes, BoardSettings settings, NetworkState state, BoardCounters counters) {
        Placement placement = Placement.plan(sizes, board.info().geometry());
        TileIo io = new TileIo(board, settings.pulses(), counters);
        BoardNetwork net = assemble(io, placement, sizes, settings, state);
        // checkpoints are taken after the end-of-epoch refresh, which zeroed Tiki-Taka's fast pairs: zeroing them again is that state
        net.zeroFast();
        net.applyMasks();
        return net;
    }

    private static BoardNetwork assemble(TileIo io, Placement placement, int[] sizes, BoardSettings settings, NetworkState state) {
        HealthMap health = HealthMap.of(state.faulty(), state.tileCols(), state.devicesProbed());
        boolean masks = io.board().info().capabilities().updateMask();
        PulseUpdater updater = switch (state.update()) {
            case STOCHASTIC -> new StochasticUpdater(settings.pipelineDepth());
            case TIKI_TAKA -> new TikiTakaUpdater(TikiTakaUpdater.plan(placement.allBlocks(), io.board().info().geometry()), health,
                    settings.pipelineDepth());
            case MANHATTAN -> new ManhattanUpdater(health);
        };
        List<BoardSynapses> layers = new ArrayList<>();
        for (int l = 0; l < sizes.length - 1; l++) {
            layers.add(new BoardSynapses(io, l, sizes[l], sizes[l + 1], placement.layers().get(l), state.mappings().get(l), updater,
                    settings.readsAveraged(), settings.pipelineDepth()));
        }
        return new BoardNetwork(io, placement, layers, new PairProgrammer(state.window(), health, masks), state, updater);
    }

    /** Tiki-Taka: every fast pair back to weight 0; returns the write-verify pulses (0 for the other rules). */
    private long zeroFast() {
        if (!(updater instanceof TikiTakaUpdater tt)) {
            return 0;
        }
        long pulses = 0;
        for (BoardSynapses l : layers) {
            pulses += tt.zeroFast(l, state.window().high() - state.window().low());
        }
        return pulses;
    }

    /** Leaves both devices of every faulty pair out of outer-product updates, where the board can. */
    private void applyMasks() {
        if (!io.board().info().capabilities().updateMask() || state.update() != UpdateRule.STOCHASTIC) {
            return;
        }
        HealthMap health = HealthMap.of(state.faulty(), state.tileCols(), state.devicesProbed());
        for (Block b : placement.allBlocks()) {
            BitSet mask = new BitSet();
            for (int u = b.firstUnit(); u < b.firstUnit() + b.unitCount(); u++) {
                for (int r = 0; r < b.rows(); r++) {
                    if (health.isFaulty(b.tile(), r, b.plusCol(u)) || health.isFaulty(b.tile(), r, b.minusCol(u))) {
                        mask.set(r * state.tileCols() + b.plusCol(u));
                        mask.set(r * state.tileCols() + b.minusCol(u));
                    }
                }
            }
            if (!mask.isEmpty()) {
                io.board().setUpdateMask(b.tile(), mask);
            }
        }
    }

    public List<BoardSynapses> layers() {
        return layers;
    }

    public Placement placement() {
        return placement;
    }

    public NetworkState state() {
        return state;
    }

    public TileIo io() {
        return io;
    }

    /** Refreshes saturated pairs of every layer; returns the totals. */
    public PairProgrammer.RefreshResult refresh() {
        int checked = 0;
        int refreshed = 0;
        int neutralised = 0;
        long pulses = 0;
        for (BoardSynapses l : layers) {
            PairProgrammer.RefreshResult r = programmer.refresh(l);
            checked += r.pairsChecked();
            refreshed += r.pairsRefreshed();
            neutralised += r.pairsNeutralised();
            pulses += r.writeVerifyPulses();
        }
        // the fast pairs hold at most about half a step each: restarting them from 0 costs little and undoes their common-mode drift
        pulses += zeroFast();
        return new PairProgrammer.RefreshResult(checked, refreshed, neutralised, pulses);
    }

    /** Reads the used corner of every tile. */
    public List<TileSnapshot> snapshot() {
        List<TileSnapshot> out = new ArrayList<>();
        for (Block b : placement.allBlocks()) {
            out.add(new TileSnapshot(b.tile(), b.rows(), b.cols(), io.readCorner(b.tile(), b.rows(), b.cols())));
        }
        return out;
    }

    /** Write-verify tolerance used to decide whether a board still holds a recorded state, and to restore it. */
    public double tolerance() {
        return PairProgrammer.TOLERANCE * (state.window().high() - state.window().low());
    }
}
