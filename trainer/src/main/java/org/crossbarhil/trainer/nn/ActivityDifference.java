package org.crossbarhil.trainer.nn;

/**
 * The two phases' activities of one layer for a batch: {@code post} are the layer's outputs
 * ρ(s_l), {@code pre} its inputs ρ(s_{l-1}), each batch x units, for the "+" phase and the "−"
 * phase. The weight change is {@code rate · Σ (a⁺ b⁺ᵀ − a⁻ b⁻ᵀ)}; written as two signed rank-1
 * terms per sample, {@code Δa·b̄ᵀ + ā·Δbᵀ}, with Δ the difference and the bar the mean of the two
 * phases. When {@code preClamped} (the first layer: inputs clamped) Δb = 0 and one term remains.
 */
public record ActivityDifference(float[][] postPlus, float[][] prePlus, float[][] postMinus, float[][] preMinus,
        boolean preClamped, float rate) {

    public int batch() {
        return postPlus.length;
    }

    /** Δa of sample s. */
    public float[] deltaPost(int s) {
        return diff(postPlus[s], postMinus[s]);
    }

    /** ā of sample s. */
    public float[] meanPost(int s) {
        return mean(postPlus[s], postMinus[s]);
    }

    /** Δb of sample s (zeros when the inputs are clamped). */
    public float[] deltaPre(int s) {
        return preClamped ? new float[prePlus[s].length] : diff(prePlus[s], preMinus[s]);
    }

    /** b̄ of sample s. */
    public float[] meanPre(int s) {
        return preClamped ? prePlus[s].clone() : mean(prePlus[s], preMinus[s]);
    }

    private static float[] diff(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static float[] mean(float[] a, float[] b) {
        float[] m = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            m[i] = 0.5f * (a[i] + b[i]);
        }
        return m;
    }
}
