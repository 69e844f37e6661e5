package org.crossbarhil.driver;

public enum BoardState {
    READY,
    /** All lines grounded or floating; the next operation leaves this state. */
    SAFE_IDLE,
    FAULT,
    UNKNOWN
}
