package org.crossbarhil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A bench command that sends one request and prints its answer: the board, --json and the measurement log. */
abstract class OneRequestCommand implements Callable<Integer>, Measurement.Recorded {
    @Mixin
    BoardOptions board;

    @Mixin
    Measurement measurement;

    @Spec
    CommandSpec spec;

    @Override
    public Measurement measurement() {
        return measurement;
    }

    @Override
    public BoardOptions board() {
        return board;
    }
}
