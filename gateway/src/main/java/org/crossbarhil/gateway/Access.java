package org.crossbarhil.gateway;

import java.util.List;
import org.crossbarhil.protocol.rules.LimitChanges;
import org.crossbarhil.protocol.rules.OperationClass;
import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;

/**
 * Who may do what through the gateway (docs/gateway.md, "Who may do what"), from the classes of
 * the protocol's own table ({@link ProtocolOperation}):
 *
 * <ul>
 *   <li>{@link Kind#WRITE}: every write-class request but safe idle, so only the lease holder:
 *       pulse, pulse_read, outer_product_update, write_verify, ramp, configure, set_limits,
 *       set_update_mask, and ledger with reset (it zeroes the holder's accounting).
 *   <li>{@link Kind#OBSERVE}: info, get_limits, ledger, heartbeat, and also read and VMM. Reads
 *       and VMM drive lines, but only at read voltages the board's envelope keeps below every
 *       switching threshold, so they cannot change a device; allowing them lets a second client
 *       watch conductances while another trains, which is what observing a bench is for.
 *   <li>{@link Kind#STOP}: abort, from any authenticated client at any time. Safe idle too, but
 *       only for the holder or while nobody holds the lease: otherwise a monitor closing its
 *       connection (the driver says safe idle on close) would idle the board under the holder.
 *   <li>{@link Kind#SESSION}: lease and subscribe, answered by the gateway itself.
 * </ul>
 *
 * Administrators alone may loosen the working limits or form ({@link ProtocolOperation#needsAdministrator}).
 */
final class Access {
    enum Kind {
        WRITE,
        OBSERVE,
        STOP,
        SESSION
    }

    private Access() {
    }

    /** @throws IllegalArgumentException for a request without a known operation (the dispatcher refuses those first) */
    static Kind of(Request r) {
        ProtocolOperation op = ProtocolOperation.of(r);
        switch (op) {
            case ABORT:
            case SAFE_IDLE:
                return Kind.STOP;
            case LEASE:
            case SUBSCRIBE:
                return Kind.SESSION;
            default:
                return op.isWriteClass(r) ? Kind.WRITE : Kind.OBSERVE;
        }
    }

    /**
     * Whether a successful answer of this kind means devices or settings were changed. An
     * answer shared by a read and a write (limits), or one whose request was a write only
     * sometimes (ledger), cannot tell: no.
     */
    static boolean changedTheBoard(Response answer) {
        return ProtocolOperation.answeredBy(answer.getBodyCase()).map(op -> op.operationClass() == OperationClass.WRITE)
                .orElse(false);
    }

    /** The protocol's name of an operation, as the driver and the docs spell it; a ledger reset is told apart. */
    static String operation(Request r) {
        if (r.hasLedger() && r.getLedger().getReset()) {
            return "ledger reset";
        }
        return ProtocolOperation.find(r.getBodyCase()).map(ProtocolOperation::wireName).orElse("request without an operation");
    }

    /**
     * Why the request is malformed by a rule the board would refuse it for too, or null: a
     * half-filled set_limits is INVALID_ARGUMENT from the gateway as from a board, before the
     * lease or the administrator rule is looked at ({@link LimitChanges#malformed}).
     */
    static String malformed(Request r) {
        return r.hasSetLimits() ? LimitChanges.malformed(r.getSetLimits()).orElse(null) : null;
    }

    /**
     * Why a client that is not an administrator may not send this request while {@code working}
     * are the working limits, or null when it may.
     */
    static String administratorOnly(Request r, Limits working) {
        ProtocolOperation op = ProtocolOperation.of(r);
        if (!op.needsAdministrator(r, working)) {
            return null;
        }
        switch (op.administrator()) {
            case TO_LOOSEN_LIMITS:
                List<String> loosened = LimitChanges.loosened(working, r.getSetLimits().getWorkingLimits());
                return "set_limits would loosen " + String.join(", ", loosened) + "; on a gateway a client may only tighten "
                        + "the working limits: loosening takes an administrator (connect with the gateway's admin token). "
                        + "Nothing was changed";
            case TO_FORM:
                return "a forming ramp is checked against the board's hard limits, beyond the working ones, so on a gateway it "
                        + "takes an administrator (connect with the gateway's admin token); a ramp within the working limits "
                        + "needs no forming flag. Nothing was applied";
            default:
                throw new IllegalStateException(op + " needs an administrator by a rule the gateway does not know: "
                        + op.administrator());
        }
    }
}
