package org.crossbarhil.simulator.physics;

/** Currents of a batched VMM, vector after vector, and how many outputs hit an ADC rail. */
public record VmmOutput(float[] amperes, int vectorCount, int outputCount, int clipped) {
}
