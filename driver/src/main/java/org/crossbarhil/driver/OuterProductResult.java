package org.crossbarhil.driver;

/** Full-amplitude device pulses (coincidences), half-select pulses, and time slots used. */
public record OuterProductResult(long devicePulses, long halfSelectPulses, int slots) {
}
