package org.crossbarhil.protocol.rules;

/**
 * The class of an operation, the "class" column of docs/protocol.md section 3.4.
 */
public enum OperationClass {
    /** The handshake: answered before any other request, never remembered. */
    SESSION,
    /** Changes nothing a later request could tell: may run again when retransmitted. */
    READ,
    /**
     * Changes device or board state: needs the control lease on a gateway, its answer is kept in
     * the idempotency memory, and a retransmission never runs it twice.
     */
    WRITE,
    /** Keeps the session going or stops the board: safe to repeat, accepted at any time. */
    CONTROL
}
