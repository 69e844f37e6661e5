package org.crossbarhil.simulator.physics;

import java.nio.file.Path;

/**
 * Device physics (docs/device-model.md gives each equation and the source of each default).
 *
 * @param model                 update law
 * @param lutFile               measured pulse-response curves, for {@link DeviceModelKind#LOOKUP_TABLE}
 * @param gMin                  nominal low conductance bound, siemens
 * @param gMax                  nominal high conductance bound, siemens
 * @param boundSpread           device-to-device log-normal sigma of both bounds (truncated at 4 sigma)
 * @param initialState          conductance at power-on
 * @param vthSet                SET threshold, volts: no change at or below it
 * @param vthReset              RESET threshold (magnitude), volts
 * @param vthSpread             device-to-device sigma of both thresholds, volts (truncated at 4 sigma)
 * @param v0                    voltage scale of the exponential step growth above threshold, volts
 * @param referenceWidthSeconds pulse width at which the nominal step is defined
 * @param nominalSetVolts       SET amplitude at which the step equals {@code stepSet}
 * @param nominalResetVolts     RESET amplitude (magnitude) at which the step equals {@code stepSet * asymmetry}
 * @param stepSet               nominal SET step: fraction of the distance to the bound (soft bounds) or of the range (linear)
 * @param asymmetry             nominal RESET step / nominal SET step
 * @param c2cNoise              cycle-to-cycle Gaussian noise, as a fraction of the step
 * @param d2dGainSpread         device-to-device log-normal sigma of the step gain
 * @param stuckFraction         fraction of devices that never move
 * @param stuckHighShare        share of the stuck devices stuck at their Gmax (the rest at Gmin)
 * @param drift                 whether programmed conductances relax
 * @param driftNu               power-law exponent of the relaxation toward Gmin
 * @param driftT0Seconds        time scale of the relaxation
 */
public record DeviceParams(
        DeviceModelKind model,
        Path lutFile,
        double gMin,
        double gMax,
        double boundSpread,
        InitialState initialState,
        double vthSet,
        double vthReset,
        double vthSpread,
        double v0,
        double referenceWidthSeconds,
        double nominalSetVolts,
        double nominalResetVolts,
        double stepSet,
        double asymmetry,
        double c2cNoise,
        double d2dGainSpread,
        double stuckFraction,
        double stuckHighShare,
        boolean drift,
        double driftNu,
        double driftT0Seconds) {

    /** Device-to-device draws are truncated at this many standard deviations. */
    public static final double SPREAD_TRUNCATION = 4.0;

    /** No device of any tile has a higher Gmax: the worst case for compliance checks. */
    public double gCeiling() {
        return gMax * Math.exp(SPREAD_TRUNCATION * boundSpread);
    }

    /** The lowest SET threshold any device can have. */
    public double lowestVthSet() {
        return vthSet - SPREAD_TRUNCATION * vthSpread;
    }

    /** The lowest RESET threshold (magnitude) any device can have. */
    public double lowestVthReset() {
        return vthReset - SPREAD_TRUNCATION * vthSpread;
    }
}
