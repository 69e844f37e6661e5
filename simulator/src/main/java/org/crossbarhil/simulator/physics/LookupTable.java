package org.crossbarhil.simulator.physics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Measured pulse-response curves, reduced to the mean and spread of the step per pulse as a
 * function of the normalised state x = (G - Gmin) / (Gmax - Gmin), per polarity, amplitude and
 * width. This is what {@code crossbar characterize} writes (docs/device-model.md, "Lookup-table
 * CSV"):
 *
 * <pre>
 * polarity,volts,width_seconds,pulse,siemens
 * set,1.2,1e-7,0,1.05e-6        pulse 0 = the reading before the first pulse
 * set,1.2,1e-7,1,2.71e-6
 * reset,-1.1,1e-7,0,9.62e-5
 * </pre>
 *
 * Optional columns {@code tile,row,col} or {@code curve} say which curve a line belongs to;
 * without them a curve runs while polarity, volts and width stay the same and pulse increases by
 * one. Other columns are ignored. Lines starting with '#' are comments.
 */
public final class LookupTable {
    /**
     * How far below zero a reading may go, as a fraction of the highest one: readings near Gmin
     * scatter around it with the read noise, and only the shape of the curves is used (they are
     * normalised to their own range), so such readings are kept as they are.
     */
    static final double NOISE_FLOOR_FRACTION = 0.05;

    /** Bins of the normalised state. */
    static final int BINS = 32;

    private final List<Condition> conditions;
    private final double gLow;
    private final double gHigh;

    /** One (polarity, volts, width) and its binned step statistics in normalised units. */
    public static final class Condition {
        final boolean set;
        final double volts;
        final double widthSeconds;
        final double[] mean = new double[BINS];
        final double[] std = new double[BINS];
        final int transitions;

        Condition(boolean set, double volts, double widthSeconds, int transitions) {
            this.set = set;
            this.volts = volts;
            this.widthSeconds = widthSeconds;
            this.transitions = transitions;
        }

        public double volts() {
            return volts;
        }

        public double widthSeconds() {
            return widthSeconds;
        }

        public int transitions() {
            return transitions;
        }

        /** Mean normalised step at normalised state x, linearly interpolated between bin centres. */
        public double meanStep(double x) {
            return interpolate(mean, x);
        }

        public double stepSpread(double x) {
            return interpolate(std, x);
        }

        private static double interpolate(double[] table, double x) {
            double pos = x * BINS - 0.5;
            if (pos <= 0) {
                return table[0];
            }
            if (pos >= BINS - 1) {
                return table[BINS - 1];
            }
            int lo = (int) pos;
            double f = pos - lo;
            return table[lo] * (1 - f) + table[lo + 1] * f;
        }
    }

    private LookupTable(List<Condition> conditions, double gLow, double gHigh) {
        this.conditions = List.copyOf(conditions);
        this.gLow = gLow;
        this.gHigh = gHigh;
    }

    public List<Condition> conditions() {
        return conditions;
    }

    /** Lowest conductance seen in the curves: normalised state 0. */
    public double gLow() {
        return gLow;
    }

    /** Highest conductance seen in the curves: normalised state 1. */
    public double gHigh() {
        return gHigh;
    }

    public static LookupTable load(Path file) {
        Objects.requireNonNull(file, "lut_file is required by device_model=lut");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            // a binary file or another encoding: a bad table, like one with a malformed line
            throw new IllegalArgumentException("lookup-table CSV " + file + " is not UTF-8 text (" + e.getMessage()
                    + "); expected the CSV that crossbar characterize writes", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lookup-table CSV " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses CSV text; {@code source} names it in error messages. */
    public static LookupTable parse(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        String line;
        int lineNo = 0;
        Map<String, Integer> columns = null;
        List<Sample> samples = new ArrayList<>();
        while ((line = in.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] cells = s.split(",", -1);
            if (columns == null) {
                columns = header(cells, source);
                continue;
            }
            samples.add(Sample.of(cells, columns, source, lineNo));
        }
        if (columns == null) {
            throw new IllegalArgumentException(source + ": empty lookup-table CSV (expected a header: polarity,volts,width_seconds,pulse,siemens)");
        }
        return build(samples, source);
    }

    private static Map<String, Integer> header(String[] cells, String source) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < cells.length; i++) {
            columns.put(cells[i].strip().toLowerCase(Locale.ROOT), i);
        }
        for (String required : List.of("polarity", "volts", "width_seconds", "pulse", "siemens")) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException(source + ": header lacks column '" + required
                        + "' (expected: polarity,volts,width_seconds,pulse,siemens[,tile,row,col|curve])");
            }
        }
        return columns;
    }

    private record Sample(boolean set, double volts, double width, int pulse, double siemens, String curve, int line) {
        static Sample of(String[] cells, Map<String, Integer> columns, String source, int line) {
            String where = source + " line " + line + ": ";
            String polarity = cell(cells, columns, "polarity", where).toLowerCase(Locale.ROOT);
            boolean set;
            if (polarity.equals("set")) {
                set = true;
            } else if (polarity.equals("reset")) {
                set = false;
            } else {
                throw new IllegalArgumentException(where + "polarity '" + polarity + "' (expected: set or reset)");
            }
            double volts = number(cells, columns, "volts", where);
            if (volts == 0 || (volts > 0) != set) {
                throw new IllegalArgumentException(where + "volts " + volts + " does not match polarity " + polarity
                        + " (expected: > 0 for set, < 0 for reset)");
            }
            double width = number(cells, columns, "width_seconds", where);
            if (!(width > 0)) {
                throw new IllegalArgumentException(where + "width_seconds " + width + " (expected: > 0)");
            }
            double pulseValue = number(cells, columns, "pulse", where);
            if (pulseValue < 0 || pulseValue != Math.rint(pulseValue) || pulseValue > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + "pulse " + cell(cells, columns, "pulse", where) + " (expected: integer >= 0)");
            }
            // Slightly negative readings are read noise near Gmin (a TIA offset); build() bounds how negative.
            double siemens = number(cells, columns, "siemens", where);
            StringBuilder curve = new StringBuilder();
            for (String c : List.of("curve", "tile", "row", "col")) {
                Integer idx = columns.get(c);
                if (idx != null && idx < cells.length) {
                    curve.append(cells[idx].strip()).append('/');
                }
            }
            return new Sample(set, volts, width, (int) pulseValue, siemens, curve.toString(), line);
        }

        private static String cell(String[] cells, Map<String, Integer> columns, String name, String where) {
            int idx = columns.get(name);
            if (idx >= cells.length) {
                throw new IllegalArgumentException(where + "missing value for column '" + name + "'");
            }
            return cells[idx].strip();
        }

        private static double number(String[] cells, Map<String, Integer> columns, String name, String where) {
            String text = cell(cells, columns, name, where);
            try {
                double v = Double.parseDouble(text);
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + name + " '" + text + "' is not a finite number");
            }
        }

        boolean continues(Sample previous) {
            return previous != null && previous.set == set && previous.volts == volts && previous.width == width
                    && previous.curve.equals(curve) && pulse == previous.pulse + 1;
        }
    }

    private static LookupTable build(List<Sample> samples, String source) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(source + ": no data rows");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Sample s : samples) {
            lo = Math.min(lo, s.siemens);
            hi = Math.max(hi, s.siemens);
        }
        if (!(hi > lo)) {
            throw new IllegalArgumentException(source + ": every reading is " + lo + " S; the curves span no range");
        }
        if (lo < -NOISE_FLOOR_FRACTION * hi) {
            throw new IllegalArgumentException(source + ": readings go down to " + lo + " S, more negative than read noise "
                    + "explains (expected: >= -" + NOISE_FLOOR_FRACTION + " x the highest reading, " + hi + " S): check the "
                    + "measurement's offset or sign");
        }
        // Transitions (x before, dx) per condition, from consecutive pulses of one curve.
        Map<String, List<double[]>> byCondition = new HashMap<>();
        Map<String, Sample> keys = new HashMap<>();
        Sample previous = null;
        for (Sample s : samples) {
            if (s.continues(previous)) {
                String key = s.set + "|" + s.volts + "|" + s.width;
                keys.putIfAbsent(key, s);
                double x0 = (previous.siemens - lo) / (hi - lo);
                double x1 = (s.siemens - lo) / (hi - lo);
                byCondition.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {x0, x1 - x0});
            }
            previous = s;
        }
        List<Condition> conditions = new ArrayList<>();
        boolean anySet = false;
        boolean anyReset = false;
        for (Map.Entry<String, List<double[]>> e : byCondition.entrySet()) {
            Sample k = keys.get(e.getKey());
            Condition c = new Condition(k.set, k.volts, k.width, e.getValue().size());
            bin(c, e.getValue());
            conditions.add(c);
            anySet |= k.set;
            anyReset |= !k.set;
        }
        if (!anySet || !anyReset) {
            throw new IllegalArgumentException(source + ": needs at least one SET and one RESET curve of two or more consecutive pulses"
                    + " (found SET: " + anySet + ", RESET: " + anyReset + ")");
        }
        conditions.sort((a, b) -> a.set != b.set ? (a.set ? -1 : 1)
                : a.volts != b.volts ? Double.compare(Math.abs(a.volts), Math.abs(b.volts)) : Double.compare(a.widthSeconds, b.widthSeconds));
        return new LookupTable(conditions, lo, hi);
    }

    private static void bin(Condition c, List<double[]> transitions) {
        double[] sum = new double[BINS];
        double[] sumSq = new double[BINS];
        int[] count = new int[BINS];
        for (double[] t : transitions) {
            int b = Math.min(BINS - 1, Math.max(0, (int) (t[0] * BINS)));
            sum[b] += t[1];
            sumSq[b] += t[1] * t[1];
            count[b]++;
        }
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                c.mean[b] = sum[b] / count[b];
                double var = count[b] > 1 ? (sumSq[b] - sum[b] * sum[b] / count[b]) / (count[b] - 1) : 0;
                c.std[b] = Math.sqrt(Math.max(0, var));
            }
        }
        // Empty bins take the nearest measured bin's values: the curves rarely visit every state.
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                continue;
            }
            int best = -1;
            for (int d = 1; d < BINS && best < 0; d++) {
                if (b - d >= 0 && count[b - d] > 0) {
                    best = b - d;
                } else if (b + d < BINS && count[b + d] > 0) {
                    best = b + d;
                }
            }
            c.mean[b] = c.mean[best];
            c.std[b] = c.std[best];
        }
    }

    /** The condition of this polarity nearest to (volts, width), amplitude first, then width. */
    public Condition nearest(boolean set, double volts, double widthSeconds) {
        Condition best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (Condition c : conditions) {
            if (c.set != set) {
                continue;
            }
            double score = Math.abs(Math.abs(c.volts) - Math.abs(volts)) * 1e3
                    + Math.abs(Math.log(c.widthSeconds / widthSeconds));
            if (score < bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }
}
