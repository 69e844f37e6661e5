package org.crossbarhil.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DriftTest {
    @Test
    void programmedConductanceRelaxesTowardGminWithModelledTime() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64", "initial_state", "min", "drift", "on", "drift_nu", "0.1",
                "drift_t0_seconds", "0.001", "step_set", "0.2");
        a.pulse(0, 0, 0, 1.2, 100e-9, 5, Fixtures.NEVER);
        Tile t = a.tile(0);
        double programmed = t.conductance(0, 0);
        double programmedAt = a.ledger().hardwareSeconds();
        double gMin = t.gMin(0, 0);
        double fresh = a.readDevice(0, 0, 0, 0.2, 100e-9);
        assertThat(fresh).isCloseTo(programmed, within(programmed * 0.001));
        // Age it: 100 long pulses on another device add 10 ms of hardware time.
        a.pulse(0, 5, 5, 0.5, 100e-6, 100, Fixtures.NEVER);
        double age = a.ledger().hardwareSeconds() - programmedAt;
        double expected = gMin + (programmed - gMin) * Math.pow(1 + age / 0.001, -0.1);
        double aged = a.readDevice(0, 0, 0, 0.2, 100e-9);
        assertThat(aged).isLessThan(fresh).isCloseTo(expected, within(programmed * 0.001));
        // VMMs see the relaxed value too.
        float[] v = new float[64];
        v[0] = 0.2f;
        float y = a.vmm(0, false, 1, 0, 64, 0, 1, v, 1e-3, 1, 100e-9).amperes()[0];
        assertThat((double) y).isLessThan(0.2 * programmed).isCloseTo(0.2 * expected, within(0.2 * programmed * 0.01));
    }

    @Test
    void withoutDriftNothingRelaxes() {
        CrossbarArray a = Fixtures.array("profile", "ideal-2x64", "initial_state", "min", "step_set", "0.2");
        a.pulse(0, 0, 0, 1.2, 100e-9, 5, Fixtures.NEVER);
        float fresh = a.readDevice(0, 0, 0, 0.2, 100e-9);
        a.pulse(0, 5, 5, 0.5, 100e-6, 100, Fixtures.NEVER);
        assertThat(a.readDevice(0, 0, 0, 0.2, 100e-9)).isEqualTo(fresh);
    }
}
