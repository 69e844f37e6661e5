package org.crossbarhil.simulator.physics;

/**
 * What the step-fraction update laws share: a pulse moves G by {@code min(1, a * gain * drive)}
 * of a span, scattered by cycle-to-cycle noise and clipped to the device's bounds, with
 * {@code a = step_set} for SET and {@code step_set * asymmetry} for RESET. The laws differ only in
 * the span ({@link #span}).
 */
abstract class StepModel implements DeviceModel {
    private final double stepSet;
    private final double stepReset;
    private final double c2c;

    StepModel(DeviceParams p) {
        stepSet = p.stepSet();
        stepReset = p.stepSet() * p.asymmetry();
        c2c = p.c2cNoise();
    }

    /** The span a full step (fraction 1) would move G by, from G toward the pulse's bound. */
    abstract float span(boolean set, float g, float lo, float hi);

    @Override
    public final float apply(Tile t, int i, double volts, double widthSeconds, double drive, Rng rng) {
        boolean set = volts > 0;
        float g = t.g[i];
        float lo = t.gMin[i];
        float hi = t.gMax[i];
        double step = Math.min(1.0, (set ? stepSet : stepReset) * t.gain[i] * drive) * span(set, g, lo, hi);
        if (c2c > 0) {
            step *= 1 + c2c * rng.nextGaussian();
        }
        return DeviceModel.clip(set ? g + step : g - step, lo, hi);
    }
}
