package org.crossbarhil.simulator.physics;

/**
 * Steps taken from measured curves. The curves are normalised to the range they span and mapped
 * onto each simulated device's own [Gmin, Gmax]; device-to-device gain and the threshold law still
 * apply, so a pulse at another amplitude or width than the measured ones is scaled by the ratio of
 * drives:
 *
 * <pre>
 * x  = (G - Gmin) / (Gmax - Gmin)
 * c  = nearest measured condition of the pulse's polarity
 * dx = gain * drive(V, w) / drive_nominal(V_c, w_c) * (mean_c(x) + spread_c(x) * xi)
 * </pre>
 *
 * When the curves give no spread (a single curve), {@code c2c_noise} of the mean is used instead.
 */
final class LookupTableModel implements DeviceModel {
    private final LookupTable table;
    private final Switching switching;
    private final double c2c;

    LookupTableModel(LookupTable table, DeviceParams p) {
        this.table = table;
        this.switching = new Switching(p);
        this.c2c = p.c2cNoise();
    }

    @Override
    public float apply(Tile t, int i, double volts, double widthSeconds, double drive, Rng rng) {
        float g = t.g[i];
        float lo = t.gMin[i];
        float hi = t.gMax[i];
        LookupTable.Condition c = table.nearest(volts > 0, volts, widthSeconds);
        double measuredDrive = switching.nominalDrive(c.volts(), c.widthSeconds());
        double scale = measuredDrive > 0 ? drive / measuredDrive : drive;
        double x = (g - lo) / (double) (hi - lo);
        double mean = c.meanStep(x);
        double spread = c.stepSpread(x);
        double dx;
        if (spread > 0) {
            dx = mean + spread * rng.nextGaussian();
        } else {
            dx = c2c > 0 ? mean * (1 + c2c * rng.nextGaussian()) : mean;
        }
        dx *= t.gain[i] * scale;
        return DeviceModel.clip(g + dx * (hi - lo), lo, hi);
    }
}
