package org.crossbarhil.simulator.config;

/** The read-path configuration at power-on (ConfigureRequest changes it at run time). */
public record ReadDefaults(double readVolts, double integrationSeconds, double adcFullScaleAmperes, int readsAveraged) {
}
