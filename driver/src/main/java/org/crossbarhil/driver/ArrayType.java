package org.crossbarhil.driver;

public enum ArrayType {
    /** 0T1R: devices are selected by V/2 half-select only. */
    PASSIVE,
    /** One transistor per device: per-device update masks are physical. */
    ONE_T_ONE_R,
    UNKNOWN
}
