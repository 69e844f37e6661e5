package org.crossbarhil.trainer.board;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * What the host must remember about a board network besides the conductances (which live on the
 * chip): the calibration, the health map, each layer's weight mapping, and the update rule in use.
 * Recorded with the run so that a resumed run maps currents to weights exactly as before.
 */
public record NetworkState(DeviceWindow window, Map<Integer, BitSet> faulty, int tileCols, int devicesProbed,
        List<WeightMapping> mappings, UpdateRule update, String updateNote) {
    public NetworkState {
        mappings = List.copyOf(mappings);
        faulty = Map.copyOf(faulty);
    }
}
