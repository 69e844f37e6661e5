package org.crossbarhil.simulator.physics;

/**
 * Converter costs for the ledger (docs/device-model.md, "Ledger", gives the sources).
 *
 * @param adcFomJoules    Walden figure of merit: energy per conversion step; one conversion costs FoM * 2^bits
 * @param adcSeconds      time of one ADC conversion (one ADC per sensed line, all in parallel)
 * @param dacEnergyJoules energy of one DAC conversion driving one line
 * @param dacSeconds      DAC settling time before integration starts
 */
public record CostParams(double adcFomJoules, double adcSeconds, double dacEnergyJoules, double dacSeconds) {

    /** Energy of one ADC conversion at {@code bits} resolution; ideal converters are costed at 8 bits. */
    public double adcEnergyJoules(int bits) {
        return adcFomJoules * Math.pow(2, bits == 0 ? 8 : bits);
    }
}
