package org.crossbarhil.simulator.physics;

/** Which conductance-update law the devices follow (docs/device-model.md). */
public enum DeviceModelKind {
    /** Step proportional to the distance to the bound being approached (aihwkit SoftBounds). */
    SOFT_BOUNDS,
    /** Constant step, a fraction of the device's range, clipped at the bounds (ideal device). */
    LINEAR,
    /** Mean and spread of the step read from measured pulse-response curves (CSV). */
    LOOKUP_TABLE
}
