package org.crossbarhil.simulator.physics;

/**
 * Physical cost of everything the array did: energy by kind, modelled hardware time, and counts.
 * Time here is modelled hardware time (pulse widths, integration and conversion times), never
 * wall time. docs/device-model.md, "Ledger", gives every formula.
 *
 * <p>{@link #hardwareSeconds()} is the board's modelled clock: it only grows (a ledger reset does
 * not rewind it) and is what drift is measured against, so that runs are reproducible.
 */
public final class EnergyLedger {
    private double readEnergy;
    private double pulseEnergy;
    private double halfSelectEnergy;
    private double converterEnergy;
    private double busySeconds;
    private long devicePulses;
    private long halfSelectPulses;
    private long deviceReads;
    private long vmmVectors;
    private long conversions;
    private long writeVerifyPulses;
    private long requests;
    private double hardwareSeconds;
    private double programmingEnergySinceBudget;

    /** The totals at this moment. */
    public record Totals(double readEnergyJoules, double pulseEnergyJoules, double halfSelectEnergyJoules,
            double converterEnergyJoules, double busySeconds, long devicePulses, long halfSelectPulses,
            long deviceReads, long vmmVectors, long conversions, long writeVerifyPulses, long requests) {
        public double totalEnergyJoules() {
            return readEnergyJoules + pulseEnergyJoules + halfSelectEnergyJoules + converterEnergyJoules;
        }
    }

    public Totals totals() {
        return new Totals(readEnergy, pulseEnergy, halfSelectEnergy, converterEnergy, busySeconds, devicePulses,
                halfSelectPulses, deviceReads, vmmVectors, conversions, writeVerifyPulses, requests);
    }

    /** Zeroes the totals; the hardware clock keeps running. */
    public void reset() {
        readEnergy = 0;
        pulseEnergy = 0;
        halfSelectEnergy = 0;
        converterEnergy = 0;
        busySeconds = 0;
        devicePulses = 0;
        halfSelectPulses = 0;
        deviceReads = 0;
        vmmVectors = 0;
        conversions = 0;
        writeVerifyPulses = 0;
        requests = 0;
        programmingEnergySinceBudget = 0;
    }

    public double hardwareSeconds() {
        return hardwareSeconds;
    }

    /** Pulse and half-select energy since the energy budget was last set or the ledger reset. */
    public double programmingEnergySinceBudget() {
        return programmingEnergySinceBudget;
    }

    public void restartBudget() {
        programmingEnergySinceBudget = 0;
    }

    void addReadEnergy(double joules, long devices) {
        readEnergy += joules;
        deviceReads += devices;
    }

    void addPulses(double selectedJoules, long pulses, double halfSelectJoules, long halfSelects) {
        pulseEnergy += selectedJoules;
        devicePulses += pulses;
        halfSelectEnergy += halfSelectJoules;
        halfSelectPulses += halfSelects;
        programmingEnergySinceBudget += selectedJoules + halfSelectJoules;
    }

    void addConversions(double joules, long count) {
        converterEnergy += joules;
        conversions += count;
    }

    void addVmmVectors(long vectors) {
        vmmVectors += vectors;
    }

    /** Marks device pulses already counted by {@link #addPulses} as issued by write-verify. */
    public void addWriteVerifyPulses(long pulses) {
        writeVerifyPulses += pulses;
    }

    void addTime(double seconds) {
        busySeconds += seconds;
        hardwareSeconds += seconds;
    }

    public void countRequest() {
        requests++;
    }
}
