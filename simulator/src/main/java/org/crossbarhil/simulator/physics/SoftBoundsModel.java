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
final class SoftBoundsModel extends StepModel {
    SoftBoundsModel(DeviceParams p) {
        super(p);
    }

    @Override
    float span(boolean set, float g, float lo, float hi) {
        return set ? hi - g : g - lo;
    }
}
