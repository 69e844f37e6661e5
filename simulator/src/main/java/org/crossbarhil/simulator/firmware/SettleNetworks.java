package org.crossbarhil.simulator.firmware;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crossbarhil.protocol.rules.AdcAutoRange;

/**
 * The networks defined on the board for settling, by id. The board keeps the newest
 * {@link #KEPT}; defining one more forgets the oldest, whose settles are then refused
 * FAILED_PRECONDITION. Ids count from 1 per power-on.
 */
final class SettleNetworks {
    static final int KEPT = 8;

    /** One block: rows 0..inputCount-1, pair columns 0..2·unitCount-1 of its tile. */
    record Block(int tile, int firstInput, int inputCount, int firstUnit, int unitCount, AdcAutoRange forward, AdcAutoRange transposed) {
        int cols() {
            return 2 * unitCount;
        }
    }

    /** One layer; {@code scale} is k / V_drive as a float, the factor from a current difference to a weighted sum. */
    record Layer(int inputs, int units, float scale, List<Block> blocks) {
    }

    /** A defined network; {@code fixedRange} 0 = auto-range. */
    record Network(long id, List<Layer> layers, float driveVolts, float clipLow, float clipHigh, double fixedRange) {
        Layer last() {
            return layers.get(layers.size() - 1);
        }

        int unitsPerSample() {
            return layers.stream().mapToInt(Layer::units).sum();
        }

        /** The largest |voltage| any driven line of a settle sees, inputs aside: a state at a clip bound, or a bias row. */
        double stateVolts() {
            return driveVolts * Math.max(1, Math.max(Math.abs(clipLow), Math.abs(clipHigh)));
        }
    }

    private final Map<Long, Network> networks = new LinkedHashMap<>();
    private long lastId;

    long nextId() {
        return lastId + 1;
    }

    Network add(Network n) {
        if (n.id() != nextId()) {
            throw new IllegalStateException("network id " + n.id() + " out of turn (next " + nextId() + ")");
        }
        lastId = n.id();
        networks.put(n.id(), n);
        Iterator<Long> oldest = networks.keySet().iterator();
        while (networks.size() > KEPT) {
            oldest.next();
            oldest.remove();
        }
        return n;
    }

    Optional<Network> find(long id) {
        return Optional.ofNullable(networks.get(id));
    }
}
