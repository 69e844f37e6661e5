package org.crossbarhil.simulator.physics;

/**
 * The array periphery: read noise, I-V nonlinearity, IR drop, DAC and ADCs.
 *
 * @param readNoise         per-device read noise, as a fraction of the device current (Gaussian)
 * @param tiaNoiseAmperes   TIA output noise per conversion, amperes rms
 * @param ivNonlinearity    k in I = G V (1 + k V^2), 1/V^2
 * @param irDrop            first-order wire-resistance model on VMMs
 * @param wireOhms          wire resistance of one cell segment, ohms
 * @param dacBits           bipolar input DAC bits (sign included); 0 = ideal
 * @param dacFullScaleVolts DAC codes span [-full scale, +full scale]
 * @param adcBits           bipolar VMM ADC bits (sign included); 0 = ideal (no quantisation, no clipping)
 * @param maxReadsAveraged  K: most conversions one VMM output may average
 * @param readAdcBits       bits of the single-device read path; 0 = ideal
 */
public record ReadPathParams(
        double readNoise,
        double tiaNoiseAmperes,
        double ivNonlinearity,
        boolean irDrop,
        double wireOhms,
        int dacBits,
        double dacFullScaleVolts,
        int adcBits,
        int maxReadsAveraged,
        int readAdcBits) {

    /** Current of a device of conductance g at voltage v, I-V nonlinearity included. */
    public double current(double g, double v) {
        return g * v * (1 + ivNonlinearity * v * v);
    }

    /** The voltage a DAC code of {@code v} actually applies. */
    public double dac(double v) {
        if (dacBits == 0) {
            return v;
        }
        double lsb = dacFullScaleVolts / ((1 << (dacBits - 1)) - 1);
        return Math.rint(v / lsb) * lsb;
    }
}
