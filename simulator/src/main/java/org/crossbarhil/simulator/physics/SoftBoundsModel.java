package org.crossbarhil.simulator.physics;

/**
 * Soft bounds (aihwkit {@code SoftBoundsDevice}): a SET pulse moves G by a fraction of the
 * distance to Gmax, a RESET pulse by a fraction of the distance to Gmin, so that steps shrink as
 * the device saturates:
 *
 * <pre>
 * SET:   dG = +min(1, a_set   * gain * drive) * (Gmax - G) * (1 + c2c * xi)
 * RESET: dG = -min(1, a_reset * gain * drive) * (G - Gmin) * (1 + c2c * xi)
 * a_reset = a_set * asymmetry,   xi ~ N(0, 1),   G clipped to [Gmin, Gmax]
 * </pre>
 */
final class SoftBoundsModel implements DeviceModel {
    private final double stepSet;
    private final double stepReset;
    private final double c2c;

    SoftBoundsModel(DeviceParams p) {
        stepSet = p.stepSet();
        stepReset = p.stepSet() * p.asymmetry();
        c2c = p.c2cNoise();
    }

    @Override
    public float apply(Tile t, int i, double volts, double widthSeconds, double drive, Rng rng) {
        boolean set = volts > 0;
        float g = t.g[i];
        float lo = t.gMin[i];
        float hi = t.gMax[i];
        double a = Math.min(1.0, (set ? stepSet : stepReset) * t.gain[i] * drive);
        double step = a * (set ? hi - g : g - lo);
        if (c2c > 0) {
            step *= 1 + c2c * rng.nextGaussian();
        }
        return DeviceModel.clip(set ? g + step : g - step, lo, hi);
    }
}
