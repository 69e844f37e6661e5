package org.crossbarhil.simulator.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.crossbarhil.simulator.physics.ArrayKind;
import org.crossbarhil.simulator.physics.CostParams;
import org.crossbarhil.simulator.physics.DeviceModelKind;
import org.crossbarhil.simulator.physics.DeviceParams;
import org.crossbarhil.simulator.physics.InitialState;
import org.crossbarhil.simulator.physics.PhysicsConfig;
import org.crossbarhil.simulator.physics.ReadPathParams;
import org.crossbarhil.simulator.physics.TileGeometry;

/**
 * Everything that defines one simulated board: profile, seed, physics, envelope, read-path
 * defaults, session behaviour. Immutable; built from a profile plus overrides by name
 * ({@link #fromParameters(Map)}, {@link Builder#set(String, String)}), every value checked as
 * it is set (name, value and bound in the message) and the rules across values checked by
 * {@link Builder#build()}. {@link SimParameter} lists every name.
 */
public final class SimConfig {
    /** Selectable ADC full-scale currents: 1-2-5 steps from 1 uA to 100 mA. */
    public static final List<Double> ADC_RANGES_AMPERES;

    static {
        List<Double> ranges = new ArrayList<>();
        for (int decade = -6; decade <= -2; decade++) {
            for (int m : new int[] {1, 2, 5}) {
                ranges.add(Double.parseDouble(m + "e" + decade));
            }
        }
        ranges.add(0.1);
        ADC_RANGES_AMPERES = Collections.unmodifiableList(ranges);
    }

    private final String profile;
    private final PhysicsConfig physics;
    private final EnvelopeLimits hardLimits;
    private final SessionParams session;
    private final ReadDefaults readDefaults;
    private final Map<String, String> overrides;

    private SimConfig(String profile, PhysicsConfig physics, EnvelopeLimits hardLimits, SessionParams session,
            ReadDefaults readDefaults, Map<String, String> overrides) {
        this.profile = profile;
        this.physics = physics;
        this.hardLimits = hardLimits;
        this.session = session;
        this.readDefaults = readDefaults;
        this.overrides = Map.copyOf(overrides);
    }

    /** The default profile with its default seed. */
    public static SimConfig defaults() {
        return builder().build();
    }

    /** A builder holding the default profile ({@value Profiles#DEFAULT}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A board from URI-style parameters: {@code profile} (default {@value Profiles#DEFAULT}),
     * {@code seed}, and any {@link SimParameter} by name. Unknown names are refused, listing the
     * known ones.
     */
    public static SimConfig fromParameters(Map<String, String> parameters) {
        Builder b = builder();
        String profile = parameters.get("profile");
        if (profile != null) {
            b.profile(profile);
        }
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (!e.getKey().equals("profile")) {
                b.set(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    public String profile() {
        return profile;
    }

    public long seed() {
        return physics.seed();
    }

    public PhysicsConfig physics() {
        return physics;
    }

    public EnvelopeLimits hardLimits() {
        return hardLimits;
    }

    public SessionParams session() {
        return session;
    }

    public ReadDefaults readDefaults() {
        return readDefaults;
    }

    /** Parameters set by name on top of the profile, as given (for identity and messages). */
    public Map<String, String> overrides() {
        return overrides;
    }

    @Override
    public String toString() {
        return "SimConfig{profile=" + profile + ", seed=" + seed() + ", overrides=" + overrides + "}";
    }

    /** Mutable, flat, one field per {@link SimParameter}. */
    public static final class Builder {
        String profile;
        final java.util.LinkedHashMap<String, String> overrides = new java.util.LinkedHashMap<>();

        long seed;
        int tiles;
        int rows;
        int cols;
        ArrayKind arrayKind;

        DeviceModelKind model;
        Path lutFile;
        double gMin;
        double gMax;
        double boundSpread;
        InitialState initialState;
        double vthSet;
        double vthReset;
        double vthSpread;
        double v0;
        double referenceWidthSeconds;
        double nominalSetVolts;
        double nominalResetVolts;
        double stepSet;
        double asymmetry;
        double c2cNoise;
        double d2dGainSpread;
        double stuckFraction;
        double stuckHighShare;
        boolean drift;
        double driftNu;
        double driftT0Seconds;

        double readNoise;
        double tiaNoiseAmperes;
        double ivNonlinearity;
        boolean irDrop;
        double wireOhms;
        int dacBits;
        double dacFullScaleVolts;
        int adcBits;
        int maxReadsAveraged;
        int readAdcBits;

        double readVolts;
        double integrationSeconds;
        double adcFullScaleAmperes;
        int readsAveraged;

        double adcFomJoules;
        double adcSeconds;
        double dacEnergyJoules;
        double dacSeconds;

        double maxVolts;
        double maxReadVolts;
        double maxHalfSelectVolts;
        double minPulseSeconds;
        double maxPulseSeconds;
        long maxPulsesPerCommand;
        double maxDeviceAmperes;
        double maxLineAmperes;
        double energyBudgetJoules;

        double heartbeatTimeoutSeconds;
        double idempotencyTtlSeconds;
        int idempotencyCapacity;
        int maxRequestsInFlight;
        int maxFrameBytes;
        boolean settle;

        private Builder() {
            profile(Profiles.DEFAULT);
        }

        /** Resets every value to the named profile's; overrides set so far are dropped. */
        public Builder profile(String name) {
            Profiles.apply(name, this);
            profile = name;
            overrides.clear();
            return this;
        }

        /**
         * Sets one parameter by its snake_case name from text, checking it now. An unknown name
         * is refused with the list of known ones.
         */
        public Builder set(String name, String value) {
            Objects.requireNonNull(value, name);
            SimParameter.named(name).set(this, value.strip());
            overrides.put(name, value.strip());
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            overrides.put("seed", Long.toString(seed));
            return this;
        }

        /** The current value of a parameter, as text. */
        public String get(String name) {
            return SimParameter.named(name).get(this);
        }

        public SimConfig build() {
            check(gMin < gMax, "g_min " + gMin + " must be below g_max " + gMax);
            double trunc = DeviceParams.SPREAD_TRUNCATION;
            check(gMin * Math.exp(trunc * boundSpread) < gMax * Math.exp(-trunc * boundSpread),
                    "bound_spread " + boundSpread + " lets a device's Gmin reach its Gmax (expected: g_min * exp(8 * bound_spread) < g_max)");
            check(nominalSetVolts > vthSet, "nominal_set_volts " + nominalSetVolts + " must exceed vth_set " + vthSet);
            check(nominalResetVolts > vthReset, "nominal_reset_volts " + nominalResetVolts + " must exceed vth_reset " + vthReset);
            check(vthSet - trunc * vthSpread > 0 && vthReset - trunc * vthSpread > 0,
                    "vth_spread " + vthSpread + " allows a threshold at or below 0 V (expected: < min(vth_set, vth_reset) / 4)");
            check(model != DeviceModelKind.LOOKUP_TABLE || lutFile != null, "device_model=lut needs lut_file=PATH");
            check(minPulseSeconds <= maxPulseSeconds,
                    "min_pulse_seconds " + minPulseSeconds + " > max_pulse_seconds " + maxPulseSeconds);
            double dacFs = dacFullScaleVolts == 0 ? maxReadVolts : dacFullScaleVolts;
            check(dacFs >= maxReadVolts, "dac_full_scale_volts " + dacFs + " is below max_read_volts " + maxReadVolts
                    + ": inputs the envelope allows could not be converted (0 = follow max_read_volts)");
            check(readVolts <= maxReadVolts, "read_volts " + readVolts + " exceeds max_read_volts " + maxReadVolts);
            check(readsAveraged <= maxReadsAveraged,
                    "reads_averaged " + readsAveraged + " exceeds max_reads_averaged " + maxReadsAveraged);
            double adcFs = adcFullScaleAmperes == 0 ? autoAdcRange() : adcFullScaleAmperes;
            check(ADC_RANGES_AMPERES.contains(adcFs), "adc_full_scale_amperes " + adcFs + " is not a selectable range (known: "
                    + ADC_RANGES_AMPERES + ")");
            check(maxFrameBytes >= org.crossbarhil.protocol.ProtocolVersion.MIN_MAX_FRAME_BYTES,
                    "max_frame_bytes " + maxFrameBytes + " (expected: >= " + org.crossbarhil.protocol.ProtocolVersion.MIN_MAX_FRAME_BYTES + ")");

            TileGeometry geometry = new TileGeometry(tiles, rows, cols, arrayKind);
            DeviceParams device = new DeviceParams(model, lutFile, gMin, gMax, boundSpread, initialState, vthSet, vthReset,
                    vthSpread, v0, referenceWidthSeconds, nominalSetVolts, nominalResetVolts, stepSet, asymmetry, c2cNoise,
                    d2dGainSpread, stuckFraction, stuckHighShare, drift, driftNu, driftT0Seconds);
            ReadPathParams readPath = new ReadPathParams(readNoise, tiaNoiseAmperes, ivNonlinearity, irDrop, wireOhms,
                    dacBits, dacFs, adcBits, maxReadsAveraged, readAdcBits);
            CostParams costs = new CostParams(adcFomJoules, adcSeconds, dacEnergyJoules, dacSeconds);
            EnvelopeLimits limits = new EnvelopeLimits(maxVolts, maxReadVolts, maxHalfSelectVolts, minPulseSeconds,
                    maxPulseSeconds, maxPulsesPerCommand, maxDeviceAmperes, maxLineAmperes, energyBudgetJoules);
            SessionParams session = new SessionParams(heartbeatTimeoutSeconds, idempotencyTtlSeconds, idempotencyCapacity,
                    maxFrameBytes, maxRequestsInFlight, settle);
            ReadDefaults reads = new ReadDefaults(readVolts, integrationSeconds, adcFs, readsAveraged);
            return new SimConfig(profile, new PhysicsConfig(geometry, device, readPath, costs, seed), limits, session, reads,
                    overrides);
        }

        /**
         * Smallest range at or above a quarter of the worst-case line current (every input at the
         * read voltage, every device at Gmax): inputs and conductances average well below both.
         */
        private double autoAdcRange() {
            double worst = Math.max(rows, cols) * readVolts * gMax / 4;
            for (double r : ADC_RANGES_AMPERES) {
                if (r >= worst) {
                    return r;
                }
            }
            return ADC_RANGES_AMPERES.get(ADC_RANGES_AMPERES.size() - 1);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
