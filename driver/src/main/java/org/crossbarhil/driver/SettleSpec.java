package org.crossbarhil.driver;

import java.util.List;

/**
 * A batch to settle on the board: phase 0 from zero states, every later phase from phase 0's
 * settled states, the input drive converted once for all of them.
 *
 * @param inputs        batchSize x network inputs, sample after sample
 * @param targets       batchSize x network outputs when a phase nudges, else empty
 * @param tolerance     stop a phase once a sweep changes no state by more than this; 0 = every iteration
 * @param reportChanges return each sweep's largest change
 * @param readsAveraged K per VMM output; 0 = the board's configured value
 */
public record SettleSpec(DefinedNetwork network, int batchSize, float[] inputs, float[] targets, List<SettlePhase> phases,
        float tolerance, boolean reportChanges, int readsAveraged) {
    public SettleSpec {
        if (network == null) {
            throw new NullPointerException("network");
        }
        phases = List.copyOf(phases);
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("settle: no phases");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("settle: batch size " + batchSize + " (expected: >= 1)");
        }
        SettleNetwork n = network.network();
        if (inputs.length != (long) batchSize * n.inputs()) {
            throw new IllegalArgumentException("settle: " + inputs.length + " inputs for " + batchSize + " samples of " + n.inputs());
        }
        long targetsExpected = nudges(phases) ? (long) batchSize * n.outputs() : 0;
        if (targets.length != targetsExpected) {
            throw new IllegalArgumentException("settle: " + targets.length + " targets (expected: " + targetsExpected + ")");
        }
        if (!Float.isFinite(tolerance) || tolerance < 0) {
            throw new IllegalArgumentException("settle: tolerance " + tolerance + " (expected: finite, >= 0)");
        }
        if (tolerance > 0 && phases.stream().anyMatch(p -> p.averageLast() > 1)) {
            throw new IllegalArgumentException("settle: tolerance " + tolerance + " with averaged sweeps (expected: tolerance 0 when averaging)");
        }
        if (readsAveraged < 0) {
            throw new IllegalArgumentException("settle: reads averaged " + readsAveraged + " (expected: >= 0, 0 = configured)");
        }
    }

    static boolean nudges(List<SettlePhase> phases) {
        return phases.stream().anyMatch(SettlePhase::nudges);
    }

    public boolean nudges() {
        return nudges(phases);
    }

    /** Sweeps asked for in all phases: the most per-sweep changes an answer carries. */
    public long sweeps() {
        return phases.stream().mapToLong(SettlePhase::iterations).sum();
    }
}
