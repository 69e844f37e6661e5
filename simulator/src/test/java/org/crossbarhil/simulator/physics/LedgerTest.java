package org.crossbarhil.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LedgerTest {
    private static double rowSum(Tile t, int row) {
        double s = 0;
        for (int c = 0; c < t.cols(); c++) {
            s += t.conductance(row, c);
        }
        return s;
    }

    private static double colSum(Tile t, int col) {
        double s = 0;
        for (int r = 0; r < t.rows(); r++) {
            s += t.conductance(r, col);
        }
        return s;
    }

    @Test
    void theEnergyOfAKnownReadIsVSquaredGTimesTSummedOverTheDrivenRow() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64");
        Tile t = a.tile(0);
        double expected = 0.2 * 0.2 * rowSum(t, 7) * 1e-6;
        a.readDevice(0, 7, 3, 0.2, 1e-6);
        EnergyLedger.Totals l = a.ledger().totals();
        assertThat(l.readEnergyJoules()).isCloseTo(expected, within(expected * 1e-9));
        assertThat(l.deviceReads()).isEqualTo(1);
    }

    @Test
    void readEnergyIncludesTheIvNonlinearity() {
        CrossbarArray a = Fixtures.array("profile", "taox-2x64");
        Tile t = a.tile(0);
        double k = a.config().readPath().ivNonlinearity();
        double expected = 0.2 * 0.2 * (1 + k * 0.04) * rowSum(t, 0) * 1e-6;
        a.readRows(0, 0, 1, 0.2, 1e-6);
        assertThat(a.ledger().totals().readEnergyJoules()).isCloseTo(expected, within(expected * 1e-6));
    }

    @Test
    void vmmReadEnergyIsTheSumOverDrivenRowsPerConversion() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64");
        Tile t = a.tile(0);
        float[] v = new float[64];
        v[2] = 0.1f;
        v[5] = -0.2f;
        a.vmm(0, false, 1, 0, 64, 0, 64, v, 1e-3, 4, 2e-6);
        double expected = 4 * 2e-6 * (0.1f * 0.1f * rowSum(t, 2) + 0.2f * 0.2f * rowSum(t, 5));
        EnergyLedger.Totals l = a.ledger().totals();
        assertThat(l.readEnergyJoules()).isCloseTo(expected, within(expected * 1e-6));
        CostParams c = a.config().costs();
        assertThat(l.conversions()).isEqualTo(64 + 64 * 4);
        assertThat(l.converterEnergyJoules()).isCloseTo(64 * c.dacEnergyJoules() + 64 * 4 * c.adcEnergyJoules(0), within(1e-20));
        assertThat(l.busySeconds()).isCloseTo(c.dacSeconds() + 4 * (2e-6 + c.adcSeconds()), within(1e-15));
        assertThat(l.vmmVectors()).isEqualTo(1);
    }

    @Test
    void pulseEnergyCountsTheSelectedDeviceAndItsHalfSelectedNeighbours() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64");
        Tile t = a.tile(0);
        double g = t.conductance(4, 9);
        double half = rowSum(t, 4) + colSum(t, 9) - 2 * g;
        a.pulse(0, 4, 9, 1.2, 100e-9, 1, Fixtures.NEVER);
        EnergyLedger.Totals l = a.ledger().totals();
        assertThat(l.pulseEnergyJoules()).isCloseTo(1.2 * 1.2 * g * 100e-9, within(1e-24));
        assertThat(l.halfSelectEnergyJoules()).isCloseTo(0.6 * 0.6 * half * 100e-9, within(1e-22));
        assertThat(l.devicePulses()).isEqualTo(1);
        assertThat(l.halfSelectPulses()).isEqualTo(63 + 63);
        assertThat(l.busySeconds()).isCloseTo(100e-9, within(1e-18));
        assertThat(l.totalEnergyJoules()).isEqualTo(l.pulseEnergyJoules() + l.halfSelectEnergyJoules());
    }

    @Test
    void outerProductEnergyUsesTheLineSums() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64", "initial_state", "min");
        Tile t = a.tile(0);
        double g = t.conductance(0, 0);
        double half = rowSum(t, 0) + colSum(t, 0) - 2 * g;
        a.outerProduct(0, 0, 0, new float[] {1f}, new float[] {1f}, 1, 1.2, -1.1, 100e-9, Fixtures.NEVER);
        EnergyLedger.Totals l = a.ledger().totals();
        assertThat(l.pulseEnergyJoules()).isCloseTo(1.2 * 1.2 * g * 100e-9, within(1e-24));
        assertThat(l.halfSelectEnergyJoules()).isCloseTo(0.6 * 0.6 * half * 100e-9, within(1e-22));
    }

    @Test
    void resetZeroesTheTotalsButNotTheHardwareClock() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64");
        a.pulse(0, 0, 0, 1.2, 1e-6, 3, Fixtures.NEVER);
        double clock = a.ledger().hardwareSeconds();
        a.ledger().reset();
        assertThat(a.ledger().totals().totalEnergyJoules()).isZero();
        assertThat(a.ledger().totals().devicePulses()).isZero();
        assertThat(a.ledger().hardwareSeconds()).isEqualTo(clock).isCloseTo(3e-6, within(1e-15));
    }
}
