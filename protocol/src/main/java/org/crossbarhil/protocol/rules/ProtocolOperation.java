package org.crossbarhil.protocol.rules;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;

/**
 * The operations of the protocol, one per {@link Request.BodyCase}, with the facts
 * docs/protocol.md gives every side of a board: the answer's body (section 3.1), the class
 * (section 3.4), whether the board remembers the answer (section 6) and when it takes an
 * administrator (section 7). The board sides (simulator firmware, gateway) and the host (driver)
 * all read these facts here rather than keeping their own lists.
 *
 * <p>{@link #toString()} is the wire name, the body's field name in {@code Request}
 * ({@code "outer_product_update"}), as messages and the docs spell operations.
 */
public enum ProtocolOperation {
    HELLO(Request.BodyCase.HELLO, Response.BodyCase.HELLO, OperationClass.SESSION, false, AdministratorRule.NONE),
    INFO(Request.BodyCase.INFO, Response.BodyCase.INFO, OperationClass.READ, true, AdministratorRule.NONE),
    CONFIGURE(Request.BodyCase.CONFIGURE, Response.BodyCase.CONFIGURE, OperationClass.WRITE, true, AdministratorRule.NONE),
    READ(Request.BodyCase.READ, Response.BodyCase.READ, OperationClass.READ, true, AdministratorRule.NONE),
    VMM(Request.BodyCase.VMM, Response.BodyCase.VMM, OperationClass.READ, true, AdministratorRule.NONE),
    PULSE(Request.BodyCase.PULSE, Response.BodyCase.PULSE, OperationClass.WRITE, true, AdministratorRule.NONE),
    OUTER_PRODUCT_UPDATE(Request.BodyCase.OUTER_PRODUCT_UPDATE, Response.BodyCase.OUTER_PRODUCT_UPDATE, OperationClass.WRITE,
            true, AdministratorRule.NONE),
    PULSE_READ(Request.BodyCase.PULSE_READ, Response.BodyCase.PULSE_READ, OperationClass.WRITE, true, AdministratorRule.NONE),
    WRITE_VERIFY(Request.BodyCase.WRITE_VERIFY, Response.BodyCase.WRITE_VERIFY, OperationClass.WRITE, true,
            AdministratorRule.NONE),
    RAMP(Request.BodyCase.RAMP, Response.BodyCase.RAMP, OperationClass.WRITE, true, AdministratorRule.TO_FORM),
    GET_LIMITS(Request.BodyCase.GET_LIMITS, Response.BodyCase.LIMITS, OperationClass.READ, true, AdministratorRule.NONE),
    SET_LIMITS(Request.BodyCase.SET_LIMITS, Response.BodyCase.LIMITS, OperationClass.WRITE, true,
            AdministratorRule.TO_LOOSEN_LIMITS),
    // Not remembered: a retransmitted abort stops the board again instead of replaying an old answer.
    ABORT(Request.BodyCase.ABORT, Response.BodyCase.ABORT, OperationClass.CONTROL, false, AdministratorRule.NONE),
    SAFE_IDLE(Request.BodyCase.SAFE_IDLE, Response.BodyCase.SAFE_IDLE, OperationClass.WRITE, true, AdministratorRule.NONE),
    // Not remembered: heartbeats would otherwise fill the memory that writes need.
    HEARTBEAT(Request.BodyCase.HEARTBEAT, Response.BodyCase.HEARTBEAT, OperationClass.CONTROL, false, AdministratorRule.NONE),
    // Read-class unless it resets: see isWriteClass(Request).
    LEDGER(Request.BodyCase.LEDGER, Response.BodyCase.LEDGER, OperationClass.READ, true, AdministratorRule.NONE),
    LEASE(Request.BodyCase.LEASE, Response.BodyCase.LEASE, OperationClass.CONTROL, true, AdministratorRule.NONE),
    SUBSCRIBE(Request.BodyCase.SUBSCRIBE, Response.BodyCase.SUBSCRIBE, OperationClass.CONTROL, false, AdministratorRule.NONE),
    SET_UPDATE_MASK(Request.BodyCase.SET_UPDATE_MASK, Response.BodyCase.SET_UPDATE_MASK, OperationClass.WRITE, true,
            AdministratorRule.NONE),
    // Write-class: the network it leaves on the board is state a later settle can tell.
    SETTLE_NETWORK(Request.BodyCase.SETTLE_NETWORK, Response.BodyCase.SETTLE_NETWORK, OperationClass.WRITE, true,
            AdministratorRule.NONE),
    // Read-class: it drives read voltages only, so a retransmission may settle again (section 3.5).
    SETTLE(Request.BodyCase.SETTLE, Response.BodyCase.SETTLE, OperationClass.READ, true, AdministratorRule.NONE);

    private static final Map<Request.BodyCase, ProtocolOperation> BY_REQUEST_BODY = new EnumMap<>(Request.BodyCase.class);
    private static final Map<Response.BodyCase, ProtocolOperation> BY_ANSWER_BODY = new EnumMap<>(Response.BodyCase.class);

    static {
        Set<Response.BodyCase> shared = EnumSet.noneOf(Response.BodyCase.class);
        for (ProtocolOperation op : values()) {
            BY_REQUEST_BODY.put(op.requestBody, op);
            if (BY_ANSWER_BODY.putIfAbsent(op.responseBody, op) != null) {
                shared.add(op.responseBody);
            }
        }
        // An answer body shared by several operations (limits) cannot tell which one ran.
        BY_ANSWER_BODY.keySet().removeAll(shared);
    }

    private final Request.BodyCase requestBody;
    private final Response.BodyCase responseBody;
    private final OperationClass operationClass;
    private final boolean remembered;
    private final AdministratorRule administrator;
    private final String wireName;

    ProtocolOperation(Request.BodyCase requestBody, Response.BodyCase responseBody, OperationClass operationClass,
            boolean remembered, AdministratorRule administrator) {
        this.requestBody = requestBody;
        this.responseBody = responseBody;
        this.operationClass = operationClass;
        this.remembered = remembered;
        this.administrator = administrator;
        this.wireName = Request.getDescriptor().findFieldByNumber(requestBody.getNumber()).getName();
    }

    /** The operation a request asks for. */
    public static ProtocolOperation of(Request request) {
        return find(request.getBodyCase()).orElseThrow(() -> new IllegalArgumentException(
                "request " + Long.toUnsignedString(request.getSeq()) + " carries no operation (body " + request.getBodyCase() + ")"));
    }

    /** The operation of a request body; empty for {@code BODY_NOT_SET}, which is how a body of a later minor version arrives. */
    public static Optional<ProtocolOperation> find(Request.BodyCase body) {
        return Optional.ofNullable(BY_REQUEST_BODY.get(body));
    }

    /**
     * The one operation answered with this body; empty when none is, or when several share it
     * (get_limits and set_limits are both answered with {@code limits}).
     */
    public static Optional<ProtocolOperation> answeredBy(Response.BodyCase body) {
        return Optional.ofNullable(BY_ANSWER_BODY.get(body));
    }

    public Request.BodyCase requestBody() {
        return requestBody;
    }

    /** The body of a successful answer; {@code Response.seq} and status come with every answer. */
    public Response.BodyCase responseBody() {
        return responseBody;
    }

    /** The class of section 3.4. The ledger is read-class here: it is a write only when it resets, see {@link #isWriteClass}. */
    public OperationClass operationClass() {
        return operationClass;
    }

    /**
     * Whether this request is write-class: its answer outlives read answers in a full memory, a
     * forgotten key is refused rather than run, and the host keeps at most
     * {@code idempotency_capacity} of them unanswered. A ledger request is a write when it
     * resets: the totals it zeroes cannot be had back.
     *
     * @throws IllegalArgumentException when the request is not one of this operation
     */
    public boolean isWriteClass(Request request) {
        if (request.getBodyCase() != requestBody) {
            throw new IllegalArgumentException("a " + request.getBodyCase() + " request is not a " + wireName);
        }
        return operationClass == OperationClass.WRITE || (this == LEDGER && request.getLedger().getReset());
    }

    /**
     * Whether the board keeps the answer in its idempotency memory (section 6). Hello, heartbeat,
     * abort and subscribe are safe to repeat and are not; every other answer is, read answers
     * included, while there is room.
     */
    public boolean remembered() {
        return remembered;
    }

    public AdministratorRule administrator() {
        return administrator;
    }

    /**
     * Whether this request takes an administrator when {@code working} are the working limits in
     * force: a set_limits that loosens any of them ({@link LimitChanges#loosened}), a forming ramp.
     *
     * @throws IllegalArgumentException when the request is not one of this operation
     */
    public boolean needsAdministrator(Request request, Limits working) {
        if (request.getBodyCase() != requestBody) {
            throw new IllegalArgumentException("a " + request.getBodyCase() + " request is not a " + wireName);
        }
        switch (administrator) {
            case TO_LOOSEN_LIMITS:
                return !LimitChanges.loosened(working, request.getSetLimits().getWorkingLimits()).isEmpty();
            case TO_FORM:
                return request.getRamp().getForming();
            default:
                return false;
        }
    }

    /** The body's field name in {@code Request}: {@code "pulse"}, {@code "outer_product_update"}. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
