package org.crossbarhil.gateway;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.LongSupplier;

/**
 * The gateway's Prometheus metrics, in a registry of its own (not the library's global one, so
 * two gateways in one process, as in tests, count apart). The dashboard serves it as
 * {@code /metrics}; docs/gateway.md lists the names.
 */
public final class GatewayMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("crossbar_gateway_requests_total")
            .help("Requests answered, by operation and status").labelNames("operation", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("crossbar_gateway_request_duration_seconds")
            .help("Time from a request's arrival to its answer, by operation").unit(Unit.SECONDS).labelNames("operation")
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
    private final Counter leaseChanges = Counter.builder().name("crossbar_gateway_lease_changes_total")
            .help("Control lease taken or ended").labelNames("change").register(registry);
    private final Counter safetyEvents = Counter.builder().name("crossbar_gateway_safety_events_total")
            .help("Safety events from the board: fault, safe idle, working limits changed, restart").labelNames("kind").register(registry);
    private final Histogram auditWrite = Histogram.builder().name("crossbar_gateway_audit_write_duration_seconds")
            .help("Time to append (and force, for commands) one audit line").unit(Unit.SECONDS)
            .classicUpperBounds(0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5).register(registry);

    GatewayMetrics() {
    }

    /** Metrics read when scraped: the upstream link's reconnects and the clients connected. */
    void watch(LongSupplier linkReconnects, LongSupplier clients) {
        CounterWithCallback.builder().name("crossbar_gateway_link_reconnects_total")
                .help("Reconnections of the link to the board behind the gateway")
                .callback(c -> c.call(linkReconnects.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("crossbar_gateway_clients").help("Client connections open")
                .callback(c -> c.call(clients.getAsLong())).register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    void answered(String operation, String status, long startNanos) {
        requests.labelValues(operation, status).inc();
        latency.labelValues(operation).observe((System.nanoTime() - startNanos) / 1e9);
    }

    void leaseChanged(String change) {
        leaseChanges.labelValues(change).inc();
    }

    void safetyEvent(String kind) {
        safetyEvents.labelValues(kind).inc();
    }

    void auditWritten(long startNanos) {
        auditWrite.observe((System.nanoTime() - startNanos) / 1e9);
    }
}
