package org.crossbarhil.driver;

/**
 * What a board runs itself; the host falls back (e.g. per-device pulses, host-iterated VMMs) where it cannot.
 *
 * @param settle the board settles networks itself (settle_network, settle)
 */
public record Capabilities(ArrayType arrayType, boolean parallelOuterProductUpdate, boolean writeVerify, boolean ramp,
        boolean transposedVmm, boolean updateMask, boolean lease, boolean simulated, boolean settle) {
}
