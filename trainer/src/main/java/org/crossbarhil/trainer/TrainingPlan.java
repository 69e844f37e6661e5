package org.crossbarhil.trainer;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Objects;
import org.crossbarhil.trainer.nn.EqPropParams;

/**
 * What a run computes, with every default filled in: recorded with the run (one flat JSON object,
 * {@link RunJson#readPlan}) and read back to resume it.
 *
 * @param boardUse   the board and how it is used
 * @param dataChoice the data set and its options
 * @param network    hidden layer sizes
 * @param eqprop     settling phases, nudging, learning rates and batch size
 * @param schedule   epochs and learning-rate decay
 * @param seed       seed of data generation, splits, initialisation and sample order
 * @param reference  float reference trained on the same network and data
 */
public record TrainingPlan(@JsonUnwrapped BoardUse boardUse, @JsonUnwrapped DataChoice dataChoice, @JsonUnwrapped NetworkShape network,
        @JsonUnwrapped EqPropParams eqprop, @JsonUnwrapped Schedule schedule, long seed, ReferenceKind reference) {
    public TrainingPlan {
        Objects.requireNonNull(boardUse, "boardUse");
        Objects.requireNonNull(dataChoice, "dataChoice");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(eqprop, "eqprop");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(reference, "reference");
        if (!boardUse.hasBoard() && reference == ReferenceKind.NONE) {
            throw new IllegalArgumentException("--board none trains only the float reference: choose --reference eqprop or backprop");
        }
    }

    /** The network's layer sizes for a data set's input and output sizes. */
    public int[] sizes(int inputs, int outputs) {
        return network.sizes(inputs, outputs);
    }
}
