package org.crossbarhil.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.gateway.Gateway;
import org.crossbarhil.gateway.GatewayConfig;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the gateway costs: the same requests to a simulated board served over TCP, sent directly
 * ({@code path=direct}) or through a gateway in front of that same server ({@code path=gateway},
 * one more TCP hop, the gateway's checks, idempotency memory and re-encoding). The board is the
 * {@code taox-2x64} profile; a client holds the lease in the gateway case as a trainer would.
 *
 * <ul>
 *   <li>{@code pipelined}: {@value #DEPTH} requests in flight (the driver's window), throughput in
 *       requests per second. The target: the gateway delivers at least 75% of the direct rate.
 *   <li>{@code oneAtATime}: one request after the other; sample mode gives p50/p99 latency.
 * </ul>
 * Workloads: {@code vmm32x64}, the trainer's batched forward VMM (32 vectors of 64 inputs);
 * {@code read1}, one device read (the smallest request: pure protocol and transport overhead).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar GatewayBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class GatewayBenchmark {
    static final int DEPTH = 64;

    @Param({"direct", "gateway"})
    public String path;

    @Param({"vmm32x64", "read1"})
    public String workload;

    private SimulatorServer server;
    private Gateway gateway;
    private CrossbarBoard board;
    private VmmSpec vmm;
    private final ReadSpec read = ReadSpec.device(0, 3, 5);

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = SimulatorServer.builder().config(SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "5")))
                .listen("127.0.0.1", 0).start();
        String uri = "tcp://127.0.0.1:" + server.port();
        if (path.equals("gateway")) {
            gateway = Gateway.open(uri, GatewayConfig.builder().listen("127.0.0.1", 0).build());
            uri = gateway.clientUri();
        }
        board = Boards.open(uri, DriverOptions.builder().clientName("gateway-benchmark").maxInFlight(DEPTH)
                .requestTimeout(Duration.ofSeconds(30)).build());
        if (gateway != null) {
            board.lease(org.crossbarhil.driver.LeaseAction.ACQUIRE, Duration.ofMinutes(10));
        }
        float[][] vectors = new float[32][64];
        SplittableRandom r = new SplittableRandom(1);
        for (float[] v : vectors) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.1 * r.nextDouble());
            }
        }
        vmm = VmmSpec.forward(0, vectors);
    }

    @TearDown(Level.Trial)
    public void stop() {
        board.close();
        if (gateway != null) {
            gateway.close();
        }
        server.close();
    }

    private CompletableFuture<?> one() {
        return workload.equals("vmm32x64") ? board.vmmAsync(vmm) : board.readAsync(read);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(DEPTH)
    public void pipelined(Blackhole bh) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>(DEPTH);
        for (int i = 0; i < DEPTH; i++) {
            inFlight.add(one());
        }
        for (CompletableFuture<?> f : inFlight) {
            bh.consume(f.join());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object oneAtATime() {
        return one().join();
    }

    /**
     * CPU time per request, which a busy shared machine disturbs far less than throughput:
     * client, gateway and board run in this one JVM, so the process's CPU time divided by the
     * requests is what a request costs in total on each path. Three rounds per path and workload
     * (the first warms up the JIT).
     *
     * <p>Run: {@code java -cp bench/target/benchmarks.jar 'org.crossbarhil.bench.GatewayBenchmark$CpuPerRequest'
     * [direct gateway | gateway direct]}
     */
    public static final class CpuPerRequest {
        public static void main(String[] args) throws Exception {
            // The order is an argument: whichever path runs second finds the board's code warmer.
            for (String path : args.length > 0 ? args : new String[] {"direct", "gateway"}) {
                for (String workload : new String[] {"read1", "vmm32x64"}) {
                    GatewayBenchmark b = new GatewayBenchmark();
                    b.path = path;
                    b.workload = workload;
                    b.start();
                    try {
                        int n = (workload.equals("read1") ? 20_000 : 4_000) / DEPTH * DEPTH;
                        for (int round = 1; round <= 3; round++) {
                            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                            long cpu0 = os.getProcessCpuTime();
                            long t0 = System.nanoTime();
                            for (int done = 0; done < n; done += DEPTH) {
                                List<CompletableFuture<?>> inFlight = new ArrayList<>(DEPTH);
                                for (int i = 0; i < DEPTH; i++) {
                                    inFlight.add(b.one());
                                }
                                inFlight.forEach(CompletableFuture::join);
                            }
                            double wall = (System.nanoTime() - t0) / 1e9;
                            System.out.printf(java.util.Locale.ROOT, "%-7s %-8s round %d: %6.0f requests/s, %6.1f us CPU per request%n",
                                    path, workload, round, n / wall, (os.getProcessCpuTime() - cpu0) / 1e3 / n);
                        }
                    } finally {
                        b.stop();
                    }
                }
            }
        }
    }
}
