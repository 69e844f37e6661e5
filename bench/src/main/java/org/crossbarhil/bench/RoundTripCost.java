package org.crossbarhil.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.ReadSpec;

/**
 * What one request at a time costs on each of several board URIs, and in which process: the
 * round-trip latency (median over rounds of each round's p50 and p99), and, on Linux, the
 * context switches and CPU time per request of every process named with {@code --pid}
 * (the board server, a gateway), read from {@code /proc}. Rounds alternate between the URIs, so
 * load from elsewhere on the machine hits them alike; the counts are steadier than times on a
 * busy machine and say where the time goes (a thread hand-over costs a switch on each side).
 *
 * <p>Run against servers started by hand, e.g. a simulator and two gateways in front of it:
 * {@code java -cp bench/target/benchmarks.jar org.crossbarhil.bench.RoundTripCost
 * [--requests 5000] [--rounds 8] [--pid NAME=PID]... URI...}.
 */
public final class RoundTripCost {
    private static final ReadSpec READ = ReadSpec.device(0, 3, 5);

    public static void main(String[] args) throws Exception {
        int requests = 5000;
        int rounds = 8;
        Map<String, String> pids = new LinkedHashMap<>();
        pids.put("client", "self");
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--requests":
                    requests = Integer.parseInt(args[++i]);
                    break;
                case "--rounds":
                    rounds = Integer.parseInt(args[++i]);
                    break;
                case "--pid": {
                    String[] kv = args[++i].split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--pid takes NAME=PID, not " + args[i]);
                    }
                    pids.put(kv[0], kv[1]);
                    break;
                }
                default:
                    uris.add(args[i]);
            }
        }
        if (uris.isEmpty() || requests < 100 || rounds < 2) {
            System.err.println("usage: RoundTripCost [--requests N>=100] [--rounds R>=2] [--pid NAME=PID]... URI...");
            System.exit(2);
        }
        List<CrossbarBoard> boards = new ArrayList<>();
        for (String uri : uris) {
            boards.add(Boards.open(uri));
        }
        try {
            long[][] p50 = new long[uris.size()][rounds - 1];
            long[][] p99 = new long[uris.size()][rounds - 1];
            long[][] switches = new long[uris.size()][pids.size()];
            long[][] cpuTicks = new long[uris.size()][pids.size()];
            // round 0 warms every path up and is not counted
            for (int round = 0; round < rounds; round++) {
                for (int u = 0; u < uris.size(); u++) {
                    Map<String, long[]> before = counters(pids);
                    long[] t = new long[requests];
                    for (int i = 0; i < requests; i++) {
                        long start = System.nanoTime();
                        boards.get(u).read(READ);
                        t[i] = System.nanoTime() - start;
                    }
                    Map<String, long[]> after = counters(pids);
                    if (round > 0) {
                        Arrays.sort(t);
                        p50[u][round - 1] = t[requests / 2];
                        p99[u][round - 1] = t[requests * 99 / 100];
                        int p = 0;
                        for (String pid : pids.values()) {
                            long[] d = delta(pid, before, after);
                            switches[u][p] += d[0];
                            cpuTicks[u][p] += d[1];
                            p++;
                        }
                    }
                }
            }
            long counted = (long) requests * (rounds - 1);
            double microsPerTick = 1e6 / 100; // USER_HZ is 100 on Linux
            for (int u = 0; u < uris.size(); u++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: p50 %.0f us, p99 %.0f us;", uris.get(u),
                        median(p50[u]) / 1e3, median(p99[u]) / 1e3));
                int p = 0;
                for (String name : pids.keySet()) {
                    line.append(String.format(Locale.ROOT, " %s %.2f switches %.1f us CPU;", name, switches[u][p] / (double) counted,
                            cpuTicks[u][p] * microsPerTick / counted));
                    p++;
                }
                System.out.println(line);
            }
        } finally {
            for (CrossbarBoard b : boards) {
                b.close();
            }
        }
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    /**
     * Per process, per thread ("pid/tid"): {voluntary + involuntary context switches, user +
     * system clock ticks}. Deltas are taken per thread, so a thread that ends between two
     * snapshots drops out instead of making the sum go backwards.
     */
    private static Map<String, long[]> counters(Map<String, String> pids) throws IOException {
        Map<String, long[]> out = new HashMap<>();
        for (String pid : pids.values()) {
            Path tasks = Path.of("/proc", pid, "task");
            if (!Files.isDirectory(tasks)) {
                continue;
            }
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    try {
                        long switches = 0;
                        for (String line : Files.readAllLines(thread.resolve("status"))) {
                            if (line.contains("ctxt_switches")) {
                                switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                        String stat = Files.readString(thread.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        out.put(pid + "/" + thread.getFileName(), new long[] {switches, Long.parseLong(f[11]) + Long.parseLong(f[12])});
                    } catch (IOException | RuntimeException threadEnded) {
                        // ended between listing and reading
                    }
                }
            }
        }
        return out;
    }

    /** {switches, ticks} of process {@code pid} between the snapshots, over threads alive at the second. */
    private static long[] delta(String pid, Map<String, long[]> before, Map<String, long[]> after) {
        long[] d = new long[2];
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            if (e.getKey().startsWith(pid + "/")) {
                long[] b = before.getOrDefault(e.getKey(), new long[2]);
                d[0] += e.getValue()[0] - b[0];
                d[1] += e.getValue()[1] - b[1];
            }
        }
        return d;
    }

    private RoundTripCost() {
    }
}
