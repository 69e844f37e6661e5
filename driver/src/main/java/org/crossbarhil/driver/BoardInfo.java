package org.crossbarhil.driver;

import java.time.Duration;

/** Everything a board reports about itself in the handshake and in Info. */
public record BoardInfo(
        String protocolVersion,
        BoardIdentity identity,
        Geometry geometry,
        Converters converters,
        Capabilities capabilities,
        LimitsPair limits,
        ReadConfig readConfig,
        BoardState state,
        String stateReason,
        LeaseInfo lease,
        int maxFrameBytes,
        Duration idempotencyTtl,
        Duration heartbeatTimeout) {
}
