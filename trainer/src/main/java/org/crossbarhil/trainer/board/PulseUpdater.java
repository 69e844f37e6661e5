package org.crossbarhil.trainer.board;

import org.crossbarhil.trainer.nn.ActivityDifference;

/** Turns a layer's activity difference into pulses on its tiles. */
public interface PulseUpdater {
    void update(BoardSynapses layer, ActivityDifference difference);

}
