package org.crossbarhil.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.WriteVerifyResult;

/**
 * Puts every device a write check pulsed back to the conductance it had before the first write,
 * by write-verify on the board. Runs whenever something was written, whatever checks were chosen.
 */
final class RestoreCheck {
    static final String NAME = "region-restored";
    /** Restoring aims within this fraction of the touched devices' mean conductance. */
    static final double ROUGHLY = 0.05;

    private RestoreCheck() {
    }

    static Check check() {
        return new Check(NAME, Check.Need.READ_ONLY, RestoreCheck::restore);
    }

    static String restore(SuiteContext ctx) {
        Map<Device, Double> snapshot = ctx.snapshot();
        if (snapshot == null || ctx.touched().isEmpty()) {
            throw Verdict.skip("nothing was written");
        }
        if (!ctx.info().capabilities().writeVerify()) {
            throw Verdict.skip("the board has no write-verify: " + ctx.touched().size() + " device(s) of " + ctx.sample()
                    + " are left as the checks left them");
        }
        String nominal = Pulses.outside(ctx.info().limits().working(), ctx.options().setVolts(), ctx.options().widthSeconds());
        if (nominal == null) {
            nominal = Pulses.outside(ctx.info().limits().working(), ctx.options().resetVolts(), ctx.options().widthSeconds());
        }
        if (nominal != null) {
            throw Verdict.skip("the nominal pulse is outside the working limits (" + nominal + "): devices left as they are");
        }
        Noise noise = ctx.noise();
        List<Device> devices = new ArrayList<>(ctx.touched());
        List<DeviceTarget> targets = new ArrayList<>();
        double mean = 0;
        for (Device d : devices) {
            double g = snapshot.get(d);
            targets.add(new DeviceTarget(d.row(), d.col(), Math.max(g, 1e-12)));
            mean += g / devices.size();
        }
        // "roughly as found": a few percent of the region's typical conductance, and never narrower than a pulse's step
        double tolerance = Math.max(Math.max(ROUGHLY * mean, WriteChecks.tolerance(noise, mean)), 1.5 * WriteChecks.largestStep(ctx));
        // a device that started next to one of its bounds is approached slowly: allow many pulses
        WriteVerifyResult r = WriteChecks.writeVerify(ctx.board(), ctx.sample().tile(), targets, tolerance, ctx.options(), 2000);
        List<String> off = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            WriteVerifyResult.Outcome o = r.outcomes().get(i);
            if (!o.converged()) {
                off.add(String.format(Locale.ROOT, "%s at %.4g S (was %.4g S)", devices.get(i), o.finalSiemens(), targets.get(i).targetSiemens()));
            }
        }
        Verdict.require(off.isEmpty(), off.size() + " of " + devices.size() + " devices could not be put back within "
                + String.format(Locale.ROOT, "%.3g S: ", tolerance) + String.join(", ", off));
        return String.format(Locale.ROOT, "%d device(s) back within %.3g S of their starting conductance (%d pulses)", devices.size(),
                tolerance, r.devicePulses());
    }
}
