package org.crossbarhil.simulator.physics;

import java.util.function.BooleanSupplier;

/**
 * Single-device pulse trains in the V/2 scheme: the selected row at +V/2, the selected column at
 * -V/2, every other line grounded. The selected device sees V; in a passive array the other
 * devices of its row and column see V/2 (half-selected) and cost energy. A half-select above a
 * device's threshold moves it like any other pulse (the envelope's max_half_select_volts exists to
 * forbid exactly that; the physics does not pretend it cannot happen).
 */
final class PulseEngine {
    private final DeviceModel model;
    private final Switching switching;
    private final ReadPathParams rp;
    private final boolean passive;

    PulseEngine(DeviceModel model, Switching switching, ReadPathParams rp, ArrayKind kind) {
        this.model = model;
        this.switching = switching;
        this.rp = rp;
        this.passive = kind == ArrayKind.PASSIVE;
    }

    /**
     * Applies up to {@code count} pulses to one device, stopping early when {@code aborted} turns
     * true. Returns the number applied.
     */
    int pulse(Tile t, int row, int col, double volts, double width, int count, EnergyLedger ledger, BooleanSupplier aborted) {
        int i = row * t.cols + col;
        double half = volts / 2;
        double halfPower = half * rp.current(1, half);
        boolean disturbs = disturbs(t, half);
        long halfSelectedDevices = passive ? (t.rows - 1) + (t.cols - 1) : 0;
        int applied = 0;
        for (int p = 0; p < count; p++) {
            if (aborted.getAsBoolean()) {
                break;
            }
            float g = t.g[i];
            double selected = volts * rp.current(g, volts) * width;
            double halfEnergy = passive ? halfPower * (t.rowSum[row] + t.colSum[col] - 2.0 * g) * width : 0;
            ledger.addPulses(selected, 1, halfEnergy, halfSelectedDevices);
            ledger.addTime(width);
            if (t.stuck[i] == Tile.FREE) {
                double drive = switching.drive(t, i, volts, width);
                if (drive > 0) {
                    t.set(i, model.apply(t, i, volts, width, drive, t.rng), ledger.hardwareSeconds());
                }
            }
            if (disturbs) {
                disturbLines(t, row, col, half, width, ledger.hardwareSeconds());
            }
            applied++;
        }
        return applied;
    }

    /** V/2 on every other device of the selected row and column: only above-threshold ones move. */
    private void disturbLines(Tile t, int row, int col, double half, double width, double now) {
        for (int c = 0; c < t.cols; c++) {
            if (c != col) {
                halfPulse(t, row * t.cols + c, half, width, now);
            }
        }
        for (int r = 0; r < t.rows; r++) {
            if (r != row) {
                halfPulse(t, r * t.cols + col, half, width, now);
            }
        }
    }

    void halfPulse(Tile t, int i, double half, double width, double now) {
        if (t.stuck[i] != Tile.FREE) {
            return;
        }
        double drive = switching.drive(t, i, half, width);
        if (drive > 0) {
            t.set(i, model.apply(t, i, half, width, drive, t.rng), now);
        }
    }

    /** One full-amplitude pulse on device i, energy and time not included. */
    void fullPulse(Tile t, int i, double volts, double width, double now) {
        if (t.stuck[i] != Tile.FREE) {
            return;
        }
        double drive = switching.drive(t, i, volts, width);
        if (drive > 0) {
            t.set(i, model.apply(t, i, volts, width, drive, t.rng), now);
        }
    }

    boolean passive() {
        return passive;
    }

    /** Whether a half-select of this amplitude can move any device of the tile (never for 1T1R). */
    boolean disturbs(Tile t, double half) {
        return passive && t.canSwitchAny(half);
    }

    ReadPathParams readPath() {
        return rp;
    }
}
