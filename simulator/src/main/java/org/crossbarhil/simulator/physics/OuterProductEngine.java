package org.crossbarhil.simulator.physics;

import java.util.function.BooleanSupplier;

/**
 * The parallel stochastic outer-product update (aihwkit's pulsed update, Gokmen and Vlasov 2016).
 *
 * <p>Signs are handled in up to four polarity sub-phases, one per sign quadrant of (u_i, v_j):
 * (+,+) and (-,-) use the SET amplitude, (+,-) and (-,+) the RESET amplitude. In a sub-phase the
 * rows of that sign fire in each of BL slots with probability |u_i|, the columns with probability
 * |v_j|; a fired row is driven at +V/2, a fired column at -V/2. A device whose row and column fire
 * in the same slot sees V (a coincidence); a device on exactly one fired line sees V/2. A firing
 * pattern is a BL-bit mask per line, so device (i, j) receives popcount(row_i AND col_j) pulses.
 * A sub-phase whose rows or columns are all zero is skipped: nothing would coincide.
 *
 * <p>Half-selects over one sub-phase, summed over slots s with fired sets R_s and C_s:
 *
 * <pre>
 * sum_s |R_s| (cols - |C_s|) + |C_s| (rows - |R_s|)
 *   = cols * sum_i pop(row_i) + rows * sum_j pop(col_j) - 2 * coincidences
 * </pre>
 *
 * and their energy uses the line sums of G at the start of the sub-phase. A 1T1R array has no
 * half-selects, and devices in its update mask receive nothing.
 */
final class OuterProductEngine {
    private final PulseEngine pulses;

    OuterProductEngine(PulseEngine pulses) {
        this.pulses = pulses;
    }

    OuterProductOutcome apply(Tile t, int rowOffset, int colOffset, float[] u, float[] v, int bl, double setVolts,
            double resetVolts, double width, EnergyLedger ledger, BooleanSupplier aborted) {
        int[][] quadrants = {{1, 1}, {-1, -1}, {1, -1}, {-1, 1}};
        long totalPulses = 0;
        long totalHalf = 0;
        int slots = 0;
        int phases = 0;
        int[] rowIdx = new int[u.length];
        int[] colIdx = new int[v.length];
        long[] rowMask = new long[u.length];
        long[] colMask = new long[v.length];
        for (int[] q : quadrants) {
            if (aborted.getAsBoolean()) {
                return new OuterProductOutcome(totalPulses, totalHalf, slots, phases, true);
            }
            int nr = select(u, q[0], rowIdx);
            int nc = select(v, q[1], colIdx);
            if (nr == 0 || nc == 0) {
                continue;
            }
            double volts = q[0] * q[1] > 0 ? setVolts : resetVolts;
            for (int a = 0; a < nr; a++) {
                rowMask[a] = t.rng.bernoulliMask(Math.abs(u[rowIdx[a]]), bl);
            }
            for (int b = 0; b < nc; b++) {
                colMask[b] = t.rng.bernoulliMask(Math.abs(v[colIdx[b]]), bl);
            }
            long[] phase = subPhase(t, rowOffset, colOffset, rowIdx, nr, colIdx, nc, rowMask, colMask, volts, width, ledger);
            totalPulses += phase[0];
            totalHalf += phase[1];
            slots += bl;
            phases++;
            ledger.addTime(bl * width);
        }
        t.recomputeSums();
        return new OuterProductOutcome(totalPulses, totalHalf, slots, phases, false);
    }

    private static int select(float[] values, int sign, int[] out) {
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            float x = values[i];
            if (sign > 0 ? x > 0 : x < 0) {
                out[n++] = i;
            }
        }
        return n;
    }

    /** Returns {coincidences, half-selects}. */
    private long[] subPhase(Tile t, int rowOffset, int colOffset, int[] rowIdx, int nr, int[] colIdx, int nc,
            long[] rowMask, long[] colMask, double volts, double width, EnergyLedger ledger) {
        ReadPathParams rp = pulses.readPath();
        boolean passive = pulses.passive();
        java.util.BitSet mask = passive ? null : t.updateMask;
        double now = ledger.hardwareSeconds();
        double half = volts / 2;
        double fullPower = volts * rp.current(1, volts);
        double halfPower = half * rp.current(1, half);

        // Half-select bookkeeping uses the state at the start of the sub-phase.
        long rowFirings = 0;
        long colFirings = 0;
        double rowWeighted = 0;
        double colWeighted = 0;
        for (int a = 0; a < nr; a++) {
            int pc = Long.bitCount(rowMask[a]);
            rowFirings += pc;
            rowWeighted += pc * t.rowSum[rowOffset + rowIdx[a]];
        }
        for (int b = 0; b < nc; b++) {
            int pc = Long.bitCount(colMask[b]);
            colFirings += pc;
            colWeighted += pc * t.colSum[colOffset + colIdx[b]];
        }
        boolean disturbs = pulses.disturbs(t, half);
        int[] coincidences = disturbs ? new int[nr * nc] : null;

        long count = 0;
        double coincidentG = 0;
        double selectedEnergy = 0;
        int cols = t.cols;
        for (int a = 0; a < nr; a++) {
            long rm = rowMask[a];
            if (rm == 0) {
                continue;
            }
            int base = (rowOffset + rowIdx[a]) * cols + colOffset;
            for (int b = 0; b < nc; b++) {
                int n = Long.bitCount(rm & colMask[b]);
                if (n == 0) {
                    continue;
                }
                int i = base + colIdx[b];
                if (mask != null && mask.get(i)) {
                    continue;
                }
                if (coincidences != null) {
                    coincidences[a * nc + b] = n;
                }
                coincidentG += n * (double) t.g[i];
                count += n;
                for (int p = 0; p < n; p++) {
                    // Energy at the conductance the pulse meets; G changes pulse by pulse.
                    selectedEnergy += fullPower * t.g[i] * width;
                    pulses.fullPulse(t, i, volts, width, now);
                }
            }
        }
        long halfSelects = 0;
        double halfEnergy = 0;
        if (passive) {
            halfSelects = (long) t.cols * rowFirings + (long) t.rows * colFirings - 2 * count;
            halfEnergy = halfPower * (rowWeighted + colWeighted - 2 * coincidentG) * width;
            if (disturbs) {
                disturb(t, rowOffset, colOffset, rowIdx, nr, colIdx, nc, rowMask, colMask, coincidences, half, width, now);
            }
        }
        ledger.addPulses(selectedEnergy, count, halfEnergy, halfSelects);
        return new long[] {count, halfSelects};
    }

    /** Above-threshold half-selects move devices: each gets one V/2 pulse per lone firing of its lines. */
    private void disturb(Tile t, int rowOffset, int colOffset, int[] rowIdx, int nr, int[] colIdx, int nc,
            long[] rowMask, long[] colMask, int[] coincidences, double half, double width, double now) {
        int[] rowPc = new int[t.rows];
        int[] colPc = new int[t.cols];
        for (int a = 0; a < nr; a++) {
            rowPc[rowOffset + rowIdx[a]] = Long.bitCount(rowMask[a]);
        }
        for (int b = 0; b < nc; b++) {
            colPc[colOffset + colIdx[b]] = Long.bitCount(colMask[b]);
        }
        int[] rowSlot = new int[t.rows];
        int[] colSlot = new int[t.cols];
        java.util.Arrays.fill(rowSlot, -1);
        java.util.Arrays.fill(colSlot, -1);
        for (int a = 0; a < nr; a++) {
            rowSlot[rowOffset + rowIdx[a]] = a;
        }
        for (int b = 0; b < nc; b++) {
            colSlot[colOffset + colIdx[b]] = b;
        }
        for (int r = 0; r < t.rows; r++) {
            for (int c = 0; c < t.cols; c++) {
                int lone = rowPc[r] + colPc[c];
                if (lone == 0) {
                    continue;
                }
                if (rowSlot[r] >= 0 && colSlot[c] >= 0) {
                    lone -= 2 * coincidences[rowSlot[r] * nc + colSlot[c]];
                }
                int i = r * t.cols + c;
                for (int p = 0; p < lone; p++) {
                    pulses.halfPulse(t, i, half, width, now);
                }
            }
        }
    }
}
