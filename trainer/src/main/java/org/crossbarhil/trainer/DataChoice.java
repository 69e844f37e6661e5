package org.crossbarhil.trainer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Objects;
import org.crossbarhil.trainer.data.Braille;
import org.crossbarhil.trainer.data.Mnist;

/**
 * The data a run trains on. Every data set's options are kept, whichever is chosen, so that a
 * recorded run names them all.
 *
 * @param dataset   which data set
 * @param path      MNIST's files (see {@link Mnist#load}); null for the generated and built-in sets
 * @param braille   how Braille words are generated and corrupted
 * @param mnist     MNIST image size and how much of it is used
 * @param irisFolds folds of Iris cross-validation
 */
public record DataChoice(DatasetKind dataset, @JsonProperty("data") String path, @JsonUnwrapped(prefix = "braille_") Braille.Options braille,
        @JsonUnwrapped(prefix = "mnist_") Mnist.Options mnist, int irisFolds) {
    public DataChoice {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(braille, "braille");
        Objects.requireNonNull(mnist, "mnist");
        checkIrisFolds(irisFolds);
        if (dataset == DatasetKind.MNIST && (path == null || path.isBlank())) {
            throw new IllegalArgumentException("MNIST needs --data: a directory with *images-idx3* and *labels-idx1* files, "
                    + "an images file, or IMAGES,LABELS");
        }
    }

    static void checkIrisFolds(int k) {
        if (k < 2 || k > 50) {
            throw new IllegalArgumentException("iris folds: " + k + " (expected: 2..50)");
        }
    }
}
