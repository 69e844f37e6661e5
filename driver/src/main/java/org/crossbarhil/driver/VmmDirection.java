package org.crossbarhil.driver;

public enum VmmDirection {
    /** Drive rows, read column currents: y_j = sum_i G_ij v_i. */
    FORWARD,
    /** Drive columns, read row currents: y_i = sum_j G_ij v_j. */
    TRANSPOSED
}
