package org.crossbarhil.driver.internal;

import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;

/**
 * The protocol operations, by the name used in messages and docs, and whether they are
 * write-class: a write changes device or board state, so a write whose response was lost is
 * never retried with a new key and surfaces as "outcome unknown".
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
    // Abort and safe idle only ever make the board safer and are harmless to repeat.
    ABORT("abort", false, Request.BodyCase.ABORT, Response.BodyCase.ABORT),
    SAFE_IDLE("safe_idle", false, Request.BodyCase.SAFE_IDLE, Response.BodyCase.SAFE_IDLE),
    HEARTBEAT("heartbeat", false, Request.BodyCase.HEARTBEAT, Response.BodyCase.HEARTBEAT),
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

    boolean isWriteClass() {
        return writeClass;
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
