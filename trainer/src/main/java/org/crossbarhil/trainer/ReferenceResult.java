package org.crossbarhil.trainer;

import java.util.List;

/** How the float reference trained alongside a board run ended. */
public record ReferenceResult(ReferenceKind kind, List<Double> foldTestAccuracies, double testAccuracy, double wallSeconds) {
    public ReferenceResult {
        foldTestAccuracies = List.copyOf(foldTestAccuracies);
    }
}
