package org.crossbarhil.simulator.firmware;

import java.util.BitSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.DeviceTarget;
import org.crossbarhil.protocol.v1.OuterProductUpdateRequest;
import org.crossbarhil.protocol.v1.OuterProductUpdateResponse;
import org.crossbarhil.protocol.v1.PulseReadRequest;
import org.crossbarhil.protocol.v1.PulseReadResponse;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.PulseResponse;
import org.crossbarhil.protocol.v1.RampPoint;
import org.crossbarhil.protocol.v1.RampRequest;
import org.crossbarhil.protocol.v1.RampResponse;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SetUpdateMaskRequest;
import org.crossbarhil.protocol.v1.SetUpdateMaskResponse;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.WriteVerifyRequest;
import org.crossbarhil.protocol.v1.WriteVerifyResponse;
import org.crossbarhil.protocol.v1.WriteVerifyResult;
import org.crossbarhil.simulator.physics.ArrayKind;
import org.crossbarhil.simulator.physics.CrossbarArray;
import org.crossbarhil.simulator.physics.OuterProductOutcome;
import org.crossbarhil.simulator.physics.TileGeometry;

/**
 * Write-class operations: pulses, pulse-and-read, parallel outer-product updates, write-verify,
 * ramps, update masks. Each checks every argument and the whole envelope first, then applies;
 * an abort stops it between pulses (an outer product between its polarity sub-phases) with
 * STATUS_ABORTED and a message saying how much was done.
 */
final class ProgramOps {
    /** Default pulse train length of an outer-product update (aihwkit's BL). */
    static final int DEFAULT_PULSE_TRAIN_LENGTH = 31;
    /** Longest train: a line's firing pattern is one 64-bit mask. */
    static final int MAX_PULSE_TRAIN_LENGTH = 64;
    /** Sanity bound on ramp steps, far above any sensible sweep. */
    static final int MAX_RAMP_STEPS = 1_000_000;

    private final Firmware fw;

    ProgramOps(Firmware fw) {
        this.fw = fw;
    }

    private TileGeometry geometry() {
        return fw.array.geometry();
    }

    private long halfSelectsPerPulse() {
        TileGeometry g = geometry();
        return g.arrayKind() == ArrayKind.PASSIVE ? (g.rows() - 1) + (g.cols() - 1) : 0;
    }

    /** Checks a pulse list; returns the total device pulses. */
    private long checkPulses(String op, int tile, List<DevicePulse> pulses) {
        TileGeometry g = geometry();
        Checks.tile(g, tile);
        if (pulses.isEmpty()) {
            throw Refusal.invalid(op + ": no pulses");
        }
        long total = 0;
        double energy = 0;
        for (int n = 0; n < pulses.size(); n++) {
            DevicePulse p = pulses.get(n);
            String what = op + ": pulses[" + n + "]";
            Checks.device(g, what, p.getRow(), p.getCol());
            Checks.pulseVolts(what, p.getVolts());
            Checks.width(what, p.getWidthSeconds());
            long count = count(p);
            total += count;
            fw.envelope.checkPulse(what + " (row " + p.getRow() + ", col " + p.getCol() + ")", p.getVolts(), p.getWidthSeconds(), false);
            fw.envelope.checkLineCurrent(what, "its row or column", p.getVolts(), 1, Math.max(g.rows(), g.cols()) - 1L);
            energy += fw.envelope.worstCaseEnergy(p.getVolts(), p.getWidthSeconds(), count, count * halfSelectsPerPulse());
        }
        fw.envelope.checkPulseCount(op, total);
        fw.envelope.checkEnergy(op, energy, fw.array.ledger().programmingEnergySinceBudget());
        return total;
    }

    private static long count(DevicePulse p) {
        return p.getCount() == 0 ? 1 : Integer.toUnsignedLong(p.getCount());
    }

    Response.Builder pulse(PulseRequest r, long arrival) {
        long total = checkPulses("pulse", r.getTile(), r.getPulsesList());
        fw.leaveSafeIdle();
        BooleanSupplier aborted = fw.abortCheck(arrival);
        long applied = 0;
        for (DevicePulse p : r.getPulsesList()) {
            int c = (int) count(p);
            int done = fw.array.pulse(r.getTile(), p.getRow(), p.getCol(), p.getVolts(), p.getWidthSeconds(), c, aborted);
            applied += done;
            if (done < c) {
                return aborted(Response.newBuilder().setPulse(PulseResponse.newBuilder().setDevicePulses(applied)),
                        "pulse aborted after " + applied + " of " + total + " device pulses");
            }
        }
        return Response.newBuilder().setPulse(PulseResponse.newBuilder().setDevicePulses(applied));
    }

    Response.Builder pulseRead(PulseReadRequest r, long arrival, FirmwareConnection c) {
        long total = checkPulses("pulse_read", r.getTile(), r.getPulsesList());
        double volts = Checks.readVolts("pulse_read", r.getReadVolts(), fw.readSettings.readVolts);
        fw.envelope.checkReadVolts("pulse_read", volts);
        long readings = r.getReadAfterEachPulse() ? total : r.getPulsesCount();
        c.checkResponseFits("pulse_read with " + readings + " readings", readings * 4);
        fw.leaveSafeIdle();
        BooleanSupplier aborted = fw.abortCheck(arrival);
        CrossbarArray a = fw.array;
        double t = fw.readSettings.integrationSeconds;
        PulseReadResponse.Builder out = PulseReadResponse.newBuilder();
        long applied = 0;
        for (DevicePulse p : r.getPulsesList()) {
            int n = (int) count(p);
            if (r.getReadAfterEachPulse()) {
                for (int k = 0; k < n; k++) {
                    if (a.pulse(r.getTile(), p.getRow(), p.getCol(), p.getVolts(), p.getWidthSeconds(), 1, aborted) == 0) {
                        return aborted(Response.newBuilder().setPulseRead(out.setDevicePulses(applied)),
                                "pulse_read aborted after " + applied + " of " + total + " device pulses");
                    }
                    applied++;
                    out.addSiemens(a.readDevice(r.getTile(), p.getRow(), p.getCol(), volts, t));
                }
            } else {
                int done = a.pulse(r.getTile(), p.getRow(), p.getCol(), p.getVolts(), p.getWidthSeconds(), n, aborted);
                applied += done;
                if (done < n) {
                    return aborted(Response.newBuilder().setPulseRead(out.setDevicePulses(applied)),
                            "pulse_read aborted after " + applied + " of " + total + " device pulses, before reading");
                }
            }
        }
        if (!r.getReadAfterEachPulse()) {
            for (DevicePulse p : r.getPulsesList()) {
                out.addSiemens(a.readDevice(r.getTile(), p.getRow(), p.getCol(), volts, t));
            }
        }
        return Response.newBuilder().setPulseRead(out.setDevicePulses(applied));
    }

    Response.Builder outerProduct(OuterProductUpdateRequest r, long arrival) {
        TileGeometry g = geometry();
        String op = "outer_product_update";
        Checks.tile(g, r.getTile());
        Checks.range(op + " rows", r.getRowOffset(), r.getRowValuesCount(), g.rows());
        Checks.range(op + " columns", r.getColOffset(), r.getColValuesCount(), g.cols());
        float[] u = probabilities(op + ": row_values", r.getRowValuesList());
        float[] v = probabilities(op + ": col_values", r.getColValuesList());
        int bl = r.getPulseTrainLength() == 0 ? DEFAULT_PULSE_TRAIN_LENGTH : r.getPulseTrainLength();
        if (bl < 1 || bl > MAX_PULSE_TRAIN_LENGTH) {
            throw Refusal.invalid(op + ": pulse_train_length " + Integer.toUnsignedString(bl) + " (expected: 1.." + MAX_PULSE_TRAIN_LENGTH
                    + ", 0 = " + DEFAULT_PULSE_TRAIN_LENGTH + ")");
        }
        if (!(r.getSetVolts() > 0) || Double.isInfinite(r.getSetVolts())) {
            throw Refusal.invalid(op + ": set_volts " + r.getSetVolts() + " (expected: > 0)");
        }
        if (!(r.getResetVolts() < 0) || Double.isInfinite(r.getResetVolts())) {
            throw Refusal.invalid(op + ": reset_volts " + r.getResetVolts() + " (expected: < 0)");
        }
        Checks.width(op, r.getWidthSeconds());
        int nnzRows = nonZero(u);
        int nnzCols = nonZero(v);
        Envelope env = fw.envelope;
        double energy = 0;
        for (double volts : new double[] {r.getSetVolts(), r.getResetVolts()}) {
            String what = op + (volts > 0 ? " set_volts" : " reset_volts");
            env.checkPulse(what, volts, r.getWidthSeconds(), false);
            // A fired row carries full pulses to every fired column of its block and V/2 to the rest.
            env.checkLineCurrent(what, "a fired row", volts, nnzCols, g.cols() - nnzCols);
            env.checkLineCurrent(what, "a fired column", volts, nnzRows, g.rows() - nnzRows);
        }
        long worst = (long) bl * nnzRows * nnzCols;
        env.checkPulseCount(op + " (worst case: pulse_train_length " + bl + " x " + nnzRows + " non-zero rows x " + nnzCols
                + " non-zero columns)", worst);
        double strongest = Math.max(r.getSetVolts(), -r.getResetVolts());
        long worstHalf = g.arrayKind() == ArrayKind.PASSIVE ? (long) bl * ((long) nnzRows * g.cols() + (long) nnzCols * g.rows()) : 0;
        energy += env.worstCaseEnergy(strongest, r.getWidthSeconds(), worst, worstHalf);
        env.checkEnergy(op, energy, fw.array.ledger().programmingEnergySinceBudget());

        fw.leaveSafeIdle();
        OuterProductOutcome o = fw.array.outerProduct(r.getTile(), r.getRowOffset(), r.getColOffset(), u, v, bl, r.getSetVolts(),
                r.getResetVolts(), r.getWidthSeconds(), fw.abortCheck(arrival));
        Response.Builder resp = Response.newBuilder().setOuterProductUpdate(OuterProductUpdateResponse.newBuilder()
                .setDevicePulses(o.devicePulses()).setHalfSelectPulses(o.halfSelectPulses()).setSlots(o.slots()));
        if (o.interrupted()) {
            return aborted(resp, op + " aborted after " + o.subPhases() + " polarity sub-phases (" + o.devicePulses() + " device pulses)");
        }
        return resp;
    }

    private static float[] probabilities(String what, List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            float x = values.get(i);
            if (!(Math.abs(x) <= 1f)) {
                throw Refusal.invalid(what + "[" + i + "] = " + x + " (expected: in [-1, 1], a firing probability with a sign)");
            }
            out[i] = x;
        }
        return out;
    }

    private static int nonZero(float[] x) {
        int n = 0;
        for (float f : x) {
            if (f != 0) {
                n++;
            }
        }
        return n;
    }

    Response.Builder writeVerify(WriteVerifyRequest r, long arrival, FirmwareConnection c) {
        TileGeometry g = geometry();
        String op = "write_verify";
        Checks.tile(g, r.getTile());
        if (r.getTargetsCount() == 0) {
            throw Refusal.invalid(op + ": no targets");
        }
        for (int n = 0; n < r.getTargetsCount(); n++) {
            DeviceTarget t = r.getTargets(n);
            Checks.device(g, op + " target " + n, t.getRow(), t.getCol());
            if (!(t.getTargetSiemens() >= 0) || Double.isInfinite(t.getTargetSiemens())) {
                throw Refusal.invalid(op + " target " + n + ": target_siemens " + t.getTargetSiemens() + " (expected: >= 0 and finite)");
            }
        }
        if (!(r.getToleranceSiemens() > 0) || Double.isInfinite(r.getToleranceSiemens())) {
            throw Refusal.invalid(op + ": tolerance_siemens " + r.getToleranceSiemens() + " (expected: > 0)");
        }
        long maxPulses = Integer.toUnsignedLong(r.getMaxPulses());
        if (maxPulses < 1) {
            throw Refusal.invalid(op + ": max_pulses 0 (expected: >= 1)");
        }
        if (!(r.getSetVolts() > 0) || Double.isInfinite(r.getSetVolts())) {
            throw Refusal.invalid(op + ": set_volts " + r.getSetVolts() + " (expected: > 0)");
        }
        if (!(r.getResetVolts() < 0) || Double.isInfinite(r.getResetVolts())) {
            throw Refusal.invalid(op + ": reset_volts " + r.getResetVolts() + " (expected: < 0)");
        }
        Checks.width(op, r.getWidthSeconds());
        double readVolts = Checks.readVolts(op, r.getReadVolts(), fw.readSettings.readVolts);
        Envelope env = fw.envelope;
        env.checkReadVolts(op, readVolts);
        for (double volts : new double[] {r.getSetVolts(), r.getResetVolts()}) {
            String what = op + (volts > 0 ? " set_volts" : " reset_volts");
            env.checkPulse(what, volts, r.getWidthSeconds(), false);
            env.checkLineCurrent(what, "its row or column", volts, 1, Math.max(g.rows(), g.cols()) - 1L);
        }
        long worst = r.getTargetsCount() * maxPulses;
        env.checkPulseCount(op + " (" + r.getTargetsCount() + " targets x max_pulses " + maxPulses + ")", worst);
        double v = Math.max(r.getSetVolts(), -r.getResetVolts());
        env.checkEnergy(op, env.worstCaseEnergy(v, r.getWidthSeconds(), worst, worst * halfSelectsPerPulse()),
                fw.array.ledger().programmingEnergySinceBudget());
        c.checkResponseFits(op + " with " + r.getTargetsCount() + " results", r.getTargetsCount() * 24L);

        fw.leaveSafeIdle();
        BooleanSupplier aborted = fw.abortCheck(arrival);
        CrossbarArray a = fw.array;
        double t = fw.readSettings.integrationSeconds;
        double tol = r.getToleranceSiemens();
        WriteVerifyResponse.Builder out = WriteVerifyResponse.newBuilder();
        long total = 0;
        for (DeviceTarget target : r.getTargetsList()) {
            double g0 = a.readDevice(r.getTile(), target.getRow(), target.getCol(), readVolts, t);
            int pulses = 0;
            boolean stopped = false;
            while (Math.abs(g0 - target.getTargetSiemens()) > tol && pulses < maxPulses) {
                double volts = g0 < target.getTargetSiemens() ? r.getSetVolts() : r.getResetVolts();
                if (a.pulse(r.getTile(), target.getRow(), target.getCol(), volts, r.getWidthSeconds(), 1, aborted) == 0) {
                    stopped = true;
                    break;
                }
                pulses++;
                g0 = a.readDevice(r.getTile(), target.getRow(), target.getCol(), readVolts, t);
            }
            total += pulses;
            a.ledger().addWriteVerifyPulses(pulses);
            out.addResults(WriteVerifyResult.newBuilder().setRow(target.getRow()).setCol(target.getCol()).setFinalSiemens((float) g0)
                    .setPulses(pulses).setConverged(Math.abs(g0 - target.getTargetSiemens()) <= tol));
            if (stopped) {
                return aborted(Response.newBuilder().setWriteVerify(out.setDevicePulses(total)),
                        op + " aborted at target " + (out.getResultsCount() - 1) + " of " + r.getTargetsCount() + " after " + total + " device pulses");
            }
        }
        return Response.newBuilder().setWriteVerify(out.setDevicePulses(total));
    }

    Response.Builder ramp(RampRequest r, long arrival, FirmwareConnection c) {
        TileGeometry g = geometry();
        String op = "ramp";
        Checks.tile(g, r.getTile());
        Checks.device(g, op, r.getRow(), r.getCol());
        Checks.finite(op + ": start_volts", r.getStartVolts());
        Checks.finite(op + ": stop_volts", r.getStopVolts());
        Checks.finite(op + ": step_volts", r.getStepVolts());
        double start = r.getStartVolts();
        double stop = r.getStopVolts();
        double step = r.getStepVolts();
        if (step == 0 || (stop != start && Math.signum(step) != Math.signum(stop - start))) {
            throw Refusal.invalid(op + ": step_volts " + step + " must be non-zero and point from start_volts " + start
                    + " toward stop_volts " + stop);
        }
        double exactSteps = (stop - start) / step;
        if (exactSteps + 1 > MAX_RAMP_STEPS) {
            throw Refusal.invalid(op + ": " + (long) (exactSteps + 1) + " steps (expected: at most " + MAX_RAMP_STEPS + ")");
        }
        int steps = (int) Math.floor(exactSteps + 1e-9) + 1;
        Checks.width(op, r.getWidthSeconds());
        if (!(r.getStopAboveSiemens() >= 0) || !(r.getStopBelowSiemens() >= 0)) {
            throw Refusal.invalid(op + ": stop_above_siemens " + r.getStopAboveSiemens() + " and stop_below_siemens "
                    + r.getStopBelowSiemens() + " (expected: >= 0, 0 = no such condition)");
        }
        double readVolts = Checks.readVolts(op, r.getReadVolts(), fw.readSettings.readVolts);
        Envelope env = fw.envelope;
        env.checkReadVolts(op, readVolts);
        double energy = 0;
        long pulses = 0;
        for (int n = 0; n < steps; n++) {
            double volts = rampVolts(start, step, n);
            if (volts == 0) {
                continue;
            }
            pulses++;
            env.checkPulse(op + " step " + n + " (" + volts + " V)", volts, r.getWidthSeconds(), r.getForming());
            env.checkLineCurrent(op + " step " + n, "its row or column", volts, 1, Math.max(g.rows(), g.cols()) - 1L);
            energy += env.worstCaseEnergy(volts, r.getWidthSeconds(), 1, halfSelectsPerPulse());
        }
        env.checkPulseCount(op + " (" + pulses + " steps)", pulses);
        env.checkEnergy(op, energy, fw.array.ledger().programmingEnergySinceBudget());
        // one point of about 17 bytes per step (volts, siemens, framing): refused before it runs, like every other answer
        c.checkResponseFits(op + " of " + steps + " steps", steps * 17L);

        fw.leaveSafeIdle();
        BooleanSupplier aborted = fw.abortCheck(arrival);
        CrossbarArray a = fw.array;
        double t = fw.readSettings.integrationSeconds;
        RampResponse.Builder out = RampResponse.newBuilder();
        long applied = 0;
        for (int n = 0; n < steps; n++) {
            double volts = rampVolts(start, step, n);
            if (volts != 0) {
                if (a.pulse(r.getTile(), r.getRow(), r.getCol(), volts, r.getWidthSeconds(), 1, aborted) == 0) {
                    return aborted(Response.newBuilder().setRamp(out.setDevicePulses(applied)),
                            op + " aborted at step " + n + " of " + steps);
                }
                applied++;
            }
            float gNow = a.readDevice(r.getTile(), r.getRow(), r.getCol(), readVolts, t);
            out.addPoints(RampPoint.newBuilder().setVolts(volts).setSiemens(gNow));
            boolean above = r.getStopAboveSiemens() > 0 && gNow >= r.getStopAboveSiemens();
            boolean below = r.getStopBelowSiemens() > 0 && gNow <= r.getStopBelowSiemens();
            if (above || below) {
                out.setStopConditionMet(true);
                break;
            }
        }
        return Response.newBuilder().setRamp(out.setDevicePulses(applied));
    }

    /**
     * Step n of a ramp, on a nanovolt grid: start + n * step in binary floating point drifts
     * (0.5 + 14 * 0.05 = 1.2000000000000002), and a ramp to a limit must end on the limit.
     */
    static double rampVolts(double start, double step, int n) {
        return Math.rint((start + n * step) * 1e9) / 1e9;
    }

    Response.Builder setUpdateMask(SetUpdateMaskRequest r) {
        TileGeometry g = geometry();
        Checks.tile(g, r.getTile());
        if (g.arrayKind() != ArrayKind.ONE_T_ONE_R) {
            throw Refusal.unsupported("set_update_mask needs a 1T1R array; this board's array is passive (V/2 half-selects reach "
                    + "every device of a fired line). A simulator with array_type=1t1r supports it");
        }
        int devices = g.rows() * g.cols();
        int bytes = (devices + 7) / 8;
        byte[] mask = r.getMask().toByteArray();
        if (mask.length != 0 && mask.length != bytes) {
            throw Refusal.invalid("set_update_mask: " + mask.length + " mask bytes (expected: " + bytes + " for " + g.rows() + "x"
                    + g.cols() + " devices, or 0 to clear)");
        }
        BitSet bits = BitSet.valueOf(mask);
        if (bits.length() > devices) {
            throw Refusal.invalid("set_update_mask: bit " + (bits.length() - 1) + " is set beyond the last device (" + (devices - 1) + ")");
        }
        int masked = fw.array.setUpdateMask(r.getTile(), bits);
        return Response.newBuilder().setSetUpdateMask(SetUpdateMaskResponse.newBuilder().setMaskedDevices(masked));
    }

    private Response.Builder aborted(Response.Builder partial, String message) {
        fw.abortSignal.markInterrupted();
        return partial.setStatus(Status.STATUS_ABORTED).setMessage(message);
    }
}
