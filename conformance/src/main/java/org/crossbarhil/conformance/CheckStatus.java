package org.crossbarhil.conformance;

/** Outcome of one conformance check. */
public enum CheckStatus {
    PASS,
    FAIL,
    /** Not run: not allowed by the options (writes, forming), not offered by the board, or a prerequisite failed. */
    SKIP
}
