package org.crossbarhil.simulator.physics;

import java.util.function.BooleanSupplier;

/**
 * The simulated arrays and their periphery: every physical operation a board can do, with its
 * cost entered in the ledger. No protocol types, no envelope: callers (the firmware) check
 * arguments and limits first; this class assumes them valid.
 *
 * <p>Tiles are created on first use (each from its own seeded streams, so the order of first use
 * does not matter), which keeps a 32-tile board cheap when a run touches two tiles.
 *
 * <p>Not thread-safe: the firmware runs it on one board thread.
 */
public final class CrossbarArray {
    private final PhysicsConfig config;
    private final Tile[] tiles;
    private final EnergyLedger ledger = new EnergyLedger();
    private final Switching switching;
    private final DeviceModel model;
    private final Drift drift;
    private final ReadPath readPath;
    private final VmmEngine vmm;
    private final PulseEngine pulses;
    private final OuterProductEngine outerProducts;

    public CrossbarArray(PhysicsConfig config) {
        this.config = config;
        this.tiles = new Tile[config.geometry().tiles()];
        DeviceParams d = config.device();
        this.switching = new Switching(d);
        this.model = DeviceModel.of(d);
        this.drift = d.drift() ? new Drift(d) : null;
        this.readPath = new ReadPath(config.readPath(), config.costs(), drift, d.gCeiling());
        this.vmm = new VmmEngine(config.readPath(), config.costs(), drift);
        this.pulses = new PulseEngine(model, switching, config.readPath(), config.geometry().arrayKind());
        this.outerProducts = new OuterProductEngine(pulses);
    }

    public PhysicsConfig config() {
        return config;
    }

    public TileGeometry geometry() {
        return config.geometry();
    }

    public EnergyLedger ledger() {
        return ledger;
    }

    public Switching switching() {
        return switching;
    }

    /** The tile, created on first use. */
    public Tile tile(int index) {
        Tile t = tiles[index];
        if (t == null) {
            t = Tile.create(config, index);
            tiles[index] = t;
        }
        return t;
    }

    /** Measured conductance of one device (one read: noise and quantisation included). */
    public float readDevice(int tile, int row, int col, double volts, double integrationSeconds) {
        float[] out = new float[1];
        readPath.readRow(tile(tile), row, col, 1, volts, integrationSeconds, ledger, out, 0);
        return out[0];
    }

    /** Measured conductances of rows [firstRow, firstRow + rowCount), all columns, row-major. */
    public float[] readRows(int tile, int firstRow, int rowCount, double volts, double integrationSeconds) {
        Tile t = tile(tile);
        float[] out = new float[rowCount * t.cols];
        for (int r = 0; r < rowCount; r++) {
            readPath.readRow(t, firstRow + r, 0, t.cols, volts, integrationSeconds, ledger, out, r * t.cols);
        }
        return out;
    }

    /**
     * Batched VMM. Forward drives rows [inOffset, inOffset + inCount) and senses columns
     * [outOffset, outOffset + outCount); transposed swaps the roles.
     */
    public VmmOutput vmm(int tile, boolean transposed, int vectorCount, int inOffset, int inCount, int outOffset,
            int outCount, float[] volts, double adcFullScaleAmperes, int readsAveraged, double integrationSeconds) {
        return vmm.run(tile(tile), transposed, vectorCount, inOffset, inCount, outOffset, outCount, volts,
                adcFullScaleAmperes, readsAveraged, integrationSeconds, ledger);
    }

    /** A pulse train on one device; returns the pulses applied before {@code aborted} turned true. */
    public int pulse(int tile, int row, int col, double volts, double widthSeconds, int count, BooleanSupplier aborted) {
        return pulses.pulse(tile(tile), row, col, volts, widthSeconds, count, ledger, aborted);
    }

    public OuterProductOutcome outerProduct(int tile, int rowOffset, int colOffset, float[] rowValues, float[] colValues,
            int pulseTrainLength, double setVolts, double resetVolts, double widthSeconds, BooleanSupplier aborted) {
        return outerProducts.apply(tile(tile), rowOffset, colOffset, rowValues, colValues, pulseTrainLength, setVolts,
                resetVolts, widthSeconds, ledger, aborted);
    }

    /** Sets or clears (null) the 1T1R update mask of a tile; returns the masked device count. */
    public int setUpdateMask(int tile, java.util.BitSet mask) {
        Tile t = tile(tile);
        t.updateMask = mask == null || mask.isEmpty() ? null : (java.util.BitSet) mask.clone();
        return t.updateMask == null ? 0 : t.updateMask.cardinality();
    }
}
