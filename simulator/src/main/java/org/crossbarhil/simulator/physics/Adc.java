package org.crossbarhil.simulator.physics;

/**
 * A bipolar ADC of {@code bits} (sign included) over [-fullScale, +fullScale): codes
 * -2^(bits-1) .. 2^(bits-1) - 1, one LSB = fullScale / 2^(bits-1), rounding to nearest. Inputs
 * beyond the end codes clip. {@code bits} 0 is an ideal converter: no quantisation, no clipping.
 */
final class Adc {
    private final boolean ideal;
    private final double lsb;
    private final double inverseLsb;
    private final double minCode;
    private final double maxCode;

    Adc(int bits, double fullScale) {
        this.ideal = bits == 0;
        double half = ideal ? 1 : Math.pow(2, bits - 1);
        this.lsb = fullScale / half;
        this.inverseLsb = 1 / lsb;
        this.minCode = -half;
        this.maxCode = half - 1;
    }

    /** The converted value. */
    double convert(double x) {
        if (ideal) {
            return x;
        }
        double code = Math.rint(x * inverseLsb);
        if (code > maxCode) {
            code = maxCode;
        } else if (code < minCode) {
            code = minCode;
        }
        return code * lsb;
    }

}
