package org.crossbarhil.simulator.physics;

/**
 * The ideal device (aihwkit {@code LinearStepDevice} without its nonlinearity): every pulse moves
 * G by the same fraction of the device's range, until a bound clips it.
 *
 * <pre>
 * dG = +/- min(1, a * gain * drive) * (Gmax - Gmin) * (1 + c2c * xi),  a = step_set (x asymmetry for RESET)
 * </pre>
 */
final class LinearStepModel implements DeviceModel {
    private final double stepSet;
    private final double stepReset;
    private final double c2c;

    LinearStepModel(DeviceParams p) {
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
        double step = Math.min(1.0, (set ? stepSet : stepReset) * t.gain[i] * drive) * (hi - lo);
        if (c2c > 0) {
            step *= 1 + c2c * rng.nextGaussian();
        }
        return DeviceModel.clip(set ? g + step : g - step, lo, hi);
    }
}
