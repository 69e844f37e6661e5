package org.crossbarhil.driver;

/** Read-path defaults. In {@link CrossbarBoard#configure} a field left 0 keeps its value. */
public record ReadConfig(double readVolts, double integrationSeconds, double adcFullScaleAmperes, int readsAveraged) {
    public static final ReadConfig UNCHANGED = new ReadConfig(0, 0, 0, 0);
}
