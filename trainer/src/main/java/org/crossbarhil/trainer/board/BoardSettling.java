package org.crossbarhil.trainer.board;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DefinedNetwork;
import org.crossbarhil.driver.SettleBlock;
import org.crossbarhil.driver.SettleLayer;
import org.crossbarhil.driver.SettleNetwork;
import org.crossbarhil.driver.SettlePhase;
import org.crossbarhil.driver.SettleResult;
import org.crossbarhil.driver.SettleSpec;
import org.crossbarhil.trainer.nn.Settling;

/**
 * Settling on the board: the network's placement, weight scales and read voltage described once
 * (settle_network), then each batch's free and nudged phases in one settle request (cut into
 * batches that fit a frame), instead of a forward and a transposed VMM per layer and sweep. The
 * board runs the host loop's sweeps with the same VMMs (docs/protocol.md section 3.5): the ADC
 * ranges it picks by the same rule as {@code AdcAutoRange} (protocol.rules); what clipped and was converted again is
 * counted as the host loop counts it.
 */
public final class BoardSettling implements Settling {
    private final CrossbarBoard board;
    private final List<BoardSynapses> layers;
    private final BoardCounters counters;
    private final DefinedNetwork network;

    private BoardSettling(CrossbarBoard board, List<BoardSynapses> layers, BoardCounters counters, DefinedNetwork network) {
        this.board = board;
        this.layers = layers;
        this.counters = counters;
        this.network = network;
    }

    /** Describes the network to the board. */
    public static BoardSettling define(BoardNetwork net) {
        CrossbarBoard board = net.io().board();
        return new BoardSettling(board, net.layers(), net.io().counters(), board.defineSettleNetwork(describe(net.layers())));
    }

    /** The network as the board is to settle it: each layer's blocks, k, the read voltage as the host loop drives it. */
    static SettleNetwork describe(List<BoardSynapses> layers) {
        List<SettleLayer> out = new ArrayList<>();
        for (BoardSynapses l : layers) {
            List<SettleBlock> blocks = l.blocks().stream()
                    .map(b -> new SettleBlock(b.tile(), b.firstInput(), b.inputCount(), b.firstUnit(), b.unitCount())).toList();
            out.add(new SettleLayer(l.inputs(), l.outputs(), l.mapping().k(), blocks));
        }
        return new SettleNetwork(out, layers.get(0).driveVolts(), 0f, 1f, 0);
    }

    public DefinedNetwork network() {
        return network;
    }

    @Override
    public List<List<float[][]>> settle(float[][] x, float[][] targets, double[] betas, int[] iterations, int averageLast) {
        List<SettlePhase> phases = new ArrayList<>();
        for (int p = 0; p < betas.length; p++) {
            phases.add(new SettlePhase(betas[p], iterations[p], averageLast));
        }
        SettleNetwork n = network.network();
        int perRequest = board.maxSettleBatch(n, phases, false);
        if (perRequest < 1) {
            throw new IllegalStateException("settle: not one sample of network " + n.inputs() + "-..-" + n.outputs()
                    + " fits a frame of this link; settle on the host (--settle host)");
        }
        List<List<float[][]>> out = new ArrayList<>();
        for (int p = 0; p < betas.length; p++) {
            List<float[][]> states = new ArrayList<>();
            for (SettleLayer l : n.layers()) {
                states.add(new float[x.length][]);
            }
            out.add(states);
        }
        boolean nudges = phases.stream().anyMatch(SettlePhase::nudges);
        int k = layers.get(0).readsAveraged();
        for (int from = 0; from < x.length; from += perRequest) {
            int count = Math.min(perRequest, x.length - from);
            float[] in = flatten(x, from, count, n.inputs());
            float[] y = nudges ? flatten(targets, from, count, n.outputs()) : new float[0];
            SettleResult r = board.settle(new SettleSpec(network, count, in, y, phases, 0f, false, k));
            counters.adcRetries.addAndGet(r.adcReconversions());
            counters.clippedOutputs.addAndGet(r.clipped());
            for (int p = 0; p < betas.length; p++) {
                for (int l = 0; l < n.layers().size(); l++) {
                    float[][] s = r.phases().get(p).states(l, count);
                    System.arraycopy(s, 0, out.get(p).get(l), from, count);
                }
            }
        }
        return out;
    }

    private static float[] flatten(float[][] rows, int from, int count, int width) {
        float[] flat = new float[count * width];
        for (int s = 0; s < count; s++) {
            float[] row = rows[from + s];
            if (row.length != width) {
                throw new IllegalArgumentException("sample " + (from + s) + " has " + row.length + " values (expected: " + width + ")");
            }
            System.arraycopy(row, 0, flat, s * width, width);
        }
        return flat;
    }

    @Override
    public String toString() {
        return "board settling of network " + network.id() + " " + Arrays.toString(layers.stream().mapToInt(BoardSynapses::outputs).toArray());
    }
}
