package org.crossbarhil.driver.internal;

import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;

/**
 * The protocol operations, by the name used in messages and docs, and their class (section 3.4
 * of docs/protocol.md): a write changes device or board state, so the board keeps its answer in
 * the idempotency memory, and a write whose response was lost is never retried with a new key
 * and surfaces as "outcome unknown".
 */
enum Operation {
    HELLO("hello", false, Request.BodyCase.HELLO, Response.BodyCase.HELLO),
    INFO("info", false, Request.BodyCase.INFO, Response.BodyCase.INFO),
    CONFIGURE("configure", true, Request.BodyCase.CONFIGURE, Response.BodyCase.CONFIGURE),
    READ("read", false, Request.BodyCase.READ, Response.BodyCase.READ),
    VMM("vmm", false, Request.BodyCase.VMM, Response.BodyCase.VMM),
    PULSE("pulse", true, Request.BodyCase.PULSE, Response.BodyCase.PULSE),
    OUTER_PRODUCT_UPDATE("outer_product_update", true, Request.BodyCase.OUTER_PRODUCT_UPDATE,
            Response.BodyCase.OUTER_PRODUCT_UPDATE),
    PULSE_READ("pulse_read", true, Request.BodyCase.PULSE_READ, Response.BodyCase.PULSE_READ),
    WRITE_VERIFY("write_verify", true, Request.BodyCase.WRITE_VERIFY, Response.BodyCase.WRITE_VERIFY),
    RAMP("ramp", true, Request.BodyCase.RAMP, Response.BodyCase.RAMP),
    GET_LIMITS("get_limits", false, Request.BodyCase.GET_LIMITS, Response.BodyCase.LIMITS),
    SET_LIMITS("set_limits", true, Request.BodyCase.SET_LIMITS, Response.BodyCase.LIMITS),
    // Abort is control-class: the board does not remember it, and it is harmless to repeat.
    ABORT("abort", false, Request.BodyCase.ABORT, Response.BodyCase.ABORT),
    // Write-class on the wire (the board remembers it, so it counts against idempotency_capacity),
    // but see neverRepeatBlindly: running it twice only makes the board safer.
    SAFE_IDLE("safe_idle", true, Request.BodyCase.SAFE_IDLE, Response.BodyCase.SAFE_IDLE),
    HEARTBEAT("heartbeat", false, Request.BodyCase.HEARTBEAT, Response.BodyCase.HEARTBEAT),
    // Read-class unless it resets: see isWriteClass(Request).
    LEDGER("ledger", false, Request.BodyCase.LEDGER, Response.BodyCase.LEDGER),
    LEASE("lease", false, Request.BodyCase.LEASE, Response.BodyCase.LEASE),
    SUBSCRIBE("subscribe", false, Request.BodyCase.SUBSCRIBE, Response.BodyCase.SUBSCRIBE),
    SET_UPDATE_MASK("set_update_mask", true, Request.BodyCase.SET_UPDATE_MASK, Response.BodyCase.SET_UPDATE_MASK);

    private final String wireName;
    private final boolean writeClass;
    private final Request.BodyCase requestBody;
    private final Response.BodyCase responseBody;

    Operation(String wireName, boolean writeClass, Request.BodyCase requestBody, Response.BodyCase responseBody) {
        this.wireName = wireName;
        this.writeClass = writeClass;
        this.requestBody = requestBody;
        this.responseBody = responseBody;
    }

    String wireName() {
        return wireName;
    }

    /**
     * Write-class as the spec classes it: the board keeps the answer for its TTL, and the host
     * keeps at most {@code idempotency_capacity} such requests unanswered. A ledger request is a
     * write when it resets: the totals it zeroes cannot be had back.
     */
    boolean isWriteClass(Request request) {
        return writeClass || (this == LEDGER && request.getLedger().getReset());
    }

    /**
     * Whether running the request a second time could do harm, so that a lost answer leaves it
     * "outcome unknown": resent only under its own key while the board still remembers it, never
     * after the board lost its memory (a reconnect that did not resume the session). Every write
     * but safe idle: safe idle stays write-class for the capacity count, yet resending it after
     * the memory is gone grounds lines that are already grounded, or grounds them now if the first
     * never ran, which is what the caller asked for; refusing it would leave a caller who wanted
     * the board safe with an error telling them to read the devices instead.
     */
    boolean neverRepeatBlindly(Request request) {
        return isWriteClass(request) && this != SAFE_IDLE;
    }

    Response.BodyCase responseBody() {
        return responseBody;
    }

    static Operation of(Request request) {
        for (Operation op : values()) {
            if (op.requestBody == request.getBodyCase()) {
                return op;
            }
        }
        throw new IllegalArgumentException("request without a body: " + request.getBodyCase());
    }

    @Override
    public String toString() {
        return wireName;
    }
}
