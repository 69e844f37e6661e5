package org.crossbarhil.driver;

import java.util.List;

/**
 * A layered network of differential pairs for the board to settle itself (docs/protocol.md
 * section 3.5), described once with {@link CrossbarBoard#defineSettleNetwork}. The activation
 * is the hard sigmoid ρ(h) = min(max(h, clipLow), clipHigh).
 *
 * @param driveVolts           activity 1 as a voltage; bias rows are driven at it. Voltages travel
 *                             as float32: give the float value used in host VMMs
 * @param adcFullScaleAmperes  0 = the board's auto-range per block and direction; else one of the converter's ranges
 */
public record SettleNetwork(List<SettleLayer> layers, double driveVolts, float clipLow, float clipHigh, double adcFullScaleAmperes) {
    public SettleNetwork {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a settle network needs at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).units()) {
                throw new IllegalArgumentException("settle layer " + l + " has " + layers.get(l).inputs() + " inputs but layer " + (l - 1)
                        + " has " + layers.get(l - 1).units() + " units");
            }
        }
        if (!(driveVolts > 0) || Double.isInfinite(driveVolts)) {
            throw new IllegalArgumentException("drive volts: " + driveVolts + " V (expected: finite, > 0)");
        }
        if (!Float.isFinite(clipLow) || !Float.isFinite(clipHigh) || !(clipLow < clipHigh)) {
            throw new IllegalArgumentException("clip range [" + clipLow + ", " + clipHigh + "] (expected: finite, low < high)");
        }
        if (!(adcFullScaleAmperes >= 0) || Double.isInfinite(adcFullScaleAmperes)) {
            throw new IllegalArgumentException("ADC range: " + adcFullScaleAmperes + " A (expected: >= 0, 0 = auto-range)");
        }
    }

    public int inputs() {
        return layers.get(0).inputs();
    }

    public int outputs() {
        return layers.get(layers.size() - 1).units();
    }

    /** Units of every layer together: the states one sample of one phase returns. */
    public int unitsPerSample() {
        return layers.stream().mapToInt(SettleLayer::units).sum();
    }
}
