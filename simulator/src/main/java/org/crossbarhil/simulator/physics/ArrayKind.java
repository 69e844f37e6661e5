package org.crossbarhil.simulator.physics;

/** How devices are selected. */
public enum ArrayKind {
    /** 0T1R: selection by the V/2 scheme only; unselected devices on driven lines see V/2. */
    PASSIVE,
    /** One transistor per device: unselected devices see no voltage; update masks are physical. */
    ONE_T_ONE_R
}
