package org.crossbarhil.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThresholdSwitchingTest {
    @Test
    void readsAtTheReadVoltageNeverChangeConductance() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64");
        float[] before = a.tile(0).snapshot();
        // read-level inputs of both signs (a VMM skips 0 V inputs, so zeros would drive nothing)
        float[] inputs = new float[4 * 64];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = k % 2 == 0 ? 0.2f : -0.2f;
        }
        for (int i = 0; i < 20; i++) {
            a.readRows(0, 0, 64, 0.2, 1e-6);
            a.vmm(0, i % 2 == 0, 4, 0, 64, 0, 64, inputs, 1e-3, 1, 1e-6);
        }
        assertThat(a.tile(0).snapshot()).isEqualTo(before);
    }

    @Test
    void halfSelectsOfNominalPulsesNeverMoveTheOtherDevicesOfTheirLines() {
        // Full TaOx spreads: thresholds vary device to device, yet 0.6 V and 0.55 V stay below all of them.
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "stuck_fraction", "0");
        Tile t = a.tile(0);
        float[] before = t.snapshot();
        for (int d = 0; d < 64; d++) {
            a.pulse(0, d, d, 1.2, 100e-9, 5, Fixtures.NEVER);
            a.pulse(0, d, d, -1.1, 100e-9, 5, Fixtures.NEVER);
        }
        float[] after = t.snapshot();
        int moved = 0;
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                if (r == c) {
                    moved += after[r * 64 + c] != before[r * 64 + c] ? 1 : 0;
                } else {
                    assertThat(after[r * 64 + c]).as("half-selected device (%d, %d)", r, c).isEqualTo(before[r * 64 + c]);
                }
            }
        }
        assertThat(moved).isEqualTo(64);
    }

    @Test
    void withoutTheEnvelopeAHalfSelectAboveThresholdDisturbsNeighbours() {
        // The physics does not pretend: 1.7 V puts 0.85 V on the row and column, above Vth(SET).
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "stuck_fraction", "0", "initial_state", "min");
        float[] before = a.tile(0).snapshot();
        a.pulse(0, 10, 10, 1.7, 100e-9, 3, Fixtures.NEVER);
        float[] after = a.tile(0).snapshot();
        int disturbed = 0;
        for (int c = 0; c < 64; c++) {
            if (c != 10 && after[10 * 64 + c] > before[10 * 64 + c]) {
                disturbed++;
            }
        }
        assertThat(disturbed).isGreaterThan(30);
        assertThat(after[20 * 64 + 20]).isEqualTo(before[20 * 64 + 20]);
    }

    @Test
    void outerProductHalfSelectsAboveThresholdDisturbTheFiredLinesOnly() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "stuck_fraction", "0", "initial_state", "min");
        float[] before = a.tile(0).snapshot();
        // Only row 3 and column 4 fire: 1.7 V coincides on (3, 4) and puts 0.85 V on the rest of both lines.
        float[] u = new float[64];
        float[] v = new float[64];
        u[3] = 1f;
        v[4] = 1f;
        a.outerProduct(0, 0, 0, u, v, 4, 1.7, -1.1, 100e-9, Fixtures.NEVER);
        float[] after = a.tile(0).snapshot();
        int disturbed = 0;
        for (int c = 0; c < 64; c++) {
            disturbed += c != 4 && after[3 * 64 + c] > before[3 * 64 + c] ? 1 : 0;
        }
        assertThat(disturbed).isGreaterThan(30);
        assertThat(after[10 * 64 + 10]).isEqualTo(before[10 * 64 + 10]);
        // Nominal amplitudes disturb nothing.
        CrossbarArray b = Fixtures.array("profile", "taox-2x64", "stuck_fraction", "0", "initial_state", "min");
        float[] b0 = b.tile(0).snapshot();
        b.outerProduct(0, 0, 0, u, v, 31, 1.2, -1.1, 100e-9, Fixtures.NEVER);
        float[] b1 = b.tile(0).snapshot();
        for (int i = 0; i < b0.length; i++) {
            if (i != 3 * 64 + 4) {
                assertThat(b1[i]).isEqualTo(b0[i]);
            }
        }
    }

    @Test
    void aPulseJustBelowThresholdChangesNothingAndJustAboveItDoes() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64", "initial_state", "min");
        a.pulse(0, 0, 0, 0.8, 100e-9, 100, Fixtures.NEVER);
        a.pulse(0, 0, 1, -0.7, 100e-9, 100, Fixtures.NEVER);
        assertThat(a.tile(0).conductance(0, 0)).isEqualTo(a.tile(0).gMin(0, 0));
        a.pulse(0, 0, 0, 0.82, 100e-9, 1, Fixtures.NEVER);
        assertThat(a.tile(0).conductance(0, 0)).isGreaterThan(a.tile(0).gMin(0, 0));
    }

    @Test
    void theDriveGrowsExponentiallyWithAmplitudeAndLinearlyWithWidth() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64");
        Switching s = a.switching();
        assertThat(s.nominalDrive(1.2, 100e-9)).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.nominalDrive(-1.1, 100e-9)).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.nominalDrive(1.2, 200e-9)).isEqualTo(2.0, org.assertj.core.api.Assertions.within(1e-12));
        double ratio = s.nominalDrive(1.3, 100e-9) / s.nominalDrive(1.2, 100e-9);
        assertThat(ratio).isEqualTo(Math.expm1(0.5 / 0.1) / Math.expm1(0.4 / 0.1), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(s.nominalDrive(0.6, 100e-9)).isZero();
    }

    @Test
    void stuckDevicesNeverMove() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64", "stuck_fraction", "0.2");
        Tile t = a.tile(0);
        float[] before = t.snapshot();
        float[] u = new float[64];
        float[] v = new float[64];
        java.util.Arrays.fill(u, 0.8f);
        java.util.Arrays.fill(v, -0.8f);
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                a.pulse(0, r, c, (r + c) % 2 == 0 ? 1.2 : -1.1, 100e-9, 3, Fixtures.NEVER);
            }
        }
        a.outerProduct(0, 0, 0, u, v, 31, 1.2, -1.1, 100e-9, Fixtures.NEVER);
        float[] after = t.snapshot();
        int stuck = 0;
        int stuckHigh = 0;
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                if (t.isStuck(r, c)) {
                    stuck++;
                    stuckHigh += after[r * 64 + c] == t.gMax(r, c) ? 1 : 0;
                    assertThat(after[r * 64 + c]).isEqualTo(before[r * 64 + c]);
                }
            }
        }
        assertThat(stuck).isBetween(700, 940);
        assertThat((double) stuckHigh / stuck).isBetween(0.43, 0.57);
    }
}
