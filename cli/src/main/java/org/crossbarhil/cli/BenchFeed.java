package org.crossbarhil.cli;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.dashboard.Feed;
import org.crossbarhil.gateway.Gateway;
import org.crossbarhil.gateway.GatewayView;

/**
 * Pushes the bench's state to the gateway's page once a second: the gateway's view, and request
 * rates and mean latencies by operation over the last second, worked out from the same counters
 * {@code /metrics} serves (one source for both).
 */
final class BenchFeed implements AutoCloseable {
    static final long PERIOD_MILLIS = 1000;

    private final Gateway gateway;
    private final Feed feed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-bench");
        t.setDaemon(true);
        return t;
    });
    private Map<String, double[]> before = Map.of();
    private long beforeNanos = System.nanoTime();

    /** One operation over the last period: requests per second by status, and mean latency. */
    record Operation(Map<String, Double> perSecond, long total, double meanLatencySeconds) {
    }

    record Bench(GatewayView gateway, Map<String, Operation> operations) {
    }

    BenchFeed(Gateway gateway, Feed feed) {
        this.gateway = gateway;
        this.feed = feed;
        timer.scheduleWithFixedDelay(this::push, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void push() {
        try {
            feed.publish("bench", new Bench(gateway.view(), operations()));
        } catch (RuntimeException e) {
            // the page misses one update; the next one comes in a second
            org.slf4j.LoggerFactory.getLogger(BenchFeed.class).warn("gateway page: could not gather the bench state: {}", e.toString());
        }
    }

    /** Counts per operation and status, and latency count and sum per operation, differenced with the last call. */
    private Map<String, Operation> operations() {
        MetricSnapshots all = gateway.metrics().registry().scrape();
        Map<String, double[]> now = new HashMap<>();
        for (MetricSnapshot m : all) {
            if (m instanceof CounterSnapshot c && c.getMetadata().getName().equals("crossbar_gateway_requests")) {
                c.getDataPoints().forEach(p -> now.put(p.getLabels().get("operation") + "\u0000" + p.getLabels().get("status"),
                        new double[] {p.getValue()}));
            } else if (m instanceof HistogramSnapshot h && h.getMetadata().getName().equals("crossbar_gateway_request_duration_seconds")) {
                h.getDataPoints().forEach(p -> now.put(p.getLabels().get("operation"), new double[] {p.getCount(), p.getSum()}));
            }
        }
        long t = System.nanoTime();
        double dt = Math.max(1e-3, (t - beforeNanos) / 1e9);
        Map<String, Operation> ops = new TreeMap<>();
        now.forEach((key, v) -> {
            int z = key.indexOf('\u0000');
            if (z < 0) {
                return;
            }
            String op = key.substring(0, z);
            double[] was = before.getOrDefault(key, new double[] {0});
            double[] lat = now.getOrDefault(op, new double[] {0, 0});
            double[] latWas = before.getOrDefault(op, new double[] {0, 0});
            double n = lat[0] - latWas[0];
            Operation o = ops.computeIfAbsent(op, k -> new Operation(new TreeMap<>(), (long) lat[0], n > 0 ? (lat[1] - latWas[1]) / n : 0));
            o.perSecond().put(key.substring(z + 1), (v[0] - was[0]) / dt);
        });
        before = now;
        beforeNanos = t;
        return ops;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
