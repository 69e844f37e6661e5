package org.crossbarhil.driver;

public record LinkStats(long requests, long retransmissions, long timeouts, long reconnects, long droppedFrames,
        long replayedResponses, int inFlight) {
}
