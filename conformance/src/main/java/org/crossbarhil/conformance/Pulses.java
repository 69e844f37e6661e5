package org.crossbarhil.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.Limits;

/** The nominal pulse of a run, checked against the working limits (never adjusted), and pulse trains. */
final class Pulses {
    private Pulses() {
    }

    /** Why {@code volts} for {@code width} would be refused by {@code working}, or null when it is inside. */
    static String outside(Limits working, double volts, double width) {
        List<String> p = new ArrayList<>();
        if (Math.abs(volts) > working.maxVolts()) {
            p.add(String.format(Locale.ROOT, "|%.3g V| > max %.3g V", volts, working.maxVolts()));
        }
        if (Math.abs(volts) / 2 > working.maxHalfSelectVolts()) {
            p.add(String.format(Locale.ROOT, "half-select %.3g V > max %.3g V", Math.abs(volts) / 2, working.maxHalfSelectVolts()));
        }
        if (width < working.minPulseSeconds() || width > working.maxPulseSeconds()) {
            p.add(String.format(Locale.ROOT, "width %.3g s outside %.3g..%.3g s", width, working.minPulseSeconds(),
                    working.maxPulseSeconds()));
        }
        return p.isEmpty() ? null : String.join(", ", p);
    }

    /** Skips the check when the nominal SET or RESET pulse is outside the working limits. */
    static void requireNominal(SuiteContext ctx) {
        Limits w = ctx.info().limits().working();
        ConformanceOptions o = ctx.options();
        String set = outside(w, o.setVolts(), o.widthSeconds());
        String reset = outside(w, o.resetVolts(), o.widthSeconds());
        if (set != null || reset != null) {
            throw Verdict.skip("the nominal pulse is outside the working limits (" + (set != null ? "SET: " + set : "RESET: " + reset)
                    + "); choose --set-volts, --reset-volts and --width inside them");
        }
    }

    /** {@code n} pulses on one device, split into commands of at most the working pulses-per-command. */
    static long train(CrossbarBoard board, int tile, Device d, double volts, double width, int n) {
        int perCommand = board.info().limits().working().maxPulsesPerCommand();
        long applied = 0;
        int left = n;
        while (left > 0) {
            int now = Math.min(left, perCommand);
            applied += board.pulseDevice(tile, new DevicePulse(d.row(), d.col(), volts, width, now));
            left -= now;
        }
        return applied;
    }
}
