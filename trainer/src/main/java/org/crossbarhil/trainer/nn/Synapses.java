package org.crossbarhil.trainer.nn;

/**
 * The weights of one layer, W (outputs x inputs) and a bias b, wherever they live: float arrays
 * or conductance pairs on a board. The bias is an extra input held at 1 (on a board: a row driven
 * at a constant voltage), so it is learned by the same rule as the weights.
 */
public interface Synapses {
    int inputs();

    int outputs();

    /** For each sample: W·x + b. {@code x} is batch x inputs, the result batch x outputs. */
    float[][] forward(float[][] x);

    /** For each sample: Wᵀ·y (no bias). {@code y} is batch x outputs, the result batch x inputs. */
    float[][] backward(float[][] y);

    /**
     * Applies ΔW = rate · Σ_samples (a⁺ b⁺ᵀ − a⁻ b⁻ᵀ) and Δb = rate · Σ (a⁺ − a⁻), where a are this
     * layer's activities and b its inputs in the two phases. Implementations apply it as the
     * difference, never as two separate products.
     */
    void update(ActivityDifference difference);
}
