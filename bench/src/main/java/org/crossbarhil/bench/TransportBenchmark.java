package org.crossbarhil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.OuterProductSpec;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.link.serial.SerialConnector;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;

/**
 * The driver's transports measured side by side in one run (issue 4, item 8): a plain main
 * rather than JMH, because the figures wanted are ratios between transports measured in
 * alternating rounds on a shared machine, percentiles of single round trips, and the fill of a
 * paced serial line counted in bytes, none of which JMH's per-method modes give directly.
 *
 * <ul>
 *   <li><b>TCP loopback vs in-process</b> ({@code sim:}), the same simulated board
 *       ({@code taox-2x64}, seed 5) on both: one-device read latency (p50, p99) one request at a
 *       time; the read rate unpipelined and pipelined ({@code --depth}, default the driver's
 *       window of 64); and a training-like step: a forward VMM of 32 vectors on the 64x64 tile,
 *       a transposed VMM of 32 vectors, then 32 stochastic outer-product updates (one per
 *       sample, BL 31, as the trainer's default), phase after phase as the trainer runs them,
 *       with up to {@code --train-depth} requests of a phase in flight (and at depth 1).
 *       Rounds alternate between the two transports so that load on the machine hits both.
 *   <li><b>Serial</b> over a socat pty pair with the simulator's link model (8N1 pacing at
 *       {@code --baud}, default 921600, in each direction): pipelined 32x64 VMMs and whole-tile
 *       reads; the protobuf payload carried per second in each direction as a fraction of
 *       baud/10 bytes per second (the wire bytes too: payload plus framing). Skipped, saying
 *       so, without socat.
 * </ul>
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.crossbarhil.bench.TransportBenchmark
 * [--seconds 3] [--rounds 3] [--depth 64] [--train-depth 16] [--baud 921600] [--serial-depth 4] [--no-serial]
 * [--no-tcp]}.
 */
public final class TransportBenchmark {
    private static final String PROFILE = "taox-2x64";
    private static final int VECTORS = 32;
    private static final int SIDE = 64;

    private final double seconds;
    private final int rounds;
    private final int depth;
    private final int trainDepth;
    private final int baud;
    private final boolean serial;
    private final boolean tcp;
    private final int serialDepth;

    private final ReadSpec read = ReadSpec.device(0, 3, 5);
    private final VmmSpec forward;
    private final VmmSpec transposed;
    private final List<OuterProductSpec> updates = new ArrayList<>();

    private TransportBenchmark(double seconds, int rounds, int depth, int trainDepth, int baud, boolean serial, boolean tcp,
            int serialDepth) {
        this.seconds = seconds;
        this.rounds = rounds;
        this.depth = depth;
        this.trainDepth = trainDepth;
        this.baud = baud;
        this.serial = serial;
        this.tcp = tcp;
        this.serialDepth = serialDepth;
        SplittableRandom r = new SplittableRandom(1);
        forward = VmmSpec.forward(0, vectors(r));
        transposed = VmmSpec.transposed(0, vectors(r));
        for (int s = 0; s < VECTORS; s++) {
            float[] rows = new float[SIDE];
            float[] cols = new float[SIDE];
            for (int i = 0; i < SIDE; i++) {
                rows[i] = (float) (0.3 * r.nextDouble());
                cols[i] = (float) (0.6 * r.nextDouble() - 0.3);
            }
            updates.add(new OuterProductSpec(0, 0, 0, rows, cols, 31, 1.2, -1.1, 100e-9));
        }
    }

    private static float[][] vectors(SplittableRandom r) {
        float[][] v = new float[VECTORS][SIDE];
        for (float[] x : v) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.2 * r.nextDouble() - 0.1);
            }
        }
        return v;
    }

    public static void main(String[] args) throws Exception {
        double seconds = 3;
        int rounds = 3;
        int depth = 64;
        int trainDepth = 16;
        int baud = 921_600;
        boolean serial = true;
        boolean tcp = true;
        int serialDepth = 4;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, a));
                case "--depth" -> depth = Integer.parseInt(value(args, ++i, a));
                case "--train-depth" -> trainDepth = Integer.parseInt(value(args, ++i, a));
                case "--baud" -> baud = Integer.parseInt(value(args, ++i, a));
                case "--no-serial" -> serial = false;
                case "--no-tcp" -> tcp = false;
                case "--serial-depth" -> serialDepth = Integer.parseInt(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (expected: --seconds S, --rounds N, --depth D, --train-depth D, --baud B, --no-serial, --no-tcp, --serial-depth D)");
            }
        }
        if (!(seconds > 0) || rounds < 1 || depth < 1 || trainDepth < 1 || baud < 1 || serialDepth < 1) {
            throw new IllegalArgumentException("--seconds, --rounds, --depth, --train-depth, --baud and --serial-depth must be positive");
        }
        new TransportBenchmark(seconds, rounds, depth, trainDepth, baud, serial, tcp, serialDepth).run();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cpus (%s), %s %s; load average %.1f%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), loadAverage());
        System.out.printf(Locale.ROOT, "board: sim profile %s seed 5; %.1f s per measurement, %d rounds alternating transports%n",
                PROFILE, seconds, rounds);
        if (tcp) {
            tcpVersusInProcess();
        }
        if (serial) {
            serialLine();
        }
        System.out.printf(Locale.ROOT, "load average at the end %.1f%n", loadAverage());
    }

    // ---- TCP versus in-process ----

    private static DriverOptions options(String client, int window) {
        return DriverOptions.builder().clientName(client).maxInFlight(window).requestTimeout(Duration.ofSeconds(30)).build();
    }

    private void tcpVersusInProcess() throws Exception {
        SimConfig config = SimConfig.fromParameters(Map.of("profile", PROFILE, "seed", "5"));
        int window = Math.max(depth, trainDepth);
        try (SimulatorServer server = SimulatorServer.builder().config(config).listen("127.0.0.1", 0).start();
                CrossbarBoard sim = Boards.open("sim:?profile=" + PROFILE + "&seed=5", options("bench-sim", window));
                CrossbarBoard tcp = Boards.open("tcp://127.0.0.1:" + server.port(), options("bench-tcp", window))) {
            CrossbarBoard[] boards = {sim, tcp};
            String[] names = {"sim: (in-process)", "tcp loopback"};
            // Warm both paths (JIT, buffers) before any figure counts.
            for (CrossbarBoard b : boards) {
                measureFor(1.0, () -> b.readAsync(read), 1);
                trainingSteps(b, trainDepth, 1.0);
            }
            int n = boards.length;
            double[][] p50 = new double[n][rounds];
            double[][] p99 = new double[n][rounds];
            double[][] unpipelined = new double[n][rounds];
            double[][] pipelined = new double[n][rounds];
            double[][] train1 = new double[n][rounds];
            double[][] trainD = new double[n][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int t = 0; t < n; t++) {
                    CrossbarBoard b = boards[t];
                    long[] lat = latencies(b);
                    p50[t][round] = percentile(lat, 0.50) / 1e3;
                    p99[t][round] = percentile(lat, 0.99) / 1e3;
                    unpipelined[t][round] = lat.length / (Arrays.stream(lat).sum() / 1e9);
                    pipelined[t][round] = measureFor(seconds, () -> b.readAsync(read), depth);
                    train1[t][round] = trainingSteps(b, 1, seconds);
                    trainD[t][round] = trainingSteps(b, trainDepth, seconds);
                }
            }
            System.out.println();
            System.out.println("TCP loopback vs in-process, medians over rounds (per-round values in brackets)");
            row("read 1 device, p50 latency (us)", names, p50, "%.0f");
            row("read 1 device, p99 latency (us)", names, p99, "%.0f");
            row("read 1 device, unpipelined (req/s)", names, unpipelined, "%.0f");
            row("read 1 device, pipelined depth " + depth + " (req/s)", names, pipelined, "%.0f");
            row("training step, depth 1 (steps/s)", names, train1, "%.1f");
            row("training step, depth " + trainDepth + " (steps/s)", names, trainD, "%.1f");
            System.out.printf(Locale.ROOT, "training step = forward VMM 32x64 + transposed VMM 32x64 + 32 outer-product updates"
                    + " (64x64, BL 31) = %d requests%n", 2 + updates.size());
            System.out.printf(Locale.ROOT, "TCP / in-process on the training step: depth 1 %.0f%%, depth %d %.0f%% (target >= 80%%)%n",
                    100 * median(train1[1]) / median(train1[0]), trainDepth, 100 * median(trainD[1]) / median(trainD[0]));
        }
    }

    private static void row(String what, String[] names, double[][] values, String format) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-42s", what));
        for (int t = 0; t < names.length; t++) {
            sb.append(String.format(Locale.ROOT, "  %s " + format + " [", names[t], median(values[t])));
            for (int r = 0; r < values[t].length; r++) {
                sb.append(r == 0 ? "" : " ").append(String.format(Locale.ROOT, format, values[t][r]));
            }
            sb.append(']');
        }
        System.out.println(sb);
    }

    /** Round trips of one request at a time for {@code seconds}, in nanoseconds each. */
    private long[] latencies(CrossbarBoard b) {
        long[] out = new long[1 << 16];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long now;
        while ((now = System.nanoTime()) < end) {
            b.readAsync(read).join();
            long took = System.nanoTime() - now;
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = took;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Keeps {@code inFlight} requests outstanding (a new one as each completes, not in waves) for
     * {@code secs}; returns completed requests per second.
     */
    private static double measureFor(double secs, Supplier<CompletableFuture<?>> request, int inFlight) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + (long) (secs * 1e9);
        while (System.nanoTime() < end && failure.get() == null) {
            slots.acquire();
            request.get().whenComplete((v, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                done.incrementAndGet();
                slots.release();
            });
        }
        long counted = done.get();
        long elapsed = System.nanoTime() - start;
        slots.acquire(inFlight);
        if (failure.get() != null) {
            throw new IllegalStateException("a benchmark request failed: " + failure.get(), failure.get());
        }
        return counted / (elapsed / 1e9);
    }

    /** Training-like steps per second: each phase's requests (up to {@code phaseDepth} in flight) finish before the next phase. */
    private double trainingSteps(CrossbarBoard b, int phaseDepth, double secs) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (secs * 1e9);
        int steps = 0;
        do {
            b.vmmAsync(forward).join();
            b.vmmAsync(transposed).join();
            Semaphore slots = new Semaphore(phaseDepth);
            List<CompletableFuture<?>> phase = new ArrayList<>(updates.size());
            for (OuterProductSpec u : updates) {
                slots.acquire();
                phase.add(b.outerProductUpdateAsync(u).whenComplete((v, e) -> slots.release()));
            }
            for (CompletableFuture<?> f : phase) {
                f.join();
            }
            steps++;
        } while (System.nanoTime() < end);
        return steps / ((System.nanoTime() - start) / 1e9);
    }

    // ---- serial ----

    private void serialLine() throws Exception {
        System.out.println();
        if (!onPath("socat")) {
            System.out.println("serial: SKIPPED: socat is not installed (a pty pair needs it: apt-get install socat)");
            return;
        }
        Path dir = Files.createTempDirectory("crossbar-bench-pty");
        Path hostEnd = dir.resolve("host");
        Path boardEnd = dir.resolve("board");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + hostEnd, "pty,raw,echo=0,link=" + boardEnd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!(Files.exists(hostEnd) && Files.exists(boardEnd))) {
                if (System.nanoTime() > deadline || !socat.isAlive()) {
                    throw new IOException("socat did not create the pty pair within 5 s (see " + dir.resolve("socat.log") + ")");
                }
                Thread.sleep(20);
            }
            SimConfig config = SimConfig.fromParameters(Map.of("profile", PROFILE, "seed", "5"));
            CountingConnector counting = new CountingConnector(new SerialConnector(hostEnd.toString(), baud));
            try (SimulatorServer server = SimulatorServer.builder().config(config).serial(boardEnd.toString(), baud)
                    .linkModel(true).start();
                    CrossbarBoard b = ProtocolBoards.open(counting, options("bench-serial", serialDepth), "serial:" + hostEnd + "?baud=" + baud)) {
                double line = baud / 10.0;
                System.out.printf(Locale.ROOT, "Serial over a socat pty pair, simulator link model at %d baud 8N1: line data rate %.0f B/s"
                        + " per direction%n", baud, line);
                // Enough in flight that the line never waits for the board (default 4), few
                // enough that requests never queue for seconds in the pty buffers.
                measureFor(1.0, () -> b.vmmAsync(forward), serialDepth);
                serialRow("vmm 32x64 forward, depth " + serialDepth, counting, line,
                        () -> measureFor(seconds * 2, () -> b.vmmAsync(forward), serialDepth));
                serialRow("read whole 64x64 tile, depth " + serialDepth, counting, line,
                        () -> measureFor(seconds * 2, () -> b.readAsync(ReadSpec.rows(0, 0, SIDE)), serialDepth));
            }
        } finally {
            socat.destroy();
            socat.waitFor();
        }
    }

    private interface Measurement {
        double run() throws Exception;
    }

    private static void serialRow(String what, CountingConnector c, double line, Measurement m) throws Exception {
        long[] before = c.snapshot();
        long t0 = System.nanoTime();
        double rate = m.run();
        double secs = (System.nanoTime() - t0) / 1e9;
        long[] after = c.snapshot();
        double toBoardPayload = (after[0] - before[0]) / secs;
        double toBoardWire = (after[1] - before[1]) / secs;
        double toHostPayload = (after[2] - before[2]) / secs;
        double toHostWire = (after[3] - before[3]) / secs;
        System.out.printf(Locale.ROOT, "  %-34s %.1f req/s; host->board payload %.0f B/s = %.1f%% of line (wire %.1f%%);"
                        + " board->host payload %.0f B/s = %.1f%% of line (wire %.1f%%)%n",
                what, rate, toBoardPayload, 100 * toBoardPayload / line, 100 * toBoardWire / line,
                toHostPayload, 100 * toHostPayload / line, 100 * toHostWire / line);
    }

    /**
     * Counts what crosses the link in each direction: wire bytes, and the protobuf payload of
     * every whole frame (decoded by a tap decoder of its own).
     */
    private static final class CountingConnector implements Connector {
        private final Connector inner;
        private final AtomicLong toBoardPayload = new AtomicLong();
        private final AtomicLong toBoardWire = new AtomicLong();
        private final AtomicLong toHostPayload = new AtomicLong();
        private final AtomicLong toHostWire = new AtomicLong();

        CountingConnector(Connector inner) {
            this.inner = inner;
        }

        long[] snapshot() {
            return new long[] {toBoardPayload.get(), toBoardWire.get(), toHostPayload.get(), toHostWire.get()};
        }

        @Override
        public Link connect(LinkHandler handler, Duration timeout) throws IOException {
            FrameDecoder inTap = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES << 4, new FrameDecoder.Listener() {
                @Override
                public void onResponse(Response response) {
                    toHostPayload.addAndGet(response.getSerializedSize());
                }
            });
            FrameDecoder outTap = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES << 4, new FrameDecoder.Listener() {
                @Override
                public void onRequest(Request request) {
                    toBoardPayload.addAndGet(request.getSerializedSize());
                }
            });
            Link link = inner.connect(new LinkHandler() {
                @Override
                public void onBytes(byte[] data, int offset, int length) {
                    toHostWire.addAndGet(length);
                    inTap.feed(data, offset, length);
                    handler.onBytes(data, offset, length);
                }

                @Override
                public void onClosed(Throwable cause) {
                    handler.onClosed(cause);
                }
            }, timeout);
            return new Link() {
                @Override
                public void send(byte[] frame) throws IOException {
                    synchronized (outTap) {
                        toBoardWire.addAndGet(frame.length);
                        outTap.feed(frame);
                    }
                    link.send(frame);
                }

                @Override
                public String describe() {
                    return link.describe();
                }

                @Override
                public void close() {
                    link.close();
                }
            };
        }

        @Override
        public String describe() {
            return inner.describe();
        }
    }

    // ---- small helpers ----

    private static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux: the model stays unknown.
        }
        return "model unknown";
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
