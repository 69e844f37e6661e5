package org.crossbarhil.driver;

/** A board's answer to a request, as the protocol's Status codes (docs/protocol.md). */
public enum BoardStatus {
    OK,
    INVALID_ARGUMENT,
    OUT_OF_ENVELOPE,
    LEASE_HELD,
    UNAUTHENTICATED,
    PERMISSION_DENIED,
    UNSUPPORTED,
    DEVICE_FAULT,
    ABORTED,
    INTERNAL,
    VERSION_MISMATCH,
    IDEMPOTENCY_CONFLICT,
    FAILED_PRECONDITION,
    RESOURCE_EXHAUSTED,
    /** Gateways: the board behind it does not answer now. */
    UNAVAILABLE,
    /** Gateways: the board behind it restarted. */
    BOARD_RESTARTED
}
