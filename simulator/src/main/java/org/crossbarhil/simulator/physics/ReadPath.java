package org.crossbarhil.simulator.physics;

/**
 * Conductance reads: one row driven at the read voltage, every other line grounded (columns at
 * the virtual ground of their TIAs), each device of the row sensed by its own TIA, so a row is
 * read in one integration and every device of the driven row conducts (and costs energy) even when
 * only one is reported. The measured conductance is the quantised noisy current over the voltage,
 * I-V nonlinearity included:
 *
 * <pre>
 * I    = G V (1 + k V^2) (1 + read_noise * xi1) + tia_noise * xi2
 * G_rd = Q_read(I) / V,   Q_read: read_adc_bits over +/- |V| * Gceiling * (1 + k V^2)
 * </pre>
 */
final class ReadPath {
    private final ReadPathParams rp;
    private final CostParams costs;
    private final Drift drift;
    private final double gCeiling;

    ReadPath(ReadPathParams rp, CostParams costs, Drift drift, double gCeiling) {
        this.rp = rp;
        this.costs = costs;
        this.drift = drift;
        this.gCeiling = gCeiling;
    }

    /**
     * Reads devices [first, first + count) of one row (count 1 = one device), in one integration.
     * Writes the measured conductances into {@code out} at {@code outOffset}.
     */
    void readRow(Tile t, int row, int firstCol, int count, double volts, double integrationSeconds, EnergyLedger ledger,
            float[] out, int outOffset) {
        double now = ledger.hardwareSeconds();
        Adc adc = new Adc(rp.readAdcBits(), Math.abs(rp.current(gCeiling, volts)));
        double sigma = rp.readNoise();
        double tia = rp.tiaNoiseAmperes();
        int base = row * t.cols;
        double energy = 0;
        for (int c = 0; c < t.cols; c++) {
            double g = drift == null ? t.g[base + c] : drift.relaxed(t, base + c, now);
            energy += volts * rp.current(g, volts);
        }
        for (int c = 0; c < count; c++) {
            int i = base + firstCol + c;
            double g = drift == null ? t.g[i] : drift.relaxed(t, i, now);
            double current = rp.current(g, volts);
            double measured = current;
            if (sigma > 0) {
                measured += current * sigma * t.rng.nextGaussian();
            }
            if (tia > 0) {
                measured += tia * t.rng.nextGaussian();
            }
            out[outOffset + c] = (float) (adc.convert(measured) / volts);
        }
        ledger.addReadEnergy(energy * integrationSeconds, count);
        ledger.addConversions(costs.dacEnergyJoules() + count * costs.adcEnergyJoules(rp.readAdcBits()), 1 + count);
        ledger.addTime(costs.dacSeconds() + integrationSeconds + costs.adcSeconds());
    }
}
