package org.crossbarhil.simulator.physics;

/**
 * Relaxation after programming (optional): a programmed conductance decays toward the device's
 * Gmin as a power law of the modelled hardware time since it was last programmed,
 *
 * <pre>
 * G(t) = Gmin + (G_p - Gmin) * (1 + (t - t_p) / t0)^(-nu)
 * </pre>
 *
 * Stuck devices do not drift. Time is the ledger's hardware clock, so runs stay reproducible.
 */
final class Drift {
    private final double nu;
    private final double t0;

    Drift(DeviceParams p) {
        this.nu = p.driftNu();
        this.t0 = p.driftT0Seconds();
    }

    float relaxed(Tile t, int i, double now) {
        if (t.stuck[i] != Tile.FREE) {
            return t.g[i];
        }
        double age = Math.max(0, now - t.programmedAt[i]);
        double factor = Math.pow(1 + age / t0, -nu);
        return (float) (t.gMin[i] + (t.g[i] - t.gMin[i]) * factor);
    }

    float[] relaxed(Tile t, double now) {
        float[] out = new float[t.g.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = relaxed(t, i, now);
        }
        return out;
    }
}
