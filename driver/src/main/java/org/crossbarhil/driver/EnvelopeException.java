package org.crossbarhil.driver;

/**
 * A request would exceed the working safety limits the board reported; the driver refused it
 * before sending, so nothing was applied. Status is {@link BoardStatus#OUT_OF_ENVELOPE}, as the
 * board itself would have answered.
 */
public final class EnvelopeException extends BoardStatusException {
    public EnvelopeException(String operation, String message) {
        super(operation + " refused by the driver: OUT_OF_ENVELOPE: " + message + " (nothing sent)",
                BoardStatus.OUT_OF_ENVELOPE, operation);
    }
}
