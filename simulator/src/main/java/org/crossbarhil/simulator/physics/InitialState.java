package org.crossbarhil.simulator.physics;

/** Conductance of each device when a tile is first powered. */
public enum InitialState {
    /** Uniform in [Gmin, Gmax] of the device: an array as delivered after forming. */
    UNIFORM,
    MIN,
    MAX,
    /** Halfway between the device's bounds. */
    MID
}
