package org.crossbarhil.trainer.board;

/**
 * What calibration measured about the devices: a conductance window nearly every device can reach
 * (low = 90th percentile of the fully RESET conductances, high = 10th percentile of the fully SET
 * ones), the medians of both, the reference conductance pairs are centred on, and the mean
 * conductance change of one SET and one RESET pulse at the reference.
 */
public record DeviceWindow(double low, double high, double medianMin, double medianMax, double reference, double setStep,
        double resetStep, int devicesMeasured, long pulsesUsed) {

    public double halfWindow() {
        return Math.min(reference - low, high - reference);
    }
}
