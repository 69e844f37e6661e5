package org.crossbarhil.driver;

/** What a board runs itself; the host falls back (e.g. per-device pulses) where it cannot. */
public record Capabilities(ArrayType arrayType, boolean parallelOuterProductUpdate, boolean writeVerify, boolean ramp,
        boolean transposedVmm, boolean updateMask, boolean lease, boolean simulated) {
}
