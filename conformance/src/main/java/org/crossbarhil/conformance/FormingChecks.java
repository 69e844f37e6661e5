package org.crossbarhil.conformance;

import java.util.List;
import java.util.Locale;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.RampResult;
import org.crossbarhil.driver.RampSpec;

/**
 * Voltage ramps with a stop condition, within the working limits (forming beyond them is only
 * probed for refusal): the board must stop at the first reading past the condition, stepping
 * the voltage as asked and never beyond the stop voltage.
 */
final class FormingChecks {
    /** 1/64 V: exact in binary, so start + n * step never rounds past the stop voltage on any board. */
    static final double STEP_VOLTS = 1.0 / 64;

    /** SET pulses after the preparing RESET train: the lower third of the range, where a SET ramp has room. */
    static final int LOW_SET = 20;
    /** The stop condition: this fraction of G beyond where the ramp starts (or 3 sigma of read noise). */
    static final double MARGIN = 0.05;

    private FormingChecks() {
    }

    /**
     * Nominal RESET then a few SET pulses, so that the device has room to move both ways: the SET ramp
     * runs first from there, and the RESET ramp from where it stopped.
     */
    static void midRange(SuiteContext ctx, Device d) {
        ConformanceOptions o = ctx.options();
        Limits w = ctx.info().limits().working();
        if (Pulses.outside(w, o.setVolts(), o.widthSeconds()) != null || Pulses.outside(w, o.resetVolts(), o.widthSeconds()) != null) {
            return;
        }
        Pulses.train(ctx.board(), ctx.sample().tile(), d, o.resetVolts(), o.widthSeconds(), WriteChecks.PREP_RESET);
        Pulses.train(ctx.board(), ctx.sample().tile(), d, o.setVolts(), o.widthSeconds(), LOW_SET);
    }

    static List<Check> all() {
        return List.of(
                Check.forming("ramp-set-stops-above", ctx -> ramp(ctx, true)),
                Check.forming("ramp-reset-stops-below", ctx -> ramp(ctx, false)));
    }

    static String ramp(SuiteContext ctx, boolean up) {
        if (!ctx.info().capabilities().ramp()) {
            throw Verdict.skip("the board does not offer ramps (capabilities)");
        }
        Limits w = ctx.info().limits().working();
        ConformanceOptions o = ctx.options();
        double width = o.widthSeconds();
        if (width < w.minPulseSeconds() || width > w.maxPulseSeconds()) {
            throw Verdict.skip("the nominal width " + width + " s is outside the working limits; choose --width");
        }
        Noise noise = ctx.noise();
        Device d = WriteChecks.testDevices(ctx.sample()).get(0);
        ctx.touch(List.of(d));
        if (up) {
            midRange(ctx, d);
        }
        double g0 = ctx.readDevices(List.of(d)).get(d);
        // past one read's noise, so that the board's own reading decides, yet well within what a ramp moves a device
        double margin = Math.max(3 * noise.sigma(g0) + noise.resolutionSiemens(), MARGIN * g0);
        double nominal = Math.abs(up ? o.setVolts() : o.resetVolts());
        double start = Math.floor(Math.min(0.5, nominal / 2) / STEP_VOLTS) * STEP_VOLTS;
        double stop = Math.min(w.maxVolts(), 2 * w.maxHalfSelectVolts());
        double step = STEP_VOLTS;
        int steps = (int) Math.ceil((stop - start) / step) + 1;
        if (steps > w.maxPulsesPerCommand()) {
            step = STEP_VOLTS * Math.ceil((stop - start) / Math.max(1, w.maxPulsesPerCommand() - 1) / STEP_VOLTS);
        }
        double sign = up ? 1 : -1;
        double threshold = up ? g0 + margin : Math.max(g0 - margin, g0 / 2);
        RampSpec spec = new RampSpec(ctx.sample().tile(), d.row(), d.col(), sign * start, sign * stop, sign * step, width, 0,
                up ? threshold : 0, up ? 0 : threshold, false);
        CrossbarBoard b = ctx.board();
        RampResult r = b.ramp(spec);
        List<RampResult.Point> pts = r.points();
        Verdict.require(!pts.isEmpty(), "the ramp returned no points");
        double previous = 0;
        for (int i = 0; i < pts.size(); i++) {
            double v = pts.get(i).volts() * sign;
            Verdict.require(v >= start - 1e-9 && v <= stop + 1e-9, String.format(Locale.ROOT, "point %d at %.4g V is outside the "
                    + "ramp %.3g..%.3g V", i, pts.get(i).volts(), sign * start, sign * stop));
            Verdict.require(i == 0 || v > previous, "ramp voltages do not advance at point " + i);
            previous = v;
            double g = pts.get(i).siemens();
            boolean past = up ? g >= threshold : g <= threshold;
            Verdict.require(!past || i == pts.size() - 1, String.format(Locale.ROOT, "the ramp went on after point %d read %.4g S, past "
                    + "the stop condition %.4g S", i, g, threshold));
        }
        RampResult.Point last = pts.get(pts.size() - 1);
        boolean lastPast = up ? last.siemens() >= threshold : last.siemens() <= threshold;
        Verdict.require(r.stopConditionMet() == lastPast, "stop_condition_met=" + r.stopConditionMet() + " but the last reading "
                + last.siemens() + " S is " + (lastPast ? "" : "not ") + "past " + threshold + " S");
        Verdict.require(r.stopConditionMet(), String.format(Locale.ROOT, "the ramp reached %.3g V without G %s %.4g S (last %.4g S, "
                + "from %.4g S)", last.volts(), up ? "rising above" : "falling below", threshold, last.siemens(), g0));
        Verdict.require(r.devicePulses() == pts.size(), "the ramp reports " + r.devicePulses() + " pulses for " + pts.size() + " points");
        return String.format(Locale.ROOT, "%s: stopped at %.3g V after %d steps, G %.4g -> %.4g S (condition %.4g S)", d, last.volts(),
                pts.size(), g0, last.siemens(), threshold);
    }
}
