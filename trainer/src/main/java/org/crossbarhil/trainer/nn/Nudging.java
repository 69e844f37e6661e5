package org.crossbarhil.trainer.nn;

/** How the output is nudged (Laborieux et al. 2021: a one-sided finite β biases the gradient estimate). */
public enum Nudging {
    /** Two nudged phases, +β and −β, from the free state; update ∝ (s⁺ − s⁻) / 2β. */
    SYMMETRIC,
    /** One nudged phase with β of a random sign per batch; update ∝ (s^β − s⁰) / β. */
    RANDOM_SIGN
}
