package org.crossbarhil.trainer.data;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A prepared data set: its folds, the task, and the parameters that made it (reported in run
 * summaries and JSON so that a figure can be reproduced).
 *
 * @param name                   "braille", "iris" or "mnist"
 * @param parameters             the data set's options as reported (JSON-friendly values)
 * @param optimalTestAccuracy    the best accuracy any decoder can reach on the test samples of
 *                               fold 0, when known (Braille: nearest-word decoding)
 */
public record DataSet(String name, Task task, int inputSize, int outputSize, List<Fold> folds,
        Map<String, Object> parameters, OptionalDouble optimalTestAccuracy) {
    public DataSet {
        folds = List.copyOf(folds);
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("data set " + name + " has no folds");
        }
        for (Fold f : folds) {
            check(name, "train", f.train(), inputSize, outputSize);
            check(name, "test", f.test(), inputSize, outputSize);
        }
    }

    private static void check(String name, String which, Split s, int in, int out) {
        if (s.size() == 0) {
            throw new IllegalArgumentException("data set " + name + ": empty " + which + " split");
        }
        if (s.inputSize() != in || s.targetSize() != out) {
            throw new IllegalArgumentException("data set " + name + ": " + which + " split has " + s.inputSize() + " inputs and "
                    + s.targetSize() + " targets (expected: " + in + " and " + out + ")");
        }
    }
}
