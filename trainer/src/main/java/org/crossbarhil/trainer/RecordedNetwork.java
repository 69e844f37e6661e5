package org.crossbarhil.trainer;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.trainer.board.Block;
import org.crossbarhil.trainer.board.NetworkState;
import org.crossbarhil.trainer.board.TileSnapshot;
import org.crossbarhil.trainer.board.WeightMapping;

/**
 * A board network as recorded with its run (layer sizes, blocks and weight mappings), which turns
 * recorded conductance maps back into weights without a board: for plots, and to tell apart what
 * the devices learned from what analog reads cost at inference.
 */
public record RecordedNetwork(int[] sizes, List<Block> blocks, NetworkState state) {

    public static RecordedNetwork of(String stateJson) {
        return new RecordedNetwork(RunJson.readSizes(stateJson), RunJson.readBlocks(stateJson), RunJson.readState(stateJson));
    }

    /** Weights (row j: W_j· then b_j) per layer from a snapshot of every tile. */
    public List<float[][]> weights(List<TileSnapshot> snapshot) {
        List<float[][]> out = new ArrayList<>();
        for (int l = 0; l < sizes.length - 1; l++) {
            WeightMapping map = state.mappings().get(l);
            float[][] w = new float[sizes[l + 1]][sizes[l] + 1];
            for (Block b : blocks) {
                if (b.layer() != l) {
                    continue;
                }
                TileSnapshot s = snapshot.stream().filter(t -> t.tile() == b.tile()).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("no map of tile " + b.tile() + " in the snapshot"));
                for (int u = b.firstUnit(); u < b.firstUnit() + b.unitCount(); u++) {
                    for (int i = b.firstInput(); i < b.firstInput() + b.inputCount(); i++) {
                        w[u][i] = (float) map.weight(s.get(b.row(i), b.plusCol(u)), s.get(b.row(i), b.minusCol(u)));
                    }
                }
            }
            out.add(w);
        }
        return out;
    }

    /** Pair common mode (G⁺ + G⁻)/2 of every pair of a layer, siemens. */
    public float[] commonModes(List<TileSnapshot> snapshot, int layer) {
        List<Float> out = new ArrayList<>();
        for (Block b : blocks) {
            if (b.layer() != layer) {
                continue;
            }
            TileSnapshot s = snapshot.stream().filter(t -> t.tile() == b.tile()).findFirst().orElseThrow();
            for (int u = b.firstUnit(); u < b.firstUnit() + b.unitCount(); u++) {
                for (int i = b.firstInput(); i < b.firstInput() + b.inputCount(); i++) {
                    out.add((s.get(b.row(i), b.plusCol(u)) + s.get(b.row(i), b.minusCol(u))) / 2);
                }
            }
        }
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }
}
