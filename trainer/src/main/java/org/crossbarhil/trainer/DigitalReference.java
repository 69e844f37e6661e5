package org.crossbarhil.trainer;

/**
 * The digital yardstick the board's energy is compared with: a current data-centre GPU doing the
 * same network's work by backprop.
 *
 * <p>NVIDIA H100 SXM5: 989.4 TFLOP/s dense BF16 tensor-core throughput at a 700 W board power
 * (NVIDIA H100 Tensor Core GPU datasheet, 2023; sparsity figures ignored). One MAC is two FLOPs,
 * so at full utilisation and full board power one MAC costs 700 / (989.4e12 / 2) = 1.41 pJ.
 * That is the GPU's best case: a 196-128-10 network at small batch keeps a GPU far from its peak
 * (a few percent is typical), host, DRAM traffic and data movement are ignored, and BF16 is
 * coarser than float. The board's figure includes only what its ledger counts (device, half-select
 * and converter energy), not the host. Both sides are lower bounds; the ratio is a conversation
 * starter, not a measurement.
 *
 * <p>Training one sample by backprop costs about three forward passes of MACs (forward,
 * backward, weight gradient); inference one.
 */
public final class DigitalReference {
    public static final double JOULES_PER_MAC = 700.0 / (989.4e12 / 2);
    public static final String SOURCE = "NVIDIA H100 SXM5 datasheet: 989.4 TFLOP/s dense BF16 at 700 W, at full utilisation";
    private static final String ASSUMPTIONS = "backprop = 3 forward passes of MACs per training sample; GPU at peak throughput and board "
            + "power; host, memory traffic and utilisation losses ignored (they would raise the GPU figure)";

    private DigitalReference() {
    }

    /** Multiply-accumulates of one forward pass (biases counted as inputs). */
    public static long forwardMacs(int[] sizes) {
        long macs = 0;
        for (int l = 1; l < sizes.length; l++) {
            macs += (long) (sizes[l - 1] + 1) * sizes[l];
        }
        return macs;
    }

    public static double trainingJoulesPerSample(int[] sizes) {
        return 3 * forwardMacs(sizes) * JOULES_PER_MAC;
    }

    public static double inferenceJoulesPerSample(int[] sizes) {
        return forwardMacs(sizes) * JOULES_PER_MAC;
    }

    /** The reference as reported in summaries. */
    public static Estimate describe(int[] sizes) {
        return new Estimate(JOULES_PER_MAC, forwardMacs(sizes), trainingJoulesPerSample(sizes), inferenceJoulesPerSample(sizes), SOURCE,
                ASSUMPTIONS);
    }

    /** The GPU's energy for a network, per sample, with where the figure comes from and what it leaves out. */
    public record Estimate(double joulesPerMac, long forwardMacsPerSample, double trainingJoulesPerSample, double inferenceJoulesPerSample,
            String source, String assumptions) {
    }
}
