package org.crossbarhil.simulator.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjDoubleConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.crossbarhil.simulator.physics.ArrayKind;
import org.crossbarhil.simulator.physics.DeviceModelKind;
import org.crossbarhil.simulator.physics.InitialState;

/**
 * Every simulator parameter that can be set by name: in a {@code sim:} URI
 * ({@code sim:?profile=taox-2x64&stuck_fraction=0.05&ir_drop=on}) or with {@code crossbar sim
 * --set name=value}. Each parses and checks its own value; the rules across values are
 * {@link SimConfig.Builder#build()}'s. docs/device-model.md documents each one.
 */
public final class SimParameter {
    private static final Map<String, SimParameter> BY_NAME = new LinkedHashMap<>();

    static {
        integer("seed", "", "seed of every random draw (devices, noise, stochastic pulses)", Long.MIN_VALUE, Long.MAX_VALUE,
                b -> b.seed, (b, v) -> b.seed = v);
        integer("tiles", "", "number of tiles", 1, 4096, b -> b.tiles, (b, v) -> b.tiles = (int) v);
        integer("rows", "", "rows (word lines) per tile", 1, 1024, b -> b.rows, (b, v) -> b.rows = (int) v);
        integer("cols", "", "columns (bit lines) per tile", 1, 1024, b -> b.cols, (b, v) -> b.cols = (int) v);
        choice("array_type", "passive (0T1R, V/2 half-selects) or 1t1r (update masks, no half-selects)",
                Map.of("passive", ArrayKind.PASSIVE, "1t1r", ArrayKind.ONE_T_ONE_R), b -> b.arrayKind, (b, v) -> b.arrayKind = v);

        choice("device_model", "update law: soft_bounds, linear (ideal) or lut (measured curves from lut_file)",
                Map.of("soft_bounds", DeviceModelKind.SOFT_BOUNDS, "linear", DeviceModelKind.LINEAR, "lut", DeviceModelKind.LOOKUP_TABLE),
                b -> b.model, (b, v) -> b.model = v);
        add(new SimParameter("lut_file", "path", "CSV of measured pulse-response curves (device_model=lut)",
                (b, v) -> {
                    Path p = Path.of(v);
                    if (!Files.isReadable(p)) {
                        throw new IllegalArgumentException("lut_file=" + v + ": no readable file there");
                    }
                    b.lutFile = p;
                }, b -> b.lutFile == null ? "" : b.lutFile.toString()));
        real("g_min", "S", "nominal low conductance bound", 0, false, 1, true, b -> b.gMin, (b, v) -> b.gMin = v);
        real("g_max", "S", "nominal high conductance bound", 0, false, 1, true, b -> b.gMax, (b, v) -> b.gMax = v);
        real("bound_spread", "", "device-to-device log-normal sigma of Gmin and Gmax", 0, true, 1, true,
                b -> b.boundSpread, (b, v) -> b.boundSpread = v);
        choice("initial_state", "conductance at power-on: uniform, min, max or mid",
                Map.of("uniform", InitialState.UNIFORM, "min", InitialState.MIN, "max", InitialState.MAX, "mid", InitialState.MID),
                b -> b.initialState, (b, v) -> b.initialState = v);
        real("vth_set", "V", "SET threshold: no change at or below it", 0, false, 10, true, b -> b.vthSet, (b, v) -> b.vthSet = v);
        real("vth_reset", "V", "RESET threshold (magnitude)", 0, false, 10, true, b -> b.vthReset, (b, v) -> b.vthReset = v);
        real("vth_spread", "V", "device-to-device sigma of both thresholds", 0, true, 1, true,
                b -> b.vthSpread, (b, v) -> b.vthSpread = v);
        real("v0", "V", "voltage scale of the step's exponential growth above threshold", 0, false, 1, true,
                b -> b.v0, (b, v) -> b.v0 = v);
        real("reference_width_seconds", "s", "pulse width of the nominal step (step grows linearly with width)", 0, false, 1, true,
                b -> b.referenceWidthSeconds, (b, v) -> b.referenceWidthSeconds = v);
        real("nominal_set_volts", "V", "SET amplitude whose step is step_set", 0, false, 10, true,
                b -> b.nominalSetVolts, (b, v) -> b.nominalSetVolts = v);
        real("nominal_reset_volts", "V", "RESET amplitude (magnitude) whose step is step_set * asymmetry", 0, false, 10, true,
                b -> b.nominalResetVolts, (b, v) -> b.nominalResetVolts = v);
        real("step_set", "", "nominal SET step: fraction of the distance to Gmax (soft_bounds) or of the range (linear)",
                0, false, 1, true, b -> b.stepSet, (b, v) -> b.stepSet = v);
        real("asymmetry", "", "nominal RESET step / nominal SET step", 0, false, 100, true,
                b -> b.asymmetry, (b, v) -> b.asymmetry = v);
        real("c2c_noise", "", "cycle-to-cycle Gaussian noise as a fraction of the step", 0, true, 10, true,
                b -> b.c2cNoise, (b, v) -> b.c2cNoise = v);
        real("d2d_gain_spread", "", "device-to-device log-normal sigma of the step gain", 0, true, 3, true,
                b -> b.d2dGainSpread, (b, v) -> b.d2dGainSpread = v);
        real("stuck_fraction", "", "fraction of devices stuck at a bound", 0, true, 1, true,
                b -> b.stuckFraction, (b, v) -> b.stuckFraction = v);
        real("stuck_high_share", "", "share of stuck devices stuck at Gmax (the rest at Gmin)", 0, true, 1, true,
                b -> b.stuckHighShare, (b, v) -> b.stuckHighShare = v);
        flag("drift", "relaxation of programmed conductances toward Gmin", b -> b.drift, (b, v) -> b.drift = v);
        real("drift_nu", "", "power-law exponent of the relaxation", 0, true, 1, true, b -> b.driftNu, (b, v) -> b.driftNu = v);
        real("drift_t0_seconds", "s", "time scale of the relaxation (modelled hardware time)", 0, false, 1e9, true,
                b -> b.driftT0Seconds, (b, v) -> b.driftT0Seconds = v);

        real("read_noise", "", "per-device read noise, fraction of the device current", 0, true, 1, true,
                b -> b.readNoise, (b, v) -> b.readNoise = v);
        real("tia_noise_amperes", "A", "TIA output noise per conversion, rms", 0, true, 1, true,
                b -> b.tiaNoiseAmperes, (b, v) -> b.tiaNoiseAmperes = v);
        real("iv_nonlinearity", "1/V^2", "k in I = G V (1 + k V^2)", 0, true, 100, true,
                b -> b.ivNonlinearity, (b, v) -> b.ivNonlinearity = v);
        flag("ir_drop", "first-order wire-resistance model on VMMs", b -> b.irDrop, (b, v) -> b.irDrop = v);
        real("wire_ohms", "ohm", "wire resistance of one cell segment", 0, true, 1000, true,
                b -> b.wireOhms, (b, v) -> b.wireOhms = v);
        bits("dac_bits", "bipolar input DAC resolution, sign included; 0 = ideal", 16, b -> b.dacBits, (b, v) -> b.dacBits = v);
        real("dac_full_scale_volts", "V", "DAC full scale; 0 = max_read_volts", 0, true, 10, true,
                b -> b.dacFullScaleVolts, (b, v) -> b.dacFullScaleVolts = v);
        bits("adc_bits", "bipolar VMM ADC resolution, sign included; 0 = ideal (no quantisation, no clipping)", 16,
                b -> b.adcBits, (b, v) -> b.adcBits = v);
        integer("max_reads_averaged", "", "most conversions one VMM output may average (K)", 1, 1024,
                b -> b.maxReadsAveraged, (b, v) -> b.maxReadsAveraged = (int) v);
        bits("read_adc_bits", "resolution of the single-device read path; 0 = ideal", 24,
                b -> b.readAdcBits, (b, v) -> b.readAdcBits = v);

        real("read_volts", "V", "configured read voltage at power-on", 0, false, 10, true,
                b -> b.readVolts, (b, v) -> b.readVolts = v);
        real("integration_seconds", "s", "configured TIA integration time at power-on", 0, false, 1, true,
                b -> b.integrationSeconds, (b, v) -> b.integrationSeconds = v);
        real("adc_full_scale_amperes", "A", "configured ADC range at power-on; 0 = automatic (docs)", 0, true, 1, true,
                b -> b.adcFullScaleAmperes, (b, v) -> b.adcFullScaleAmperes = v);
        integer("reads_averaged", "", "configured K at power-on", 1, 1024, b -> b.readsAveraged, (b, v) -> b.readsAveraged = (int) v);

        real("adc_fom_joules", "J", "ADC Walden figure of merit: energy per conversion step", 0, true, 1e-9, true,
                b -> b.adcFomJoules, (b, v) -> b.adcFomJoules = v);
        real("adc_seconds", "s", "time of one ADC conversion", 0, true, 1, true, b -> b.adcSeconds, (b, v) -> b.adcSeconds = v);
        real("dac_energy_joules", "J", "energy of one DAC conversion driving one line", 0, true, 1e-6, true,
                b -> b.dacEnergyJoules, (b, v) -> b.dacEnergyJoules = v);
        real("dac_seconds", "s", "DAC settling time", 0, true, 1, true, b -> b.dacSeconds, (b, v) -> b.dacSeconds = v);

        real("max_volts", "V", "hard limit: largest abs(V) of any pulse", 0, false, 100, true,
                b -> b.maxVolts, (b, v) -> b.maxVolts = v);
        real("max_read_volts", "V", "hard limit: largest abs(V) of a read or VMM input", 0, false, 10, true,
                b -> b.maxReadVolts, (b, v) -> b.maxReadVolts = v);
        real("max_half_select_volts", "V", "hard limit: largest abs(V)/2 on half-selected devices", 0, false, 100, true,
                b -> b.maxHalfSelectVolts, (b, v) -> b.maxHalfSelectVolts = v);
        real("min_pulse_seconds", "s", "hard limit: shortest pulse", 0, false, 1, true,
                b -> b.minPulseSeconds, (b, v) -> b.minPulseSeconds = v);
        real("max_pulse_seconds", "s", "hard limit: longest pulse", 0, false, 10, true,
                b -> b.maxPulseSeconds, (b, v) -> b.maxPulseSeconds = v);
        integer("max_pulses_per_command", "", "hard limit: device pulses one request may apply (worst case)", 1, 0xFFFFFFFFL,
                b -> b.maxPulsesPerCommand, (b, v) -> b.maxPulsesPerCommand = v);
        real("max_device_amperes", "A", "hard limit: compliance per device", 0, false, 10, true,
                b -> b.maxDeviceAmperes, (b, v) -> b.maxDeviceAmperes = v);
        real("max_line_amperes", "A", "hard limit: compliance per row or column line", 0, false, 100, true,
                b -> b.maxLineAmperes, (b, v) -> b.maxLineAmperes = v);
        real("energy_budget_joules", "J", "hard limit: programming energy before refusal; 0 = none", 0, true, 1e6, true,
                b -> b.energyBudgetJoules, (b, v) -> b.energyBudgetJoules = v);

        real("heartbeat_timeout_seconds", "s", "silence after which the board goes to safe idle; 0 = never", 0, true, 86400, true,
                b -> b.heartbeatTimeoutSeconds, (b, v) -> b.heartbeatTimeoutSeconds = v);
        real("idempotency_ttl_seconds", "s", "how long responses are remembered per (session, seq)", 0, false, 86400, true,
                b -> b.idempotencyTtlSeconds, (b, v) -> b.idempotencyTtlSeconds = v);
        integer("idempotency_capacity", "", "responses remembered per session", 1, 10_000_000,
                b -> b.idempotencyCapacity, (b, v) -> b.idempotencyCapacity = (int) v);
        integer("max_frame_bytes", "B", "largest frame the board accepts and sends", 4096, 64 << 20,
                b -> b.maxFrameBytes, (b, v) -> b.maxFrameBytes = (int) v);
        integer("max_requests_in_flight", "", "unanswered requests per connection; more are refused", 1, 1_000_000,
                b -> b.maxRequestsInFlight, (b, v) -> b.maxRequestsInFlight = (int) v);
        flag("settle", "board-side settling (settle_network, settle); off: a board that leaves the loop to the host",
                b -> b.settle, (b, v) -> b.settle = v);
    }

    private final String name;
    private final String unit;
    private final String description;
    private final BiConsumer<SimConfig.Builder, String> setter;
    private final Function<SimConfig.Builder, String> getter;

    private SimParameter(String name, String unit, String description, BiConsumer<SimConfig.Builder, String> setter,
            Function<SimConfig.Builder, String> getter) {
        this.name = name;
        this.unit = unit;
        this.description = description;
        this.setter = setter;
        this.getter = getter;
    }

    /** Every parameter, in documentation order. */
    public static List<SimParameter> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
    }

    /** Names accepted in a {@code sim:} URI: {@code profile} and every parameter. */
    public static java.util.Set<String> uriNames() {
        java.util.Set<String> names = new java.util.TreeSet<>(BY_NAME.keySet());
        names.add("profile");
        return names;
    }

    /** The parameter, or an {@link IllegalArgumentException} listing the known names. */
    public static SimParameter named(String name) {
        SimParameter p = BY_NAME.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown simulator parameter '" + name + "' (known: profile, "
                    + String.join(", ", new java.util.TreeSet<>(BY_NAME.keySet())) + ")");
        }
        return p;
    }

    public String name() {
        return name;
    }

    /** SI unit symbol, empty for dimensionless values and choices. */
    public String unit() {
        return unit;
    }

    public String description() {
        return description;
    }

    void set(SimConfig.Builder b, String value) {
        setter.accept(b, value);
    }

    String get(SimConfig.Builder b) {
        return getter.apply(b);
    }

    private static void add(SimParameter p) {
        BY_NAME.put(p.name, p);
    }

    private static void real(String name, String unit, String doc, double lo, boolean loInclusive, double hi,
            boolean hiInclusive, ToDoubleFunction<SimConfig.Builder> get, ObjDoubleConsumer<SimConfig.Builder> set) {
        String bound = lo + (loInclusive ? " <= " : " < ") + name + (hiInclusive ? " <= " : " < ") + hi;
        add(new SimParameter(name, unit, doc, (b, text) -> {
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + text + " is not a number (expected: " + bound + ")");
            }
            boolean ok = Double.isFinite(v) && (loInclusive ? v >= lo : v > lo) && (hiInclusive ? v <= hi : v < hi);
            if (!ok) {
                throw new IllegalArgumentException(name + "=" + text + " (expected: " + bound + (unit.isEmpty() ? "" : " " + unit) + ")");
            }
            set.accept(b, v);
        }, b -> Double.toString(get.applyAsDouble(b))));
    }

    private static void integer(String name, String unit, String doc, long lo, long hi, ToLongFunction<SimConfig.Builder> get,
            ObjLongConsumer<SimConfig.Builder> set) {
        add(new SimParameter(name, unit, doc, (b, text) -> {
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + text + " is not an integer (expected: " + lo + ".." + hi + ")");
            }
            if (v < lo || v > hi) {
                throw new IllegalArgumentException(name + "=" + text + " (expected: " + lo + ".." + hi + ")");
            }
            set.accept(b, v);
        }, b -> Long.toString(get.applyAsLong(b))));
    }

    private static void bits(String name, String doc, int max, ToLongFunction<SimConfig.Builder> get,
            BiConsumer<SimConfig.Builder, Integer> set) {
        add(new SimParameter(name, "bits", doc, (b, text) -> {
            int v;
            try {
                v = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + text + " is not an integer (expected: 0 or 2.." + max + ")");
            }
            if (v != 0 && (v < 2 || v > max)) {
                throw new IllegalArgumentException(name + "=" + text + " (expected: 0 for ideal, or 2.." + max + ")");
            }
            set.accept(b, v);
        }, b -> Long.toString(get.applyAsLong(b))));
    }

    private static void flag(String name, String doc, java.util.function.Predicate<SimConfig.Builder> get,
            BiConsumer<SimConfig.Builder, Boolean> set) {
        add(new SimParameter(name, "", doc + " (on/off)", (b, text) -> {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "on":
                case "true":
                case "1":
                    set.accept(b, true);
                    break;
                case "off":
                case "false":
                case "0":
                    set.accept(b, false);
                    break;
                default:
                    throw new IllegalArgumentException(name + "=" + text + " (expected: on or off)");
            }
        }, b -> get.test(b) ? "on" : "off"));
    }

    private static <E> void choice(String name, String doc, Map<String, E> values, Function<SimConfig.Builder, E> get,
            BiConsumer<SimConfig.Builder, E> set) {
        Map<String, E> sorted = new java.util.TreeMap<>(values);
        add(new SimParameter(name, "", doc, (b, text) -> {
            E v = sorted.get(text.toLowerCase(Locale.ROOT));
            if (v == null) {
                throw new IllegalArgumentException(name + "=" + text + " (expected one of: " + String.join(", ", sorted.keySet()) + ")");
            }
            set.accept(b, v);
        }, b -> {
            E current = get.apply(b);
            for (Map.Entry<String, E> e : sorted.entrySet()) {
                if (e.getValue().equals(current)) {
                    return e.getKey();
                }
            }
            return String.valueOf(current);
        }));
    }
}
