package org.crossbarhil.simulator.physics;

/**
 * Threshold switching: how strongly a pulse of amplitude V and width w drives a device whose
 * threshold is Vth.
 *
 * <pre>
 * drive = 0                                                        if |V| &lt;= Vth
 * drive = (exp((|V| - Vth) / V0) - 1) / (exp((Vnom - Vth_nom) / V0) - 1) * (w / w_ref)   otherwise
 * </pre>
 *
 * The denominator makes a nominal pulse (Vnom, w_ref) on a nominal device drive 1, so that the
 * models' step parameters read as "step of one nominal pulse". Below threshold nothing changes,
 * exactly: no noise is drawn either, so reads and V/2 half-selects never move a device.
 */
public final class Switching {
    private final double v0;
    private final double referenceWidth;
    private final double normSet;
    private final double normReset;
    private final double nominalVthSet;
    private final double nominalVthReset;

    public Switching(DeviceParams p) {
        this.v0 = p.v0();
        this.referenceWidth = p.referenceWidthSeconds();
        this.normSet = Math.expm1((p.nominalSetVolts() - p.vthSet()) / p.v0());
        this.normReset = Math.expm1((p.nominalResetVolts() - p.vthReset()) / p.v0());
        this.nominalVthSet = p.vthSet();
        this.nominalVthReset = p.vthReset();
    }

    /** Drive of a pulse on device {@code i} of {@code tile}; volts &gt; 0 is SET. */
    public double drive(Tile tile, int i, double volts, double widthSeconds) {
        boolean set = volts > 0;
        return drive(Math.abs(volts), set ? tile.vthSet[i] : tile.vthReset[i], set, widthSeconds);
    }

    /** Drive of a pulse on a device whose threshold for that polarity is {@code vth}. */
    public double drive(double absVolts, double vth, boolean set, double widthSeconds) {
        if (absVolts <= vth) {
            return 0;
        }
        return Math.expm1((absVolts - vth) / v0) / (set ? normSet : normReset) * (widthSeconds / referenceWidth);
    }

    /** Drive of a pulse on a device with the nominal thresholds. */
    public double nominalDrive(double volts, double widthSeconds) {
        boolean set = volts > 0;
        return drive(Math.abs(volts), set ? nominalVthSet : nominalVthReset, set, widthSeconds);
    }
}
