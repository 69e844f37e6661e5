package org.crossbarhil.simulator.firmware;

import org.crossbarhil.protocol.v1.Status;

/**
 * A request the firmware will not (or can no longer) carry out, with the status and message the
 * host receives. Thrown before anything is applied, except {@link Status#STATUS_ABORTED}, whose
 * message says how much was.
 */
final class Refusal extends RuntimeException {
    private final Status status;

    Refusal(Status status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    Status status() {
        return status;
    }

    static Refusal invalid(String message) {
        return new Refusal(Status.STATUS_INVALID_ARGUMENT, message);
    }

    static Refusal envelope(String message) {
        return new Refusal(Status.STATUS_OUT_OF_ENVELOPE, message + "; nothing applied");
    }

    static Refusal unsupported(String message) {
        return new Refusal(Status.STATUS_UNSUPPORTED, message);
    }

    static Refusal exhausted(String message) {
        return new Refusal(Status.STATUS_RESOURCE_EXHAUSTED, message);
    }
}
