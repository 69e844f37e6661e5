package org.crossbarhil.driver;

import java.util.List;

/** Input DAC and output ADC of the array periphery. */
public record Converters(int dacBits, double dacFullScaleVolts, int adcBits, List<Double> adcFullScaleAmperes,
        int maxReadsAveraged) {
    public Converters {
        adcFullScaleAmperes = List.copyOf(adcFullScaleAmperes);
    }
}
