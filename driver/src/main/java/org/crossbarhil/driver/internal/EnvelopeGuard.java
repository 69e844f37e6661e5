package org.crossbarhil.driver.internal;

import java.util.BitSet;
import java.util.List;
import org.crossbarhil.driver.Converters;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.EnvelopeException;
import org.crossbarhil.driver.Geometry;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.LimitsPair;
import org.crossbarhil.driver.OuterProductSpec;
import org.crossbarhil.driver.RampSpec;
import org.crossbarhil.driver.ReadConfig;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.SettleBlock;
import org.crossbarhil.driver.SettleNetwork;
import org.crossbarhil.driver.SettleSpec;
import org.crossbarhil.driver.VmmDirection;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.driver.WriteVerifySpec;
import org.crossbarhil.protocol.rules.LimitChanges;

/**
 * The local safety check: every write and every read/VMM is compared with the working limits the
 * board reported before anything is sent. The board enforces the same rules (docs/driver.md,
 * "Envelope rules"); checking here too means a mistake costs no round trip and cannot reach a
 * board whose firmware has a gap. Out-of-envelope values are refused, never clamped.
 *
 * <p>Geometry mistakes (tile, row, column out of range) are caller bugs:
 * {@link IllegalArgumentException}. Limit violations: {@link EnvelopeException}.
 *
 * <p>Thread-safe: the limits are replaced whole (on setWorkingLimits, a LimitsChanged event or an
 * info refresh) and read once per check.
 */
final class EnvelopeGuard {
    /** Relative slack for float comparisons, so a value equal to a limit after a round trip passes. */
    private static final double EPS = 1e-9;

    private final Geometry geometry;
    private final Converters converters;
    private volatile LimitsPair limits;
    private volatile ReadConfig readConfig;

    EnvelopeGuard(Geometry geometry, Converters converters, LimitsPair limits, ReadConfig readConfig) {
        this.geometry = geometry;
        this.converters = converters;
        this.limits = limits;
        this.readConfig = readConfig;
    }

    LimitsPair limits() {
        return limits;
    }

    void update(LimitsPair now) {
        limits = now;
    }

    void updateWorking(Limits working) {
        limits = new LimitsPair(limits.hard(), working);
    }

    void updateReadConfig(ReadConfig now) {
        readConfig = now;
    }

    // ---- writes ----

    void checkPulses(String op, int tile, List<DevicePulse> pulses) {
        geometry.checkTile(tile);
        if (pulses.isEmpty()) {
            throw new IllegalArgumentException(op + ": no pulses");
        }
        Limits w = limits.working();
        long total = 0;
        for (int i = 0; i < pulses.size(); i++) {
            DevicePulse p = pulses.get(i);
            geometry.checkDevice(tile, p.row(), p.col());
            String what = "pulse " + i + " at (" + p.row() + ", " + p.col() + ")";
            checkPulseVolts(op, what, p.volts(), w.maxVolts(), "working", w);
            checkWidth(op, what, p.widthSeconds(), w);
            total += p.count();
        }
        checkPulseCount(op, total, "sum of pulse counts", w);
    }

    void checkPulseRead(String op, int tile, List<DevicePulse> pulses, double readVolts) {
        checkPulses(op, tile, pulses);
        checkReadVolts(op, "readVolts", readVolts);
    }

    void checkOuterProduct(String op, OuterProductSpec s) {
        geometry.checkTile(s.tile());
        checkRange(op, "rows", s.rowOffset(), s.rowValues().length, geometry.rows());
        checkRange(op, "cols", s.colOffset(), s.colValues().length, geometry.cols());
        Limits w = limits.working();
        checkPulseVolts(op, "setVolts", s.setVolts(), w.maxVolts(), "working", w);
        checkPulseVolts(op, "resetVolts", s.resetVolts(), w.maxVolts(), "working", w);
        checkWidth(op, "widthSeconds", s.widthSeconds(), w);
        // Each device sits in exactly one polarity sub-phase, so it can see at most one
        // coincidence per slot: the worst case is every slot firing every non-zero line.
        long worst = (long) s.pulseTrainLength() * nonZero(s.rowValues()) * nonZero(s.colValues());
        checkPulseCount(op, worst, "worst case pulseTrainLength " + s.pulseTrainLength() + " x "
                + nonZero(s.rowValues()) + " non-zero rows x " + nonZero(s.colValues()) + " non-zero cols", w);
    }

    void checkWriteVerify(String op, WriteVerifySpec s) {
        geometry.checkTile(s.tile());
        for (DeviceTarget t : s.targets()) {
            geometry.checkDevice(s.tile(), t.row(), t.col());
        }
        Limits w = limits.working();
        checkPulseVolts(op, "setVolts", s.setVolts(), w.maxVolts(), "working", w);
        checkPulseVolts(op, "resetVolts", s.resetVolts(), w.maxVolts(), "working", w);
        checkWidth(op, "widthSeconds", s.widthSeconds(), w);
        checkReadVolts(op, "readVolts", s.readVolts());
        long worst = (long) s.targets().size() * s.maxPulses();
        checkPulseCount(op, worst, s.targets().size() + " targets x maxPulses " + s.maxPulses(), w);
    }

    void checkRamp(String op, RampSpec s) {
        geometry.checkDevice(s.tile(), s.row(), s.col());
        finite(op, "startVolts", s.startVolts());
        finite(op, "stopVolts", s.stopVolts());
        finite(op, "stepVolts", s.stepVolts());
        Limits w = limits.working();
        // Forming needs more than everyday programming: its amplitudes (full and half-select)
        // may reach the hard ceilings, never more. Width and pulse count stay working limits.
        Limits amplitude = s.forming() ? limits.hard() : w;
        String kind = s.forming() ? "hard" : "working";
        long steps = rampSteps(s);
        if (steps > MAX_RAMP_STEPS) {
            throw new IllegalArgumentException(op + ": " + steps + " steps (expected: at most " + MAX_RAMP_STEPS + ")");
        }
        long pulses = 0;
        for (long n = 0; n < steps; n++) {
            double volts = rampVolts(s, n);
            if (volts == 0) {
                continue;
            }
            pulses++;
            checkPulseVolts(op, "step " + n + " (" + volts + " V)", volts, amplitude.maxVolts(), kind, amplitude);
        }
        checkWidth(op, "widthSeconds", s.widthSeconds(), w);
        checkReadVolts(op, "readVolts", s.readVolts());
        checkPulseCount(op, pulses, "ramp steps", w);
    }

    /**
     * Sanity bound on ramp steps, refused locally (docs/protocol.md, RampRequest). Deliberately
     * below the simulator's 1,000,000: the protocol carries no such bound (only
     * max_pulses_per_command, checked as well), and a ramp answers with one point, about 16 bytes,
     * per step, so 100,000 points (1.6 MB) fit the default 4 MiB frame while a million (16 MB)
     * would not, and a board that sizes its answer only after running the ramp could not send it.
     */
    static final long MAX_RAMP_STEPS = 100_000;

    /** Steps a ramp takes: start, start + step, ... while not past stop (a 0 V step applies no pulse). */
    static long rampSteps(RampSpec s) {
        double exact = (s.stopVolts() - s.startVolts()) / s.stepVolts();
        return (long) Math.floor(exact + 1e-9) + 1;
    }

    /** The voltage of step n, rounded to the nanovolt so that 0.1-volt steps land on their decimals. */
    static double rampVolts(RampSpec s, long n) {
        return Math.rint((s.startVolts() + n * s.stepVolts()) * 1e9) / 1e9;
    }

    void checkConfigure(String op, ReadConfig c) {
        if (c.readVolts() != 0) {
            finite(op, "readVolts", c.readVolts());
            checkReadVoltsValue(op, "readVolts", c.readVolts());
        }
        if (!(c.integrationSeconds() >= 0) || Double.isInfinite(c.integrationSeconds())) {
            throw new IllegalArgumentException(op + ": integrationSeconds " + c.integrationSeconds() + " (expected: >= 0, 0 = unchanged)");
        }
        if (!(c.adcFullScaleAmperes() >= 0) || Double.isInfinite(c.adcFullScaleAmperes())) {
            throw new IllegalArgumentException(op + ": adcFullScaleAmperes " + c.adcFullScaleAmperes() + " (expected: >= 0, 0 = unchanged)");
        }
        checkAveraging(op, c.readsAveraged());
    }

    void checkSetLimits(String op, Limits requested) {
        List<String> beyond = beyond(limits.hard(), requested);
        if (!beyond.isEmpty()) {
            throw new EnvelopeException(op, "working limits must stay within the hard limits (hard -> asked): "
                    + String.join(", ", beyond));
        }
    }

    /**
     * Where {@code inner} goes beyond {@code outer}, each as "max_volts 3 -> 3.5" (outer -> inner);
     * empty when it stays within. Beyond is looser: the board's own rule,
     * {@code LimitChanges.loosened}, so host and board never disagree on an envelope.
     */
    static List<String> beyond(Limits outer, Limits inner) {
        return LimitChanges.loosened(Wire.limits(outer), Wire.limits(inner));
    }

    void checkUpdateMask(String op, int tile, BitSet mask) {
        geometry.checkTile(tile);
        long devices = (long) geometry.rows() * geometry.cols();
        if (mask.length() > devices) {
            throw new IllegalArgumentException(op + ": mask bit " + (mask.length() - 1) + " set (expected: < rows x cols = "
                    + devices + ")");
        }
    }

    // ---- reads ----

    void checkRead(String op, ReadSpec s) {
        geometry.checkTile(s.tile());
        switch (s.scope()) {
            case DEVICE:
                geometry.checkDevice(s.tile(), s.row(), s.col());
                break;
            case ROW:
                geometry.checkDevice(s.tile(), s.row(), 0);
                break;
            default:
                geometry.checkDevice(s.tile(), s.row(), 0);
                checkRange(op, "rows", s.row(), s.rowCount(), geometry.rows());
                break;
        }
        checkReadVolts(op, "readVolts", s.readVolts());
    }

    void checkVmm(String op, VmmSpec s) {
        geometry.checkTile(s.tile());
        boolean forward = s.direction() == VmmDirection.FORWARD;
        int driven = forward ? geometry.rows() : geometry.cols();
        int sensed = forward ? geometry.cols() : geometry.rows();
        checkRange(op, forward ? "driven rows" : "driven cols", s.inputOffset(), s.inputCount(), driven);
        if (s.outputOffset() >= sensed) {
            throw new IllegalArgumentException(op + ": outputOffset " + s.outputOffset() + " (expected: < " + sensed + ")");
        }
        checkRange(op, forward ? "sensed cols" : "sensed rows", s.outputOffset(), s.outputCount(), sensed);
        checkAveraging(op, s.readsAveraged());
        double max = limits.working().maxReadVolts();
        float[] v = s.volts();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(op + ": volts[" + i + "] = " + v[i] + " (expected: finite)");
            }
            // Inputs travel as 32-bit floats: the limit rounded to a float is within it (as on the board).
            if (Math.abs(v[i]) > max * (1 + EPS) && Math.abs(v[i]) > (float) max) {
                throw new EnvelopeException(op, "input " + (i % s.inputCount()) + " of vector " + (i / s.inputCount())
                        + ": |volts| " + v[i] + " V exceeds the working max_read_volts " + max + " V");
            }
        }
    }

    /**
     * A network description: the board must settle, every block must sit on a tile of the board
     * and fit it, one block per tile, and the largest drive (a state at a clip bound, or a bias
     * row) must be within max_read_volts.
     */
    void checkSettleNetwork(String op, SettleNetwork n, boolean offered) {
        if (!offered) {
            throw new UnsupportedOperationException(op + ": the board does not settle networks itself (Capabilities.settle is false);"
                    + " iterate VMMs from the host");
        }
        java.util.Set<Integer> tiles = new java.util.HashSet<>();
        for (int l = 0; l < n.layers().size(); l++) {
            for (SettleBlock b : n.layers().get(l).blocks()) {
                geometry.checkTile(b.tile());
                if (!tiles.add(b.tile())) {
                    throw new IllegalArgumentException(op + ": layer " + l + " puts a second block on tile " + b.tile() + " (one block per tile)");
                }
                if (b.inputCount() > geometry.rows() || 2L * b.unitCount() > geometry.cols()) {
                    throw new IllegalArgumentException(op + ": layer " + l + ", tile " + b.tile() + ": " + b.inputCount() + " rows x "
                            + 2L * b.unitCount() + " columns do not fit the " + geometry.rows() + "x" + geometry.cols() + " tile");
                }
            }
        }
        checkSettleDrive(op, "the largest drive (states at the clip bounds, bias rows)", stateVolts(n));
    }

    /** A settle: the board must settle, and the inputs' voltages must be within max_read_volts. */
    void checkSettle(String op, SettleSpec s, boolean offered) {
        if (!offered) {
            throw new UnsupportedOperationException(op + ": the board does not settle networks itself (Capabilities.settle is false);"
                    + " iterate VMMs from the host");
        }
        checkAveraging(op, s.readsAveraged());
        SettleNetwork n = s.network().network();
        checkSettleDrive(op, "the largest drive (states at the clip bounds, bias rows)", stateVolts(n));
        float[] x = s.inputs();
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException(op + ": inputs[" + i + "] = " + x[i] + " (expected: finite)");
            }
            checkSettleDrive(op, "input " + (i % n.inputs()) + " of sample " + (i / n.inputs()), Math.abs(x[i]) * n.driveVolts());
        }
        for (int i = 0; i < s.targets().length; i++) {
            if (!Float.isFinite(s.targets()[i])) {
                throw new IllegalArgumentException(op + ": targets[" + i + "] = " + s.targets()[i] + " (expected: finite)");
            }
        }
    }

    private static double stateVolts(SettleNetwork n) {
        return n.driveVolts() * Math.max(1, Math.max(Math.abs(n.clipLow()), Math.abs(n.clipHigh())));
    }

    private void checkSettleDrive(String op, String what, double volts) {
        double max = limits.working().maxReadVolts();
        // drives travel as float32, as VMM inputs do: the limit rounded to a float is within it
        if (volts > max * (1 + EPS) && (float) volts > (float) max) {
            throw new EnvelopeException(op, what + ": |volts| " + volts + " V exceeds the working max_read_volts " + max + " V");
        }
    }

    // ---- rules ----

    /** |volts| against {@code maxVolts}, and |volts|/2 against the half-select limit of {@code l} (named {@code limitKind}). */
    private static void checkPulseVolts(String op, String what, double volts, double maxVolts, String limitKind, Limits l) {
        finite(op, what, volts);
        double abs = Math.abs(volts);
        if (abs > maxVolts * (1 + EPS)) {
            throw new EnvelopeException(op, what + ": |volts| " + abs + " V exceeds the " + limitKind + " max_volts "
                    + maxVolts + " V");
        }
        // V/2 scheme: unselected devices on the selected row and column see half the amplitude.
        if (abs / 2 > l.maxHalfSelectVolts() * (1 + EPS)) {
            throw new EnvelopeException(op, what + ": half-select |volts|/2 = " + abs / 2
                    + " V exceeds the " + limitKind + " max_half_select_volts " + l.maxHalfSelectVolts() + " V");
        }
    }

    private static void checkWidth(String op, String what, double seconds, Limits w) {
        if (seconds < w.minPulseSeconds() * (1 - EPS) || seconds > w.maxPulseSeconds() * (1 + EPS)) {
            throw new EnvelopeException(op, what + ": width " + seconds + " s outside the working pulse width ["
                    + w.minPulseSeconds() + ", " + w.maxPulseSeconds() + "] s");
        }
    }

    private static void checkPulseCount(String op, long pulses, String how, Limits w) {
        if (pulses > w.maxPulsesPerCommand()) {
            throw new EnvelopeException(op, pulses + " device pulses (" + how + ") exceed the working max_pulses_per_command "
                    + w.maxPulsesPerCommand() + "; split the command");
        }
    }

    /** A read voltage of 0 means the configured one, which must also be inside the working limit. */
    private void checkReadVolts(String op, String what, double readVolts) {
        finite(op, what, readVolts);
        if (readVolts != 0) {
            checkReadVoltsValue(op, what, readVolts);
        } else if (readConfig.readVolts() != 0) {
            checkReadVoltsValue(op, "configured read voltage", readConfig.readVolts());
        }
    }

    private void checkReadVoltsValue(String op, String what, double readVolts) {
        double max = limits.working().maxReadVolts();
        double abs = Math.abs(readVolts);
        if (abs > max * (1 + EPS) && (float) abs > (float) max) {
            throw new EnvelopeException(op, what + ": |volts| " + Math.abs(readVolts) + " V exceeds the working max_read_volts "
                    + max + " V");
        }
    }

    private void checkAveraging(String op, int readsAveraged) {
        int max = converters.maxReadsAveraged();
        if (readsAveraged < 0 || (max > 0 && readsAveraged > max)) {
            throw new IllegalArgumentException(op + ": readsAveraged " + readsAveraged + " (expected: 0.." + max
                    + ", 0 = configured)");
        }
    }

    private static void checkRange(String op, String what, int offset, int count, int size) {
        if (offset < 0 || count < 0 || (long) offset + count > size) {
            throw new IllegalArgumentException(op + ": " + what + " [" + offset + ", " + ((long) offset + count)
                    + ") outside 0.." + (size - 1));
        }
    }

    private static void finite(String op, String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(op + ": " + what + " = " + v + " (expected: finite)");
        }
    }

    private static int nonZero(float[] values) {
        int n = 0;
        for (float v : values) {
            if (v != 0) {
                n++;
            }
        }
        return n;
    }
}
