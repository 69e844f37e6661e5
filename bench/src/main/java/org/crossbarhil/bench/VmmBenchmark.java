package org.crossbarhil.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.firmware.EventSink;
import org.crossbarhil.simulator.firmware.Firmware;
import org.crossbarhil.simulator.firmware.FirmwareConnection;
import org.crossbarhil.simulator.physics.CrossbarArray;
import org.crossbarhil.simulator.physics.Rng;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's batched VMM (32 input vectors) against the physical limit of the same work on
 * this CPU: a plain, noiseless float matrix-vector product of the same size, measured in the same
 * run. {@code physics*} is the full read path of the TaOx profile: DAC, I-V nonlinearity, the
 * multiply-accumulate, per-device read noise (one Gaussian per output with the summed variance),
 * TIA noise, a 9-bit ADC with clipping, and the ledger entries. {@code firmware} adds what a
 * request costs on top: argument and envelope checks, protobuf in and out, idempotency memory.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar VmmBenchmark -f 1 -wi 2 -i 3
 * </pre>
 *
 * docs/benchmarks.md, "Simulator VMM", records the figures: the target is physicsForward at no
 * less than 25% of the speed of the faster plain product.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VmmBenchmark {
    static final int VECTORS = 32;

    @Param({"64", "1024"})
    int size;

    private CrossbarArray array;
    private float[] volts;
    private float[] g;
    private float[] y;
    private FMatrixRMaj vMatrix;
    private FMatrixRMaj gMatrix;
    private FMatrixRMaj yMatrix;
    private double range;
    private FirmwareConnection connection;
    private Request.Builder vmmRequest;
    private long seq = 1;

    @Setup(Level.Trial)
    public void setUp() {
        SimConfig config = SimConfig.fromParameters(Map.of("profile", "taox", "tiles", "1", "rows", Integer.toString(size),
                "cols", Integer.toString(size), "max_line_amperes", "100"));
        array = new CrossbarArray(config.physics());
        g = array.tile(0).snapshot();
        Rng rng = new Rng(11);
        volts = new float[VECTORS * size];
        for (int i = 0; i < volts.length; i++) {
            // Activities mapped to the read voltage, none zero: the kernel skips 0 V inputs and the
            // plain product does not, so zeros would flatter the physics.
            volts[i] = (float) (0.2 * (1 - rng.nextDouble()));
        }
        y = new float[VECTORS * size];
        vMatrix = new FMatrixRMaj(VECTORS, size);
        System.arraycopy(volts, 0, vMatrix.data, 0, volts.length);
        gMatrix = new FMatrixRMaj(size, size);
        System.arraycopy(g, 0, gMatrix.data, 0, g.length);
        yMatrix = new FMatrixRMaj(VECTORS, size);
        range = config.readDefaults().adcFullScaleAmperes();

        Firmware firmware = new Firmware(config);
        connection = firmware.connect(EventSink.NONE);
        connection.handle(Request.newBuilder().setHello(HelloRequest.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR)
                .setSessionId(7)).build());
        VmmRequest.Builder vmm = VmmRequest.newBuilder().setTile(0).setDirection(VmmDirection.VMM_DIRECTION_FORWARD)
                .setVectorCount(VECTORS).setInputCount(size);
        for (float v : volts) {
            vmm.addVolts(v);
        }
        vmmRequest = Request.newBuilder().setVmm(vmm);
        Response check = connection.handle(vmmRequest.setSeq(seq++).build());
        if (check.getStatus() != Status.STATUS_OK) {
            throw new IllegalStateException("firmware refused the benchmark VMM: " + check.getMessage());
        }
    }

    /** The full physical read path, forward: 32 vectors. */
    @Benchmark
    public float[] physicsForward() {
        return array.vmm(0, false, VECTORS, 0, size, 0, size, volts, range, 1, 1e-6).amperes();
    }

    /** The same, transposed (drive columns, read rows). */
    @Benchmark
    public float[] physicsTransposed() {
        return array.vmm(0, true, VECTORS, 0, size, 0, size, volts, range, 1, 1e-6).amperes();
    }

    /** A whole VMM request through the firmware: checks, protobuf, idempotency memory, physics. */
    @Benchmark
    public Response firmware() {
        return connection.handle(vmmRequest.setSeq(seq++).build());
    }

    /** The reference: y_b = G^T v_b for 32 vectors, float, no noise, the loop order that vectorises. */
    @Benchmark
    public float[] plainMatVec() {
        int n = size;
        float[] out = y;
        java.util.Arrays.fill(out, 0f);
        for (int b = 0; b < VECTORS; b++) {
            int vb = b * n;
            for (int i = 0; i < n; i++) {
                float vi = volts[vb + i];
                int base = i * n;
                for (int j = 0; j < n; j++) {
                    out[vb + j] += vi * g[base + j];
                }
            }
        }
        return out;
    }

    /** The reference through EJML: Y = V G as one 32 x n by n x n float matrix product. */
    @Benchmark
    public FMatrixRMaj ejmlMult() {
        CommonOps_FDRM.mult(vMatrix, gMatrix, yMatrix);
        return yMatrix;
    }
}
