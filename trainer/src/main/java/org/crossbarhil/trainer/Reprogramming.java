package org.crossbarhil.trainer;

import org.crossbarhil.trainer.runs.RunStore;

/**
 * Board work between epochs, which no epoch record holds: a resume taking the board back (reading
 * it, and write-verify pulses when it lost the checkpoint) and the initial weights of every later
 * fold. Summed over all sessions of a run, and part of the run's totals.
 */
public record Reprogramming(long writeVerifyPulses, double energyJoules, double hardwareSeconds, double wallSeconds) {
    public static final Reprogramming NONE = new Reprogramming(0, 0, 0, 0);
    /** Its key among the run's values. */
    static final String KEY = "reprogramming";

    /** What the run's sessions so far recorded. */
    static Reprogramming recorded(RunStore store, long run) {
        return store.value(run, KEY).map(j -> RunJson.read(j, Reprogramming.class)).orElse(NONE);
    }

    Reprogramming plus(Reprogramming o) {
        return new Reprogramming(writeVerifyPulses + o.writeVerifyPulses, energyJoules + o.energyJoules, hardwareSeconds + o.hardwareSeconds,
                wallSeconds + o.wallSeconds);
    }
}
