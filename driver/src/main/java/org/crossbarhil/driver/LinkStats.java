package org.crossbarhil.driver;

/**
 * Counters of one board connection since it was opened.
 *
 * @param requests           requests accepted (retransmissions not counted)
 * @param retransmissions    requests sent again with the same seq (timeout or reconnect)
 * @param timeouts           attempt windows that passed without a response
 * @param reconnects         links re-established after a drop
 * @param droppedFrames      frames the decoder discarded (bad CRC, bad COBS, oversized, ...)
 * @param replayedResponses  responses the board answered from its idempotency memory
 * @param inFlight           requests sent or waiting for the link right now
 * @param unmatchedResponses CRC-valid responses whose seq no caller was waiting for (ignored)
 */
public record LinkStats(long requests, long retransmissions, long timeouts, long reconnects, long droppedFrames,
        long replayedResponses, int inFlight, long unmatchedResponses) {

    /** The shape before {@code unmatchedResponses} was added. */
    public LinkStats(long requests, long retransmissions, long timeouts, long reconnects, long droppedFrames,
            long replayedResponses, int inFlight) {
        this(requests, retransmissions, timeouts, reconnects, droppedFrames, replayedResponses, inFlight, 0);
    }
}
