package org.crossbarhil.trainer;

/**
 * What preparing the board cost and found, before the first epoch: calibration, the device health
 * probe and programming the initial weights.
 */
public record BoardSetup(double energyJoules, double hardwareSeconds, long writeVerifyPulses, long probePulses, double wallSeconds,
        int faultyDevices, int devicesProbed) {
    /** A float-only run prepares no board. */
    public static final BoardSetup NONE = new BoardSetup(0, 0, 0, 0, 0, 0, 0);
}
