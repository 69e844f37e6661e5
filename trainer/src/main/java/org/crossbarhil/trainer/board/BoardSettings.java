package org.crossbarhil.trainer.board;

/**
 * How the trainer uses a board.
 *
 * @param pulses             programming pulses (checked against the board's limits)
 * @param update             requested update rule (stochastic falls back to Manhattan on boards without parallel updates)
 * @param readsAveraged      K reads averaged per VMM output (0 = the board's configured value)
 * @param referenceFraction  where pairs are centred in the measured window (0 = low edge, 1 = high edge)
 * @param headroom           largest representable weight / float initialisation bound (sets k per layer)
 * @param pipelineDepth      board requests kept in flight
 * @param probeHealth        probe every device before training (off only for boards known to be perfect)
 */
public record BoardSettings(PulseSettings pulses, UpdateRule update, int readsAveraged, double referenceFraction, double headroom,
        int pipelineDepth, boolean probeHealth) {
    public static final BoardSettings DEFAULTS = new BoardSettings(PulseSettings.DEFAULTS, UpdateRule.STOCHASTIC, 1, 0.5, 5.0, 16, true);

    public BoardSettings {
        if (pulses == null || update == null) {
            throw new NullPointerException("pulses and update");
        }
        if (readsAveraged < 0 || readsAveraged > 1024) {
            throw new IllegalArgumentException("reads averaged: " + readsAveraged + " (expected: 0..1024, 0 = board default)");
        }
        if (!(referenceFraction > 0 && referenceFraction < 1)) {
            throw new IllegalArgumentException("reference fraction: " + referenceFraction + " (expected: in (0, 1))");
        }
        if (!(headroom >= 1 && headroom <= 100)) {
            throw new IllegalArgumentException("weight headroom: " + headroom + " (expected: in [1, 100])");
        }
        if (pipelineDepth < 1 || pipelineDepth > 1024) {
            throw new IllegalArgumentException("pipeline depth: " + pipelineDepth + " (expected: 1..1024)");
        }
    }

    public BoardSettings withUpdate(UpdateRule u) {
        return new BoardSettings(pulses, u, readsAveraged, referenceFraction, headroom, pipelineDepth, probeHealth);
    }

    public BoardSettings withReadsAveraged(int k) {
        return new BoardSettings(pulses, update, k, referenceFraction, headroom, pipelineDepth, probeHealth);
    }

    public BoardSettings withReferenceFraction(double f) {
        return new BoardSettings(pulses, update, readsAveraged, f, headroom, pipelineDepth, probeHealth);
    }

    public BoardSettings withHeadroom(double h) {
        return new BoardSettings(pulses, update, readsAveraged, referenceFraction, h, pipelineDepth, probeHealth);
    }

    public BoardSettings withPulses(PulseSettings p) {
        return new BoardSettings(p, update, readsAveraged, referenceFraction, headroom, pipelineDepth, probeHealth);
    }

    public BoardSettings withProbeHealth(boolean on) {
        return new BoardSettings(pulses, update, readsAveraged, referenceFraction, headroom, pipelineDepth, on);
    }
}
