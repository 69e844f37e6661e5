package org.crossbarhil.simulator.physics;

/**
 * The ideal device (aihwkit {@code LinearStepDevice} without its nonlinearity): every pulse moves
 * G by the same fraction of the device's range, until a bound clips it.
 *
 * <pre>
 * dG = +/- min(1, a * gain * drive) * (Gmax - Gmin) * (1 + c2c * xi),  a = step_set (x asymmetry for RESET)
 * </pre>
 */
final class LinearStepModel extends StepModel {
    LinearStepModel(DeviceParams p) {
        super(p);
    }

    @Override
    float span(boolean set, float g, float lo, float hi) {
        return hi - lo;
    }
}
