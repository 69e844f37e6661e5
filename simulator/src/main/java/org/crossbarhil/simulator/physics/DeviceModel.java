package org.crossbarhil.simulator.physics;

/**
 * An update law: the conductance of a device after one above-threshold pulse. The threshold law
 * ({@link Switching}) has already turned amplitude and width into {@code drive} (1 for a nominal
 * pulse on a nominal device, 0 never reaches a model: below threshold nothing changes).
 * Implementations clip to the device's own bounds and draw cycle-to-cycle noise from {@code rng}.
 */
public interface DeviceModel {
    /**
     * @param volts        the pulse amplitude; &gt; 0 is SET
     * @param widthSeconds the pulse width
     * @param drive        {@link Switching#drive} of this pulse on this device, &gt; 0
     */
    float apply(Tile tile, int index, double volts, double widthSeconds, double drive, Rng rng);

    /** The model the configuration asks for; a lookup table is loaded from its CSV file. */
    static DeviceModel of(DeviceParams params) {
        switch (params.model()) {
            case SOFT_BOUNDS:
                return new SoftBoundsModel(params);
            case LINEAR:
                return new LinearStepModel(params);
            case LOOKUP_TABLE:
                return new LookupTableModel(LookupTable.load(params.lutFile()), params);
            default:
                throw new IllegalArgumentException("unknown device model " + params.model());
        }
    }

    static float clip(double g, float lo, float hi) {
        if (g < lo) {
            return lo;
        }
        if (g > hi) {
            return hi;
        }
        return (float) g;
    }
}
