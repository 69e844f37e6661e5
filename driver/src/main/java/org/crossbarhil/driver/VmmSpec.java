package org.crossbarhil.driver;

/**
 * A batched VMM: {@code vectorCount} input vectors of {@code inputCount} signed voltages each,
 * applied to driven lines [inputOffset, inputOffset + inputCount); currents read from sensed
 * lines [outputOffset, outputOffset + outputCount) (outputCount 0 = to the end).
 * {@code volts} is row-major (vector after vector). {@code adcFullScaleAmperes} and
 * {@code readsAveraged} 0 = the configured values.
 */
public record VmmSpec(int tile, VmmDirection direction, int vectorCount, int inputOffset, int inputCount,
        int outputOffset, int outputCount, float[] volts, double adcFullScaleAmperes, int readsAveraged) {

    public VmmSpec {
        if (direction == null) {
            throw new NullPointerException("direction");
        }
        if (vectorCount < 1 || inputCount < 1) {
            throw new IllegalArgumentException("vectorCount " + vectorCount + " and inputCount " + inputCount + " (expected: >= 1)");
        }
        if (tile < 0 || inputOffset < 0 || outputOffset < 0 || outputCount < 0 || readsAveraged < 0 || adcFullScaleAmperes < 0) {
            throw new IllegalArgumentException("negative tile, offset, count, range or averaging");
        }
        if (volts.length != (long) vectorCount * inputCount) {
            throw new IllegalArgumentException("volts has " + volts.length + " values for " + vectorCount + " vectors of " + inputCount);
        }
    }

    /** Drives rows 0.. with each vector, reads every column. */
    public static VmmSpec forward(int tile, float[][] vectors) {
        return of(tile, VmmDirection.FORWARD, vectors);
    }

    /** Drives columns 0.. with each vector, reads every row. */
    public static VmmSpec transposed(int tile, float[][] vectors) {
        return of(tile, VmmDirection.TRANSPOSED, vectors);
    }

    private static VmmSpec of(int tile, VmmDirection direction, float[][] vectors) {
        if (vectors.length == 0) {
            throw new IllegalArgumentException("no input vectors");
        }
        int n = vectors[0].length;
        float[] flat = new float[vectors.length * n];
        for (int v = 0; v < vectors.length; v++) {
            if (vectors[v].length != n) {
                throw new IllegalArgumentException("vector " + v + " has " + vectors[v].length + " values, vector 0 has " + n);
            }
            System.arraycopy(vectors[v], 0, flat, v * n, n);
        }
        return new VmmSpec(tile, direction, vectors.length, 0, n, 0, 0, flat, 0, 0);
    }

    public VmmSpec withOutputs(int offset, int count) {
        return new VmmSpec(tile, direction, vectorCount, inputOffset, inputCount, offset, count, volts, adcFullScaleAmperes, readsAveraged);
    }

    public VmmSpec withInputOffset(int offset) {
        return new VmmSpec(tile, direction, vectorCount, offset, inputCount, outputOffset, outputCount, volts, adcFullScaleAmperes, readsAveraged);
    }

    public VmmSpec withAdcRange(double fullScaleAmperes) {
        return new VmmSpec(tile, direction, vectorCount, inputOffset, inputCount, outputOffset, outputCount, volts, fullScaleAmperes, readsAveraged);
    }

    public VmmSpec withReadsAveraged(int k) {
        return new VmmSpec(tile, direction, vectorCount, inputOffset, inputCount, outputOffset, outputCount, volts, adcFullScaleAmperes, k);
    }
}
