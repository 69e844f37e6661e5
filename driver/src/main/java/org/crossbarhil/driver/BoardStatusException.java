package org.crossbarhil.driver;

/** The board answered with a status other than OK; its message says why. */
public class BoardStatusException extends BoardException {
    private final BoardStatus status;
    private final String operation;

    public BoardStatusException(BoardStatus status, String operation, String message) {
        super(operation + " refused by the board: " + status + ": " + message);
        this.status = status;
        this.operation = operation;
    }

    /** For subclasses whose message is not the board's own words (e.g. a refusal by the driver). */
    protected BoardStatusException(String fullMessage, BoardStatus status, String operation) {
        super(fullMessage);
        this.status = status;
        this.operation = operation;
    }

    public BoardStatus status() {
        return status;
    }

    public String operation() {
        return operation;
    }
}
