package org.crossbarhil.driver;

/** Output currents (amperes), vectorCount x outputCount row-major; {@code clipped} outputs hit the ADC rail. */
public record VmmResult(int vectorCount, int outputCount, float[] amperes, int clipped, double adcFullScaleAmperes) {
    public double get(int vector, int output) {
        return amperes[vector * outputCount + output];
    }
}
