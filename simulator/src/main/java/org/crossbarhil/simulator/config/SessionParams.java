package org.crossbarhil.simulator.config;

/**
 * Link and session behaviour of the firmware.
 *
 * @param heartbeatTimeoutSeconds silence after which the board goes to safe idle; 0 = never
 * @param idempotencyTtlSeconds   how long a response is remembered per (session id, seq)
 * @param idempotencyCapacity     responses remembered per session
 * @param maxFrameBytes           largest frame the board accepts and sends
 * @param maxRequestsInFlight     unanswered requests per connection; more are refused
 * @param settle                  board-side settling is offered (Capabilities.settle)
 */
public record SessionParams(double heartbeatTimeoutSeconds, double idempotencyTtlSeconds, int idempotencyCapacity,
        int maxFrameBytes, int maxRequestsInFlight, boolean settle) {
}
