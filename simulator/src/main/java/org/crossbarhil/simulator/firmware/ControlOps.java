package org.crossbarhil.simulator.firmware;

import org.crossbarhil.protocol.rules.LimitChanges;
import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.AbortResponse;
import org.crossbarhil.protocol.v1.LedgerRequest;
import org.crossbarhil.protocol.v1.LedgerResponse;
import org.crossbarhil.protocol.v1.LimitsResponse;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleRequest;
import org.crossbarhil.protocol.v1.SafeIdleResponse;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.crossbarhil.simulator.physics.EnergyLedger;

/** Limits, abort, safe idle and the ledger. */
final class ControlOps {
    private final Firmware fw;

    ControlOps(Firmware fw) {
        this.fw = fw;
    }

    Response.Builder getLimits() {
        return Response.newBuilder().setLimits(limits());
    }

    Response.Builder setLimits(SetLimitsRequest r) {
        String malformed = LimitChanges.malformed(r).orElse(null);
        if (malformed != null) {
            throw Refusal.invalid(malformed);
        }
        fw.envelope.setWorking(Wire.limits(r.getWorkingLimits()));
        fw.array.ledger().restartBudget();
        fw.events.limitsChanged(Wire.limits(fw.envelope.working()), fw.boardTimeSeconds());
        return Response.newBuilder().setLimits(limits());
    }

    private LimitsResponse limits() {
        return LimitsResponse.newBuilder()
                .setHardLimits(Wire.limits(fw.envelope.hard()))
                .setWorkingLimits(Wire.limits(fw.envelope.working()))
                .build();
    }

    Response.Builder abort(AbortRequest r, long arrival) {
        String reason = r.getReason().isBlank() ? "abort" : "abort: " + r.getReason().strip();
        fw.enterSafeIdle(reason);
        boolean interrupted = fw.abortSignal.interruptedBy(arrival);
        return Response.newBuilder().setAbort(AbortResponse.newBuilder().setOperationInterrupted(interrupted));
    }

    Response.Builder safeIdle(SafeIdleRequest r) {
        String mode;
        switch (r.getMode()) {
            case IDLE_MODE_FLOATING:
                mode = "floating";
                break;
            case IDLE_MODE_GROUNDED:
            case IDLE_MODE_UNSPECIFIED:
                mode = "grounded";
                break;
            default:
                throw Refusal.invalid("safe_idle: mode " + r.getMode() + " (expected: GROUNDED or FLOATING)");
        }
        fw.enterSafeIdle("requested (" + mode + ")");
        return Response.newBuilder().setSafeIdle(SafeIdleResponse.getDefaultInstance());
    }

    Response.Builder ledger(LedgerRequest r) {
        EnergyLedger l = fw.array.ledger();
        long dropped = fw.drops.total();
        LedgerResponse.Builder out = LedgerResponse.newBuilder().setLedger(Wire.ledger(l.totals()).toBuilder()
                .setDroppedFrames(dropped - fw.dropsAtLedgerReset));
        if (r.getReset()) {
            l.reset();
            fw.dropsAtLedgerReset = dropped;
        }
        return Response.newBuilder().setLedger(out);
    }
}
