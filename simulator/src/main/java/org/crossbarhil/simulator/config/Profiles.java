package org.crossbarhil.simulator.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.crossbarhil.simulator.physics.ArrayKind;
import org.crossbarhil.simulator.physics.DeviceModelKind;
import org.crossbarhil.simulator.physics.InitialState;

/**
 * Named boards. {@code taox} physics follows DESIGN §4 (docs/device-model.md has the table with
 * sources); the {@code ideal} profiles keep the geometry and switch every non-ideality off: linear
 * device, no spread, no noise, no stuck devices, no nonlinearity, ideal converters.
 */
public final class Profiles {
    public static final String DEFAULT = "taox";

    private static final Map<String, Consumer<SimConfig.Builder>> PROFILES = new LinkedHashMap<>();

    static {
        PROFILES.put("taox", b -> taox(b, 32, 64));
        PROFILES.put("taox-2x64", b -> taox(b, 2, 64));
        PROFILES.put("taox-16x128", b -> taox(b, 16, 128));
        PROFILES.put("ideal", b -> ideal(taox(b, 32, 64)));
        PROFILES.put("ideal-2x64", b -> ideal(taox(b, 2, 64)));
    }

    private Profiles() {
    }

    /** Profile names, default first. */
    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(PROFILES.keySet());
    }

    static void apply(String name, SimConfig.Builder b) {
        Consumer<SimConfig.Builder> p = PROFILES.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown simulator profile '" + name + "' (known: " + String.join(", ", PROFILES.keySet()) + ")");
        }
        p.accept(b);
    }

    private static SimConfig.Builder taox(SimConfig.Builder b, int tiles, int side) {
        b.seed = 1;
        b.tiles = tiles;
        b.rows = side;
        b.cols = side;
        b.arrayKind = ArrayKind.PASSIVE;

        b.model = DeviceModelKind.SOFT_BOUNDS;
        b.lutFile = null;
        b.gMin = 1e-6;
        b.gMax = 100e-6;
        b.boundSpread = 0.10;
        b.initialState = InitialState.UNIFORM;
        b.vthSet = 0.8;
        b.vthReset = 0.7;
        b.vthSpread = 0.03;
        b.v0 = 0.1;
        b.referenceWidthSeconds = 100e-9;
        b.nominalSetVolts = 1.2;
        b.nominalResetVolts = 1.1;
        b.stepSet = 0.02;
        b.asymmetry = 1.3;
        b.c2cNoise = 0.3;
        b.d2dGainSpread = 0.3;
        b.stuckFraction = 0.01;
        b.stuckHighShare = 0.5;
        b.drift = false;
        b.driftNu = 0.02;
        b.driftT0Seconds = 1.0;

        b.readNoise = 0.01;
        b.tiaNoiseAmperes = 100e-9;
        b.ivNonlinearity = 0.2;
        b.irDrop = false;
        b.wireOhms = 1.0;
        b.dacBits = 8;
        b.dacFullScaleVolts = 0;
        b.adcBits = 9;
        b.maxReadsAveraged = 16;
        b.readAdcBits = 12;

        b.readVolts = 0.2;
        b.integrationSeconds = 100e-9;
        b.adcFullScaleAmperes = 0;
        b.readsAveraged = 1;

        b.adcFomJoules = 10e-15;
        b.adcSeconds = 10e-9;
        b.dacEnergyJoules = 0.1e-12;
        b.dacSeconds = 10e-9;

        b.maxVolts = 2.0;
        b.maxReadVolts = 0.2;
        b.maxHalfSelectVolts = 0.6;
        b.minPulseSeconds = 10e-9;
        b.maxPulseSeconds = 100e-6;
        b.maxPulsesPerCommand = 1 << 20;
        b.maxDeviceAmperes = 1e-3;
        b.maxLineAmperes = 50e-3;
        b.energyBudgetJoules = 0;

        b.heartbeatTimeoutSeconds = 5;
        b.idempotencyTtlSeconds = 300;
        b.idempotencyCapacity = 16384;
        b.maxFrameBytes = org.crossbarhil.protocol.ProtocolVersion.DEFAULT_MAX_FRAME_BYTES;
        // The driver's own window (DriverOptions.maxInFlight) is 64: a host that pipelines as the
        // driver does is never refused, and one connection's backlog on the board thread stays short.
        b.maxRequestsInFlight = 64;
        b.settle = true;
        return b;
    }

    private static SimConfig.Builder ideal(SimConfig.Builder b) {
        b.model = DeviceModelKind.LINEAR;
        b.stepSet = 0.01;
        b.asymmetry = 1.0;
        b.boundSpread = 0;
        b.vthSpread = 0;
        b.c2cNoise = 0;
        b.d2dGainSpread = 0;
        b.stuckFraction = 0;
        b.readNoise = 0;
        b.tiaNoiseAmperes = 0;
        b.ivNonlinearity = 0;
        b.dacBits = 0;
        b.adcBits = 0;
        b.readAdcBits = 0;
        return b;
    }
}
