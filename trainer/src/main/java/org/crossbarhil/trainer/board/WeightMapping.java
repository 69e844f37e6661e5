package org.crossbarhil.trainer.board;

/**
 * The weight of a pair: w = k · (G⁺ − G⁻). Pairs are centred on the reference conductance
 * G_ref; a weight is programmed as G± = G_ref ± w / 2k. k is chosen per layer from the float
 * initialisation: the largest representable weight, with both devices at the edges of the
 * half-window h around G_ref, is {@code headroom} times the initialisation bound, so
 * k = headroom · bound / 2h. A weight beyond ±k·2h cannot be represented and saturates.
 *
 * @param k             weight units per siemens
 * @param reference     G_ref, siemens
 * @param halfWindow    h, siemens
 * @param pairStep      expected weight change of one coincidence: k · (ΔG_SET + ΔG_RESET), since a
 *                      coincidence SETs one device of the pair and RESETs the other
 */
public record WeightMapping(double k, double reference, double halfWindow, double pairStep) {

    public static WeightMapping fromInit(double initBound, double headroom, DeviceWindow window) {
        double h = window.halfWindow();
        if (!(h > 0)) {
            throw new IllegalStateException("calibration found no usable conductance window (low " + window.low() + " S, high "
                    + window.high() + " S): are the devices formed?");
        }
        double k = headroom * initBound / (2 * h);
        return new WeightMapping(k, window.reference(), h, k * (window.setStep() + window.resetStep()));
    }

    public double maxWeight() {
        return k * 2 * halfWindow;
    }

    public double weight(double gPlus, double gMinus) {
        return k * (gPlus - gMinus);
    }

    /** G⁺ for a weight, saturating at the edge of the window. */
    public double plusTarget(double w) {
        return reference + half(w);
    }

    public double minusTarget(double w) {
        return reference - half(w);
    }

    private double half(double w) {
        double d = w / (2 * k);
        return Math.max(-halfWindow, Math.min(halfWindow, d));
    }
}
