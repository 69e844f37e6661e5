package org.crossbarhil.conformance;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.crossbarhil.protocol.v1.Capabilities;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.DeviceTarget;
import org.crossbarhil.protocol.v1.LedgerRequest;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.OuterProductUpdateRequest;
import org.crossbarhil.protocol.v1.PulseReadRequest;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.RampRequest;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadScope;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.crossbarhil.protocol.v1.WriteVerifyRequest;

/**
 * The board's own safety envelope, probed with raw frames (the driver would refuse these before
 * sending): each request goes just past one working limit and must be refused with
 * STATUS_OUT_OF_ENVELOPE and a message, with nothing applied (the device reads the same and the
 * ledger counts no pulse). A compliant board applies nothing, but a broken one might, so probes
 * that would pulse run only with writes allowed, on one device of the region; read-voltage probes
 * (at most 2% above the read limit) run always.
 */
final class EnvelopeChecks {
    /** "Just above" a limit. */
    static final double ABOVE = 1.02;
    /** "Just below" a lower limit. */
    static final double BELOW = 0.98;

    private EnvelopeChecks() {
    }

    /** Builds the probe from the limits the board reported on this link; throws a SKIP verdict when it cannot be made. */
    @FunctionalInterface
    interface Probe {
        Request.Builder build(Limits working, Limits hard, Capabilities caps, Device target, double g);
    }

    static List<Check> all() {
        return List.of(
                Check.readOnly("envelope-read-volts", ctx -> probe(ctx, false, "a read above max_read_volts",
                        (w, h, c, d, g) -> Request.newBuilder().setRead(ReadRequest.newBuilder().setTile(ctx.sample().tile())
                                .setScope(ReadScope.READ_SCOPE_DEVICE).setRow(d.row()).setCol(d.col())
                                .setReadVolts(w.getMaxReadVolts() * ABOVE)))),
                Check.readOnly("envelope-vmm-volts", ctx -> probe(ctx, false, "a VMM input above max_read_volts",
                        (w, h, c, d, g) -> Request.newBuilder().setVmm(VmmRequest.newBuilder().setTile(ctx.sample().tile())
                                .setDirection(VmmDirection.VMM_DIRECTION_FORWARD).setVectorCount(1).setInputOffset(d.row())
                                .setInputCount(1).addVolts((float) (w.getMaxReadVolts() * ABOVE)).setOutputOffset(d.col())
                                .setOutputCount(1)))),
                Check.writes("envelope-pulse-volts", ctx -> probe(ctx, true, "a SET pulse above max_volts",
                        (w, h, c, d, g) -> pulse(ctx, d, w.getMaxVolts() * ABOVE, width(ctx, w), 1))),
                Check.writes("envelope-reset-volts", ctx -> probe(ctx, true, "a RESET pulse above max_volts",
                        (w, h, c, d, g) -> pulse(ctx, d, -w.getMaxVolts() * ABOVE, width(ctx, w), 1))),
                Check.writes("envelope-half-select-volts", ctx -> probe(ctx, true, "a pulse whose half-select exceeds max_half_select_volts",
                        (w, h, c, d, g) -> {
                            double v = 2 * w.getMaxHalfSelectVolts() * ABOVE;
                            if (v > w.getMaxVolts()) {
                                throw Verdict.skip(String.format(Locale.ROOT, "no pulse within max_volts %.3g V has a half-select above "
                                        + "max_half_select_volts %.3g V", w.getMaxVolts(), w.getMaxHalfSelectVolts()));
                            }
                            return pulse(ctx, d, v, width(ctx, w), 1);
                        })),
                Check.writes("envelope-pulse-width-max", ctx -> probe(ctx, true, "a pulse longer than max_pulse_seconds",
                        (w, h, c, d, g) -> pulse(ctx, d, nominalSet(ctx, w), w.getMaxPulseSeconds() * ABOVE, 1))),
                Check.writes("envelope-pulse-width-min", ctx -> probe(ctx, true, "a pulse shorter than min_pulse_seconds",
                        (w, h, c, d, g) -> pulse(ctx, d, nominalSet(ctx, w), w.getMinPulseSeconds() * BELOW, 1))),
                Check.writes("envelope-pulses-per-command", ctx -> probe(ctx, true, "one pulse more than max_pulses_per_command",
                        (w, h, c, d, g) -> pulse(ctx, d, nominalSet(ctx, w), width(ctx, w), oneAbove(w.getMaxPulsesPerCommand())))),
                Check.writes("envelope-pulse-read-volts", ctx -> probe(ctx, true, "a pulse-and-read reading above max_read_volts",
                        (w, h, c, d, g) -> Request.newBuilder().setPulseRead(PulseReadRequest.newBuilder().setTile(ctx.sample().tile())
                                .addPulses(devicePulse(d, nominalSet(ctx, w), width(ctx, w), 1))
                                .setReadVolts(w.getMaxReadVolts() * ABOVE)))),
                Check.writes("envelope-outer-product-volts", ctx -> probe(ctx, true, "an outer-product update above max_volts",
                        (w, h, c, d, g) -> {
                            if (!c.getParallelOuterProductUpdate()) {
                                throw Verdict.skip("the board does not offer parallel outer-product updates (capabilities)");
                            }
                            return Request.newBuilder().setOuterProductUpdate(OuterProductUpdateRequest.newBuilder()
                                    .setTile(ctx.sample().tile()).setRowOffset(d.row()).setColOffset(d.col()).addRowValues(1f)
                                    .addColValues(1f).setPulseTrainLength(1).setSetVolts(w.getMaxVolts() * ABOVE)
                                    .setResetVolts(nominalReset(ctx, w)).setWidthSeconds(width(ctx, w)));
                        })),
                Check.writes("envelope-write-verify-volts", ctx -> probe(ctx, true, "a write-verify above max_volts",
                        (w, h, c, d, g) -> {
                            if (!c.getWriteVerify()) {
                                throw Verdict.skip("the board does not offer write-verify (capabilities)");
                            }
                            return Request.newBuilder().setWriteVerify(WriteVerifyRequest.newBuilder().setTile(ctx.sample().tile())
                                    .addTargets(DeviceTarget.newBuilder().setRow(d.row()).setCol(d.col()).setTargetSiemens(g * 1.2 + 1e-9))
                                    .setToleranceSiemens(g * 0.01 + 1e-12).setMaxPulses(1).setSetVolts(w.getMaxVolts() * ABOVE)
                                    .setResetVolts(nominalReset(ctx, w)).setWidthSeconds(width(ctx, w)));
                        })),
                Check.forming("envelope-ramp-volts", ctx -> probe(ctx, true, "a ramp past max_volts without forming",
                        (w, h, c, d, g) -> ramp(ctx, c, d, w.getMaxVolts() * ABOVE, width(ctx, w), false))),
                Check.forming("envelope-forming-volts", ctx -> probe(ctx, true, "a forming ramp past the hard max_volts",
                        (w, h, c, d, g) -> ramp(ctx, c, d, h.getMaxVolts() * ABOVE, width(ctx, w), true))));
    }

    /** A pulse count (a uint32) one above {@code max_pulses_per_command}, itself a uint32. */
    static int oneAbove(int maxPulsesPerCommand) {
        long above = Integer.toUnsignedLong(maxPulsesPerCommand) + 1;
        if (above > 0xFFFF_FFFFL) {
            throw Verdict.skip("max_pulses_per_command " + Integer.toUnsignedString(maxPulsesPerCommand) + " leaves no pulse count "
                    + "above it (count is a uint32)");
        }
        return (int) above;
    }

    static Request.Builder pulse(SuiteContext ctx, Device d, double volts, double width, int count) {
        return Request.newBuilder().setPulse(PulseRequest.newBuilder().setTile(ctx.sample().tile())
                .addPulses(devicePulse(d, volts, width, count)));
    }

    static DevicePulse devicePulse(Device d, double volts, double width, int count) {
        return DevicePulse.newBuilder().setRow(d.row()).setCol(d.col()).setVolts(volts).setWidthSeconds(width).setCount(count).build();
    }

    static Request.Builder ramp(SuiteContext ctx, Capabilities c, Device d, double start, double width, boolean forming) {
        if (!c.getRamp()) {
            throw Verdict.skip("the board does not offer ramps (capabilities)");
        }
        return Request.newBuilder().setRamp(RampRequest.newBuilder().setTile(ctx.sample().tile()).setRow(d.row()).setCol(d.col())
                .setStartVolts(start).setStopVolts(start + 0.01).setStepVolts(0.01).setWidthSeconds(width).setForming(forming));
    }

    /** The nominal width when the limits allow it, else the shortest allowed: probes vary one thing at a time. */
    static double width(SuiteContext ctx, Limits w) {
        double nominal = ctx.options().widthSeconds();
        return nominal >= w.getMinPulseSeconds() && nominal <= w.getMaxPulseSeconds() ? nominal : w.getMinPulseSeconds();
    }

    static double nominalSet(SuiteContext ctx, Limits w) {
        double v = ctx.options().setVolts();
        if (v > w.getMaxVolts() || v / 2 > w.getMaxHalfSelectVolts()) {
            throw Verdict.skip(String.format(Locale.ROOT, "the nominal SET pulse %.3g V is outside the working limits; choose --set-volts", v));
        }
        return v;
    }

    static double nominalReset(SuiteContext ctx, Limits w) {
        double v = ctx.options().resetVolts();
        if (-v > w.getMaxVolts() || -v / 2 > w.getMaxHalfSelectVolts()) {
            throw Verdict.skip(String.format(Locale.ROOT, "the nominal RESET pulse %.3g V is outside the working limits; choose --reset-volts", v));
        }
        return v;
    }

    /** The device every probe aims at: the far corner of the region. */
    static Device target(SuiteContext ctx) {
        return new Device(ctx.sample().lastRow(), ctx.sample().lastCol());
    }

    static String probe(SuiteContext ctx, boolean write, String what, Probe probe) throws IOException {
        Noise noise = ctx.noise();
        Device d = target(ctx);
        if (write) {
            ctx.touch(List.of(d));
        }
        try (RawSession s = ctx.rawSession(write)) {
            Limits w = s.handshake().getHello().getWorkingLimits();
            Limits h = s.handshake().getHello().getDescription().getHardLimits();
            Capabilities caps = s.handshake().getHello().getDescription().getCapabilities();
            double g0 = ctx.rawRead(s, d);
            Request.Builder request = probe.build(w, h, caps, d, g0);
            long p0 = devicePulses(s);
            Response r = s.call(request);
            // A gateway (it offers a lease) lets only administrators form: refused before any envelope check, nothing applied.
            boolean gatewayRefusedForming = request.hasRamp() && request.getRamp().getForming() && caps.getLease()
                    && r.getStatus() == Status.STATUS_PERMISSION_DENIED;
            Verdict.require(r.getStatus() == Status.STATUS_OUT_OF_ENVELOPE || gatewayRefusedForming, what + " was answered "
                    + r.getStatus()
                    + (r.getStatus() == Status.STATUS_OK ? " (accepted)" : "") + ProtocolChecks.message(r)
                    + " (expected: STATUS_OUT_OF_ENVELOPE" + (caps.getLease() && request.hasRamp() ? ", or PERMISSION_DENIED from a gateway" : "")
                    + ")");
            Verdict.require(!r.getMessage().isBlank(), what + " was refused without a message saying which limit");
            long p1 = devicePulses(s);
            Verdict.require(p1 == p0, what + " was refused, yet the ledger counted " + (p1 - p0) + " device pulses");
            double g1 = ctx.rawRead(s, d);
            double thr = noise.changeThreshold((g0 + g1) / 2, SuiteContext.READS);
            Verdict.require(Math.abs(g1 - g0) <= thr, String.format(Locale.ROOT, "%s was refused, yet device %s went from "
                    + "%.4g S to %.4g S (allowed: %.3g S)", what, d, g0, g1, thr));
            return (gatewayRefusedForming ? "refused by the gateway (forming takes its admin token): " : "refused: ") + r.getMessage();
        }
    }

    static long devicePulses(RawSession s) throws IOException {
        Response r = s.call(Request.newBuilder().setLedger(LedgerRequest.newBuilder().setReset(false)));
        if (r.getStatus() != Status.STATUS_OK) {
            throw Verdict.fail("ledger read answered " + r.getStatus() + ProtocolChecks.message(r));
        }
        return r.getLedger().getLedger().getDevicePulses();
    }
}
