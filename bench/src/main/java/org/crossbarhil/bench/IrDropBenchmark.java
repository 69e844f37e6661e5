package org.crossbarhil.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.physics.CrossbarArray;
import org.crossbarhil.simulator.physics.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The VMM with wire resistance against the same VMM without it, side by side in one run: a
 * Braille-sized batch (16 vectors) forward on a 64x64 TaOx tile, full read path. {@code irDrop}
 * keeps the conductances fixed (the steady state between two updates); {@code irDropWithUpdates}
 * pulses one device every {@link #VMMS_PER_UPDATE} calls, the rate at which Braille training
 * changes a tile's conductances between VMMs (docs/benchmarks.md, "IR drop"), so any work redone
 * per conductance state is paid at the rate training pays it.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar IrDropBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class IrDropBenchmark {
    static final int SIZE = 64;
    static final int VECTORS = 16;
    static final int VMMS_PER_UPDATE = 17;

    private CrossbarArray ideal;
    private CrossbarArray wired;
    private CrossbarArray updated;
    private float[] volts;
    private double range;
    private int calls;
    private int pulsed;

    @Setup(Level.Trial)
    public void setUp() {
        ideal = array("off");
        wired = array("on");
        updated = array("on");
        Rng rng = new Rng(11);
        volts = new float[VECTORS * SIZE];
        for (int i = 0; i < volts.length; i++) {
            volts[i] = (float) (0.2 * (1 - rng.nextDouble()));
        }
        range = SimConfig.fromParameters(Map.of("profile", "taox-2x64")).readDefaults().adcFullScaleAmperes();
    }

    private static CrossbarArray array(String irDrop) {
        return new CrossbarArray(SimConfig.fromParameters(Map.of("profile", "taox-2x64", "ir_drop", irDrop,
                "max_line_amperes", "100")).physics());
    }

    /** Without wire resistance. */
    @Benchmark
    public float[] irFree() {
        return ideal.vmm(0, false, VECTORS, 0, SIZE, 0, SIZE, volts, range, 1, 1e-6).amperes();
    }

    /** With wire resistance, conductances unchanged between calls. */
    @Benchmark
    public float[] irDrop() {
        return wired.vmm(0, false, VECTORS, 0, SIZE, 0, SIZE, volts, range, 1, 1e-6).amperes();
    }

    /** With wire resistance and one pulse (a new conductance state) every VMMS_PER_UPDATE calls. */
    @Benchmark
    public float[] irDropWithUpdates() {
        if (++calls % VMMS_PER_UPDATE == 0) {
            int device = pulsed++ % (SIZE * SIZE);
            updated.pulse(0, device / SIZE, device % SIZE, 1.2, 100e-9, 1, () -> false);
        }
        return updated.vmm(0, false, VECTORS, 0, SIZE, 0, SIZE, volts, range, 1, 1e-6).amperes();
    }
}
