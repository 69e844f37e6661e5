package org.crossbarhil.trainer.board;

import java.util.concurrent.atomic.AtomicLong;

/** What the trainer asked of the board, counted on the host (the board's ledger counts the physics). */
public final class BoardCounters {
    /** VMMs repeated on a larger ADC range because outputs clipped. */
    public final AtomicLong adcRetries = new AtomicLong();
    /** Outputs that still clipped on the largest range. */
    public final AtomicLong clippedOutputs = new AtomicLong();
    /** Full-amplitude pulses of training updates (outer-product coincidences or Manhattan pulses). */
    public final AtomicLong updatePulses = new AtomicLong();
    /** Outer-product probabilities that would have exceeded 1 and were capped (the update came out smaller). */
    public final AtomicLong cappedProbabilities = new AtomicLong();
    public final AtomicLong writeVerifyPulses = new AtomicLong();
    public final AtomicLong probePulses = new AtomicLong();
}
