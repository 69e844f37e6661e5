package org.crossbarhil.cli;

import java.util.Locale;

/** Engineering notation for people: 4.7e-5 S prints as "47.0 µS". */
final class Units {
    private static final String[] PREFIXES = {"f", "p", "n", "µ", "m", "", "k", "M", "G"};

    private Units() {
    }

    static String si(double value, String unit) {
        if (value == 0 || !Double.isFinite(value)) {
            return String.format(Locale.ROOT, "%s %s", value == 0 ? "0" : String.valueOf(value), unit);
        }
        int exp = (int) Math.floor(Math.log10(Math.abs(value)) / 3);
        exp = Math.max(-5, Math.min(3, exp));
        double scaled = value / Math.pow(1000, exp);
        return String.format(Locale.ROOT, "%.3g %s%s", scaled, PREFIXES[exp + 5], unit);
    }
}
