package org.crossbarhil.trainer.data;

/** A train/test pair. Single-split data sets have one fold; Iris has five (cross-validation). */
public record Fold(Split train, Split test) {
}
