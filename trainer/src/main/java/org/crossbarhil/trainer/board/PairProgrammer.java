package org.crossbarhil.trainer.board;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.WriteVerifyResult;

/**
 * Everything write-verify does in a run: initial weights, neutralising pairs with a stuck device,
 * refreshing saturated pairs, and putting recorded conductances back after a board reset. Never
 * used to copy trained weights into a run.
 */
public final class PairProgrammer {
    /** Write-verify tolerance as a fraction of the calibrated window. */
    static final double TOLERANCE = 0.01;
    static final int MAX_PULSES = 100;
    /** Pulses that take a soft-bounds device most of the way to a bound. */
    static final int BURST_PULSES = 300;
    /** A device this close to an edge of the window (fraction of the window) counts as saturated. */
    static final double EDGE_MARGIN = 0.08;
    /** A pair whose mean conductance strayed this far from G_ref (fraction of the half window) is re-centred. */
    static final double COMMON_MODE_DRIFT = 0.35;

    private final DeviceWindow window;
    private final HealthMap health;
    private final boolean boardMasksUpdates;

    public PairProgrammer(DeviceWindow window, HealthMap health, boolean boardMasksUpdates) {
        this.window = window;
        this.health = health;
        this.boardMasksUpdates = boardMasksUpdates;
    }

    private double tolerance() {
        return TOLERANCE * (window.high() - window.low());
    }

    /**
     * Programs a layer's weights (row j: W_j· then b_j); pairs with a stuck device get their
     * healthy partner set to the stuck device's conductance (weight 0).
     */
    public void program(BoardSynapses layer, float[][] weightsAndBias) {
        TileIo io = layer.io();
        WeightMapping m = layer.mapping();
        for (Block b : layer.blocks()) {
            float[] g = health.faultyDevices() > 0 ? io.readCorner(b.tile(), b.rows(), b.cols()) : null;
            List<DeviceTarget> targets = new ArrayList<>();
            List<DeviceTarget> partners = new ArrayList<>();
            for (int u = b.firstUnit(); u < b.firstUnit() + b.unitCount(); u++) {
                for (int i = b.firstInput(); i < b.firstInput() + b.inputCount(); i++) {
                    int row = b.row(i);
                    if (!neutralise(b, row, u, g, partners)) {
                        double w = weightsAndBias[u][i];
                        targets.add(new DeviceTarget(row, b.plusCol(u), m.plusTarget(w)));
                        targets.add(new DeviceTarget(row, b.minusCol(u), m.minusTarget(w)));
                    }
                }
            }
            targets.addAll(partners);
            writeWithBursts(io, b, targets, partners);
        }
    }

    /**
     * Adds the target that neutralises a pair with a stuck device (the healthy partner set to the
     * stuck device's conductance); false when both devices are healthy.
     */
    private boolean neutralise(Block b, int row, int u, float[] g, List<DeviceTarget> targets) {
        boolean plusBad = health.isFaulty(b.tile(), row, b.plusCol(u));
        boolean minusBad = health.isFaulty(b.tile(), row, b.minusCol(u));
        if (!plusBad && !minusBad) {
            return false;
        }
        if (plusBad && !minusBad) {
            targets.add(new DeviceTarget(row, b.minusCol(u), Math.max(1e-9, g[row * b.cols() + b.plusCol(u)])));
        } else if (minusBad && !plusBad) {
            targets.add(new DeviceTarget(row, b.plusCol(u), Math.max(1e-9, g[row * b.cols() + b.minusCol(u)])));
        }
        return true;
    }

    /**
     * Write-verify to targets, but first drive partners of stuck devices toward the bound their
     * stuck device sits near with a saturating burst: stuck devices sit at Gmin or Gmax, where
     * soft-bounds steps shrink to nothing and write-verify alone runs out of pulses before it
     * arrives. The burst lands the partner on its own bound (within the device-to-device spread)
     * and write-verify finishes from there.
     */
    private void writeWithBursts(TileIo io, Block b, List<DeviceTarget> targets, List<DeviceTarget> partners) {
        if (!partners.isEmpty()) {
            double mid = (window.low() + window.high()) / 2;
            for (boolean up : new boolean[] {true, false}) {
                List<DeviceTarget> side = partners.stream().filter(t -> (t.targetSiemens() > mid) == up).toList();
                if (!side.isEmpty()) {
                    io.pulseThenRead(b.tile(), side.stream().mapToInt(DeviceTarget::row).toArray(),
                            side.stream().mapToInt(DeviceTarget::col).toArray(), up, BURST_PULSES);
                }
            }
        }
        if (!targets.isEmpty()) {
            io.writeVerify(b.tile(), targets, tolerance(), MAX_PULSES);
        }
    }

    /** Whether a neutralised pair's weight has drifted beyond the tolerance (updates reached it). */
    private boolean drifted(Block b, int row, int u, float[] g) {
        return Math.abs(g[row * b.cols() + b.plusCol(u)] - g[row * b.cols() + b.minusCol(u)]) > 2 * tolerance();
    }

    private boolean far(Block b, DeviceTarget t, float[] g) {
        return Math.abs(g[t.row() * b.cols() + t.col()] - t.targetSiemens()) > 0.25 * (window.high() - window.low());
    }

    /** What one refresh did. */
    public record RefreshResult(int pairsChecked, int pairsRefreshed, int pairsNeutralised, long writeVerifyPulses) {
    }

    /**
     * Reads the layer's tiles and re-centres saturated pairs on G_ref keeping their measured
     * difference: G± = G_ref ± (G⁺ − G⁻)/2. When the board cannot mask updates, pairs with a stuck
     * device have drifted with the updates and are neutralised again.
     */
    public RefreshResult refresh(BoardSynapses layer) {
        TileIo io = layer.io();
        WeightMapping m = layer.mapping();
        double span = window.high() - window.low();
        double lowEdge = window.low() + EDGE_MARGIN * span;
        double highEdge = window.high() - EDGE_MARGIN * span;
        int checked = 0;
        int refreshed = 0;
        int neutralised = 0;
        long before = io.counters().writeVerifyPulses.get();
        for (Block b : layer.blocks()) {
            float[] g = io.readCorner(b.tile(), b.rows(), b.cols());
            List<DeviceTarget> targets = new ArrayList<>();
            List<DeviceTarget> partners = new ArrayList<>();
            for (int u = b.firstUnit(); u < b.firstUnit() + b.unitCount(); u++) {
                for (int i = b.firstInput(); i < b.firstInput() + b.inputCount(); i++) {
                    int row = b.row(i);
                    checked++;
                    if (health.isFaulty(b.tile(), row, b.plusCol(u)) || health.isFaulty(b.tile(), row, b.minusCol(u))) {
                        if (!boardMasksUpdates && drifted(b, row, u, g) && neutralise(b, row, u, g, partners)) {
                            neutralised++;
                        }
                        continue;
                    }
                    double gp = g[row * b.cols() + b.plusCol(u)];
                    double gm = g[row * b.cols() + b.minusCol(u)];
                    boolean atEdge = Math.max(gp, gm) > highEdge || Math.min(gp, gm) < lowEdge;
                    boolean drifted = Math.abs((gp + gm) / 2 - m.reference()) > COMMON_MODE_DRIFT * m.halfWindow();
                    if (atEdge || drifted) {
                        double w = m.weight(gp, gm);
                        double tp = m.plusTarget(w);
                        double tm = m.minusTarget(w);
                        if (Math.abs(tp - gp) > tolerance() || Math.abs(tm - gm) > tolerance()) {
                            targets.add(new DeviceTarget(row, b.plusCol(u), tp));
                            targets.add(new DeviceTarget(row, b.minusCol(u), tm));
                            refreshed++;
                        }
                    }
                }
            }
            // a partner that drifted only slightly needs no burst: write-verify alone brings it back
            targets.addAll(partners);
            writeWithBursts(io, b, targets, partners.stream().filter(t -> far(b, t, g)).toList());
        }
        return new RefreshResult(checked, refreshed, neutralised, io.counters().writeVerifyPulses.get() - before);
    }

    /** Programs every device of the snapshot back to its recorded conductance (resume after a board reset). */
    public static List<WriteVerifyResult.Outcome> restore(TileIo io, TileSnapshot snapshot, double toleranceSiemens) {
        List<DeviceTarget> targets = new ArrayList<>();
        for (int r = 0; r < snapshot.rows(); r++) {
            for (int c = 0; c < snapshot.cols(); c++) {
                targets.add(new DeviceTarget(r, c, Math.max(1e-9, snapshot.get(r, c))));
            }
        }
        return io.writeVerify(snapshot.tile(), targets, toleranceSiemens, MAX_PULSES);
    }
}
