package org.crossbarhil.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossbarhil.driver.BoardState;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.OuterProductResult;
import org.crossbarhil.driver.OuterProductSpec;
import org.crossbarhil.driver.Region;
import org.crossbarhil.driver.WriteVerifyResult;
import org.crossbarhil.driver.WriteVerifySpec;

/**
 * Programming inside the region, through the driver: SET raises G and RESET lowers it,
 * half-selected neighbours keep theirs, pulse-and-read traces every pulse, the outer-product
 * update moves devices the way it was asked, write-verify converges, abort and safe idle work.
 *
 * <p>Real arrays have stuck devices, so device-level checks use several devices and ask for a
 * majority to respond and none to move the wrong way.
 */
final class WriteChecks {
    /** Pulses that drive a device well down from anywhere in its range before a measured train. */
    static final int PREP_RESET = 100;
    /** Pulses in each measured SET and RESET train. */
    static final int TRAIN = 30;
    /** SET pulses that lift a device from the bottom toward mid-range. */
    static final int MID_SET = 40;
    static final int MAX_TEST_DEVICES = 4;
    static final int MAX_NEIGHBOURS = 16;
    static final int MAX_OUTER_LINES = 4;
    /** Pulses in each traced train of pulse-and-read. */
    static final int TRACE = 20;

    private WriteChecks() {
    }

    static List<Check> all() {
        return List.of(
                Check.writes("pulse-set-raises-g", ctx -> setResetMoves(ctx, true)),
                Check.writes("pulse-reset-lowers-g", ctx -> setResetMoves(ctx, false)),
                Check.writes("pulse-and-read-per-pulse", WriteChecks::pulseAndReadPerPulse),
                Check.writes("half-select-spares-neighbours", WriteChecks::halfSelectSparesNeighbours),
                Check.writes("outer-product-signs", WriteChecks::outerProductSigns),
                Check.writes("write-verify-converges", WriteChecks::writeVerifyConverges),
                Check.writes("abort-to-safe-idle", WriteChecks::abortToSafeIdle),
                Check.writes("safe-idle-command", WriteChecks::safeIdleCommand));
    }

    /** Up to four devices spread over the region: its corners, or fewer when it is smaller. */
    static List<Device> testDevices(Region r) {
        LinkedHashSet<Device> d = new LinkedHashSet<>();
        d.add(new Device(r.firstRow(), r.firstCol()));
        d.add(new Device(r.lastRow(), r.lastCol()));
        d.add(new Device(r.firstRow(), r.lastCol()));
        d.add(new Device(r.lastRow(), r.firstCol()));
        return new ArrayList<>(d).subList(0, Math.min(MAX_TEST_DEVICES, d.size()));
    }

    /** Runs the RESET-SET-RESET cycle on the test devices once per run and keeps what it saw. */
    static Map<Device, double[]> cycle(SuiteContext ctx) {
        if (ctx.cycle() != null) {
            return ctx.cycle();
        }
        Pulses.requireNominal(ctx);
        ConformanceOptions o = ctx.options();
        List<Device> devices = testDevices(ctx.sample());
        ctx.touch(devices);
        CrossbarBoard b = ctx.board();
        int tile = ctx.sample().tile();
        for (Device d : devices) {
            Pulses.train(b, tile, d, o.resetVolts(), o.widthSeconds(), PREP_RESET);
        }
        Map<Device, Double> low = ctx.readDevices(devices);
        for (Device d : devices) {
            Pulses.train(b, tile, d, o.setVolts(), o.widthSeconds(), TRAIN);
        }
        Map<Device, Double> high = ctx.readDevices(devices);
        for (Device d : devices) {
            Pulses.train(b, tile, d, o.resetVolts(), o.widthSeconds(), TRAIN);
        }
        Map<Device, Double> end = ctx.readDevices(devices);
        Map<Device, double[]> seen = new LinkedHashMap<>();
        for (Device d : devices) {
            seen.put(d, new double[] {low.get(d), high.get(d), end.get(d)});
        }
        ctx.cycle(seen);
        return seen;
    }

    /** Devices that rose with SET and fell with RESET beyond noise. */
    static List<Device> responsive(SuiteContext ctx) {
        Noise noise = ctx.noise();
        List<Device> out = new ArrayList<>();
        for (Map.Entry<Device, double[]> e : cycle(ctx).entrySet()) {
            double[] g = e.getValue();
            if (g[1] - g[0] > noise.changeThreshold(g[1], SuiteContext.READS)
                    && g[1] - g[2] > noise.changeThreshold(g[1], SuiteContext.READS)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    static String setResetMoves(SuiteContext ctx, boolean set) {
        Noise noise = ctx.noise();
        Map<Device, double[]> seen = cycle(ctx);
        int right = 0;
        int wrong = 0;
        double sum = 0;
        List<String> wrongWay = new ArrayList<>();
        for (Map.Entry<Device, double[]> e : seen.entrySet()) {
            double before = set ? e.getValue()[0] : e.getValue()[1];
            double after = set ? e.getValue()[1] : e.getValue()[2];
            double delta = (after - before) * (set ? 1 : -1);
            double thr = noise.changeThreshold(Math.max(before, after), SuiteContext.READS);
            sum += after - before;
            if (delta > thr) {
                right++;
            } else if (delta < -thr) {
                wrong++;
                wrongWay.add(String.format(Locale.ROOT, "%s %.4g -> %.4g S", e.getKey(), before, after));
            }
        }
        String train = TRAIN + " " + (set ? "SET" : "RESET") + " pulses of " + (set ? ctx.options().setVolts() : ctx.options().resetVolts())
                + " V";
        Verdict.require(wrong == 0, train + " moved " + wrong + " device(s) the wrong way: " + String.join(", ", wrongWay));
        Verdict.require(2 * right >= seen.size(), train + " moved only " + right + " of " + seen.size() + " devices beyond noise "
                + "(a majority must respond)");
        return String.format(Locale.ROOT, "%s: %d of %d devices %s, mean change %+.3g S", train, right, seen.size(),
                set ? "rose" : "fell", sum / seen.size());
    }

    static String pulseAndReadPerPulse(SuiteContext ctx) {
        Pulses.requireNominal(ctx);
        ConformanceOptions o = ctx.options();
        List<Device> responsive = responsive(ctx);
        Device d = responsive.isEmpty() ? testDevices(ctx.sample()).get(0) : responsive.get(0);
        ctx.touch(List.of(d));
        CrossbarBoard b = ctx.board();
        int n = Math.min(TRACE, b.info().limits().working().maxPulsesPerCommand());
        double g0 = ctx.readDevices(List.of(d)).get(d);
        float[] up = b.pulseAndRead(ctx.sample().tile(), List.of(new DevicePulse(d.row(), d.col(), o.setVolts(), o.widthSeconds(), n)),
                0, true);
        Verdict.require(up.length == n, n + " SET pulses with a read after each returned " + up.length + " readings");
        float[] down = b.pulseAndRead(ctx.sample().tile(), List.of(new DevicePulse(d.row(), d.col(), o.resetVolts(), o.widthSeconds(), n)),
                0, true);
        Verdict.require(down.length == n, n + " RESET pulses with a read after each returned " + down.length + " readings");
        for (float g : up) {
            Verdict.require(Float.isFinite(g), "a reading was " + g + " S");
        }
        for (float g : down) {
            Verdict.require(Float.isFinite(g), "a reading was " + g + " S");
        }
        if (responsive.isEmpty()) {
            return n + " readings per train (no device responded to the SET/RESET trains: direction not checked)";
        }
        Noise noise = ctx.noise();
        double upEnd = tail(up);
        double downEnd = tail(down);
        double thr = noise.changeThreshold(upEnd, Math.min(SuiteContext.READS, n));
        Verdict.require(upEnd - g0 > thr, String.format(Locale.ROOT, "the SET trace of %s ends at %.4g S, not above the "
                + "starting %.4g S (allowed noise %.3g S)", d, upEnd, g0, thr));
        Verdict.require(upEnd - downEnd > thr, String.format(Locale.ROOT, "the RESET trace of %s ends at %.4g S, not "
                + "below the SET trace's end %.4g S (allowed noise %.3g S)", d, downEnd, upEnd, thr));
        return String.format(Locale.ROOT, "%s: %d readings each way, %.4g -> %.4g -> %.4g S", d, n, g0, upEnd, downEnd);
    }

    /** Mean of the last {@link SuiteContext#READS} readings of a trace. */
    static double tail(float[] trace) {
        int k = Math.min(SuiteContext.READS, trace.length);
        double sum = 0;
        for (int i = trace.length - k; i < trace.length; i++) {
            sum += trace[i];
        }
        return sum / k;
    }

    static String halfSelectSparesNeighbours(SuiteContext ctx) {
        Pulses.requireNominal(ctx);
        Region r = ctx.sample();
        Device centre = new Device((r.firstRow() + r.lastRow()) / 2, (r.firstCol() + r.lastCol()) / 2);
        List<Device> neighbours = new ArrayList<>();
        for (Device d : ctx.sampleDevices()) {
            boolean shared = d.row() == centre.row() || d.col() == centre.col();
            if (shared && !d.equals(centre)) {
                neighbours.add(d);
            }
        }
        neighbours.sort((a, b) -> Integer.compare(distance(a, centre), distance(b, centre)));
        if (neighbours.isEmpty()) {
            throw Verdict.skip("the region " + r + " is one device: no neighbour shares its lines");
        }
        neighbours = neighbours.subList(0, Math.min(MAX_NEIGHBOURS, neighbours.size()));
        Noise noise = ctx.noise();
        ConformanceOptions o = ctx.options();
        ctx.touch(List.of(centre));
        Map<Device, Double> before = ctx.readDevices(neighbours);
        CrossbarBoard b = ctx.board();
        long applied = Pulses.train(b, r.tile(), centre, o.setVolts(), o.widthSeconds(), TRAIN)
                + Pulses.train(b, r.tile(), centre, o.resetVolts(), o.widthSeconds(), TRAIN);
        Verdict.require(applied == 2L * TRAIN, "asked for " + 2 * TRAIN + " pulses on " + centre + ", the board applied " + applied);
        Map<Device, Double> after = ctx.readDevices(neighbours);
        double worst = 0;
        for (Device d : neighbours) {
            double thr = noise.changeThreshold(before.get(d), SuiteContext.READS);
            double ratio = Math.abs(after.get(d) - before.get(d)) / thr;
            Verdict.require(ratio <= 1, String.format(Locale.ROOT, "neighbour %s of %s went from %.4g S to %.4g S while %d nominal "
                    + "pulses half-selected it (allowed: %.3g S)", d, centre, before.get(d), after.get(d), 2 * TRAIN, thr));
            worst = Math.max(worst, ratio);
        }
        return String.format(Locale.ROOT, "%d pulses on %s left %d neighbours unchanged (largest change %.2f of the allowed)",
                2 * TRAIN, centre, neighbours.size(), worst);
    }

    private static int distance(Device a, Device b) {
        return Math.abs(a.row() - b.row()) + Math.abs(a.col() - b.col());
    }

    static String outerProductSigns(SuiteContext ctx) {
        if (!ctx.info().capabilities().parallelOuterProductUpdate()) {
            throw Verdict.skip("the board does not offer parallel outer-product updates (capabilities)");
        }
        Pulses.requireNominal(ctx);
        Region r = ctx.sample();
        int rows = Math.min(MAX_OUTER_LINES, r.rows());
        int cols = Math.min(MAX_OUTER_LINES, r.cols());
        float[] u = new float[rows];
        float[] v = new float[cols];
        for (int i = 0; i < rows; i++) {
            u[i] = i % 2 == 0 ? 0.9f : -0.9f;
        }
        for (int j = 0; j < cols; j++) {
            v[j] = j < (cols + 1) / 2 ? 0.9f : -0.9f;
        }
        List<Device> block = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                block.add(new Device(r.firstRow() + i, r.firstCol() + j));
            }
        }
        ConformanceOptions o = ctx.options();
        ctx.touch(block);
        CrossbarBoard b = ctx.board();
        // mid-range first, so that both directions have room to move
        for (Device d : block) {
            Pulses.train(b, r.tile(), d, o.resetVolts(), o.widthSeconds(), PREP_RESET);
            Pulses.train(b, r.tile(), d, o.setVolts(), o.widthSeconds(), MID_SET);
        }
        Noise noise = ctx.noise();
        Map<Device, Double> before = ctx.readDevices(block);
        OuterProductResult result = b.outerProductUpdate(new OuterProductSpec(r.tile(), r.firstRow(), r.firstCol(), u, v, 31,
                o.setVolts(), o.resetVolts(), o.widthSeconds()));
        Map<Device, Double> after = ctx.readDevices(block);
        Verdict.require(result.devicePulses() > 0, "the update reported no device pulses for |u|, |v| = 0.9 over 31 slots");
        int right = 0;
        List<String> wrong = new ArrayList<>();
        for (Device d : block) {
            int sign = (int) Math.signum(u[d.row() - r.firstRow()] * v[d.col() - r.firstCol()]);
            double delta = (after.get(d) - before.get(d)) * sign;
            double thr = noise.changeThreshold(Math.max(before.get(d), after.get(d)), SuiteContext.READS);
            if (delta > thr) {
                right++;
            } else if (delta < -thr) {
                wrong.add(String.format(Locale.ROOT, "%s asked to %s went %.4g -> %.4g S", d, sign > 0 ? "rise" : "fall",
                        before.get(d), after.get(d)));
            }
        }
        Verdict.require(wrong.isEmpty(), wrong.size() + " device(s) moved against the sign asked: " + String.join(", ", wrong));
        Verdict.require(4 * right >= 3 * block.size(), "only " + right + " of " + block.size() + " devices moved beyond noise in the "
                + "sign asked (at least 3/4 must)");
        return String.format(Locale.ROOT, "%dx%d block: %d of %d devices moved in the sign of u_i*v_j; %d device pulses, %d half-selects, "
                + "%d slots", rows, cols, right, block.size(), result.devicePulses(), result.halfSelectPulses(), result.slots());
    }

    static String writeVerifyConverges(SuiteContext ctx) {
        if (!ctx.info().capabilities().writeVerify()) {
            throw Verdict.skip("the board does not offer write-verify (capabilities)");
        }
        Pulses.requireNominal(ctx);
        List<Device> devices = responsive(ctx);
        if (devices.isEmpty()) {
            throw Verdict.skip("no device of the region responded to SET and RESET trains");
        }
        Noise noise = ctx.noise();
        ConformanceOptions o = ctx.options();
        List<DeviceTarget> targets = new ArrayList<>();
        double tolerance = Double.MAX_VALUE;
        for (Device d : devices) {
            double[] g = ctx.cycle().get(d);
            double target = (g[1] + g[2]) / 2;
            targets.add(new DeviceTarget(d.row(), d.col(), target));
            tolerance = Math.min(tolerance, tolerance(noise, target));
        }
        tolerance = Math.max(tolerance, 1.5 * largestStep(ctx));
        ctx.touch(devices);
        CrossbarBoard b = ctx.board();
        WriteVerifyResult result = writeVerify(b, ctx.sample().tile(), targets, tolerance, o, 200);
        Map<Device, Double> check = ctx.readDevices(devices);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            DeviceTarget t = targets.get(i);
            WriteVerifyResult.Outcome out = result.outcomes().get(i);
            Device d = devices.get(i);
            if (!out.converged() || Math.abs(out.finalSiemens() - t.targetSiemens()) > tolerance * 1.0001) {
                problems.add(String.format(Locale.ROOT, "%s: target %.4g S, board reports %.4g S after %d pulses, converged=%s", d,
                        t.targetSiemens(), out.finalSiemens(), out.pulses(), out.converged()));
            } else if (Math.abs(check.get(d) - t.targetSiemens()) > tolerance + noise.changeThreshold(t.targetSiemens(), SuiteContext.READS)) {
                problems.add(String.format(Locale.ROOT, "%s: board reports %.4g S but reads back %.4g S (target %.4g S)", d,
                        out.finalSiemens(), check.get(d), t.targetSiemens()));
            }
        }
        Verdict.require(problems.isEmpty(), String.join("; ", problems));
        return String.format(Locale.ROOT, "%d devices within %.3g S of mid-range targets using %d pulses", devices.size(), tolerance,
                result.devicePulses());
    }

    /**
     * The mean conductance change of one nominal pulse, the larger of SET and RESET, from the
     * cycle's trains (0 before the cycle ran): a write-verify window narrower than one step
     * would oscillate around its target.
     */
    static double largestStep(SuiteContext ctx) {
        if (ctx.cycle() == null) {
            return 0;
        }
        double step = 0;
        for (double[] g : ctx.cycle().values()) {
            step = Math.max(step, Math.max(Math.abs(g[1] - g[0]), Math.abs(g[1] - g[2])) / TRAIN);
        }
        return step;
    }

    /** Write-verify tolerance at {@code target}: 2% or 3 sigma of read noise plus the read resolution, whichever is larger. */
    static double tolerance(Noise noise, double target) {
        return Math.max(0.02 * target, 3 * noise.sigma(target) + noise.resolutionSiemens());
    }

    /** Write-verify in requests whose worst case stays within the working pulses per command. */
    static WriteVerifyResult writeVerify(CrossbarBoard b, int tile, List<DeviceTarget> targets, double tolerance, ConformanceOptions o,
            int pulsesPerDevice) {
        int perCommand = b.info().limits().working().maxPulsesPerCommand();
        int maxPulses = Math.min(pulsesPerDevice, perCommand);
        int perRequest = Math.max(1, perCommand / maxPulses);
        List<WriteVerifyResult.Outcome> outcomes = new ArrayList<>();
        long pulses = 0;
        for (int from = 0; from < targets.size(); from += perRequest) {
            List<DeviceTarget> part = targets.subList(from, Math.min(targets.size(), from + perRequest));
            WriteVerifyResult r = b.writeVerify(new WriteVerifySpec(tile, part, tolerance, maxPulses, o.setVolts(), o.resetVolts(),
                    o.widthSeconds(), 0));
            Verdict.require(r.outcomes().size() == part.size(), "write-verify of " + part.size() + " targets returned "
                    + r.outcomes().size() + " outcomes");
            outcomes.addAll(r.outcomes());
            pulses += r.devicePulses();
        }
        return new WriteVerifyResult(outcomes, pulses);
    }

    static String abortToSafeIdle(SuiteContext ctx) {
        CrossbarBoard b = ctx.board();
        b.abort("conformance check: abort");
        BoardState state = b.heartbeat().state();
        Verdict.require(state == BoardState.SAFE_IDLE, "after abort the board reports " + state + " (expected: SAFE_IDLE)");
        double g = b.readDevice(ctx.sample().tile(), ctx.sample().firstRow(), ctx.sample().firstCol());
        Verdict.require(Double.isFinite(g), "a read after abort returned " + g);
        return "abort accepted, state SAFE_IDLE, next read served";
    }

    static String safeIdleCommand(SuiteContext ctx) {
        CrossbarBoard b = ctx.board();
        b.safeIdle();
        BoardState state = b.heartbeat().state();
        Verdict.require(state == BoardState.SAFE_IDLE, "after safe idle the board reports " + state + " (expected: SAFE_IDLE)");
        double g = b.readDevice(ctx.sample().tile(), ctx.sample().firstRow(), ctx.sample().firstCol());
        Verdict.require(Double.isFinite(g), "a read after safe idle returned " + g);
        return "state SAFE_IDLE, next read served";
    }
}
