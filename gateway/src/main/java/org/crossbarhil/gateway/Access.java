package org.crossbarhil.gateway;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.crossbarhil.protocol.v0.Limits;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;

/**
 * Who may do what through the gateway (docs/gateway.md, "Who may do what").
 *
 * <ul>
 *   <li>{@link Kind#WRITE}: changes devices or the board's settings, so only the lease holder:
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
 */
final class Access {
    enum Kind {
        WRITE,
        OBSERVE,
        STOP,
        SESSION
    }

    /** Operations that change devices or the board's settings; a ledger reset too, decided per request. */
    private static final EnumSet<Request.BodyCase> WRITES = EnumSet.of(Request.BodyCase.PULSE, Request.BodyCase.PULSE_READ,
            Request.BodyCase.OUTER_PRODUCT_UPDATE, Request.BodyCase.WRITE_VERIFY, Request.BodyCase.RAMP,
            Request.BodyCase.CONFIGURE, Request.BodyCase.SET_LIMITS, Request.BodyCase.SET_UPDATE_MASK);

    private Access() {
    }

    static Kind of(Request r) {
        if (WRITES.contains(r.getBodyCase())) {
            return Kind.WRITE;
        }
        switch (r.getBodyCase()) {
            case LEDGER:
                return r.getLedger().getReset() ? Kind.WRITE : Kind.OBSERVE;
            case ABORT:
            case SAFE_IDLE:
                return Kind.STOP;
            case LEASE:
            case SUBSCRIBE:
                return Kind.SESSION;
            default:
                return Kind.OBSERVE;
        }
    }

    /**
     * Whether a successful answer of this kind means devices or settings were changed. Answers
     * are named after their requests; a ledger or limits answer cannot tell (no).
     */
    static boolean changedTheBoard(Response answer) {
        for (Request.BodyCase op : WRITES) {
            if (op.name().equals(answer.getBodyCase().name())) {
                return true;
            }
        }
        return false;
    }

    /** The protocol's name of an operation, as the driver and the docs spell it. */
    static String operation(Request r) {
        switch (r.getBodyCase()) {
            case LEDGER:
                return r.getLedger().getReset() ? "ledger reset" : "ledger";
            case BODY_NOT_SET:
                return "request without an operation";
            default:
                return r.getBodyCase().name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The working limits {@code wanted} would loosen relative to {@code current}, as
     * "max_volts 1.5 -> 2", empty when every value is the same or tighter. Energy budget 0 means
     * none, so going from a budget to 0 loosens.
     */
    static List<String> loosened(Limits current, Limits wanted) {
        List<String> out = new ArrayList<>();
        above(out, "max_volts", current.getMaxVolts(), wanted.getMaxVolts());
        above(out, "max_read_volts", current.getMaxReadVolts(), wanted.getMaxReadVolts());
        above(out, "max_half_select_volts", current.getMaxHalfSelectVolts(), wanted.getMaxHalfSelectVolts());
        if (wanted.getMinPulseSeconds() < current.getMinPulseSeconds()) {
            out.add("min_pulse_seconds " + number(current.getMinPulseSeconds()) + " -> " + number(wanted.getMinPulseSeconds()));
        }
        above(out, "max_pulse_seconds", current.getMaxPulseSeconds(), wanted.getMaxPulseSeconds());
        above(out, "max_pulses_per_command", current.getMaxPulsesPerCommand(), wanted.getMaxPulsesPerCommand());
        above(out, "max_device_amperes", current.getMaxDeviceAmperes(), wanted.getMaxDeviceAmperes());
        above(out, "max_line_amperes", current.getMaxLineAmperes(), wanted.getMaxLineAmperes());
        double budget = current.getEnergyBudgetJoules();
        double asked = wanted.getEnergyBudgetJoules();
        if (budget > 0 && (asked == 0 || asked > budget)) {
            out.add("energy_budget_joules " + number(budget) + " -> " + (asked == 0 ? "0 (none)" : number(asked)));
        }
        return out;
    }

    private static void above(List<String> out, String name, double current, double wanted) {
        if (wanted > current) {
            out.add(name + " " + number(current) + " -> " + number(wanted));
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
