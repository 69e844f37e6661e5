package org.crossbarhil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server without a browser: token rules, the page's files, the event stream's replay, /metrics. */
@Timeout(60)
class DashboardServerTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url, String header) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (header != null) {
            r.header("Authorization", header);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withATokenCheckEveryPathNeedsTheToken() throws Exception {
        try (EventLog events = new EventLog(Set.of(), 10);
                DashboardServer s = DashboardServer.builder(Page.BENCH, events).tokens(TOKEN::equals).start()) {
            assertThat(get(s.url(), null).statusCode()).isEqualTo(401);
            assertThat(get(s.url() + "web/dashboard.js", "Bearer nope").statusCode()).isEqualTo(401);
            assertThat(get(s.url(), "Bearer " + TOKEN).statusCode()).isEqualTo(200);
            HttpResponse<String> byQuery = get(s.url() + "?token=" + TOKEN, null);
            assertThat(byQuery.statusCode()).isEqualTo(200);
            assertThat(byQuery.headers().firstValue("Set-Cookie").orElse("")).contains("crossbar_token=", "HttpOnly", "SameSite=Strict");
        }
    }

    @Test
    void thePageAndItsVendoredScriptsAreServedFromTheJar() throws Exception {
        try (EventLog events = new EventLog(Set.of(), 10); DashboardServer s = DashboardServer.builder(Page.TRAINING, events).start()) {
            assertThat(s.readyLine()).matches("dashboard: http://127\\.0\\.0\\.1:\\d+/");
            assertThat(get(s.url(), null).body()).contains("web/vendor/echarts/echarts.min.js").doesNotContain("://cdn");
            HttpResponse<String> echarts = get(s.url() + "web/vendor/echarts/echarts.min.js", null);
            assertThat(echarts.statusCode()).isEqualTo(200);
            assertThat(echarts.body().length()).isGreaterThan(500_000);
            assertThat(get(s.url() + "web/../DashboardServer.class", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aPageOpenedLateIsSentTheHistoryThenTheLatestOfEachOtherKind() throws Exception {
        try (EventLog events = new EventLog(Set.of("epoch"), 10); DashboardServer s = DashboardServer.builder(Page.TRAINING, events).start()) {
            events.publish("epoch", List.of(1));
            events.publish("progress", List.of(10));
            events.publish("epoch", List.of(2));
            events.publish("progress", List.of(20));
            HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "events")).header("Accept", "text/event-stream")
                    .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null && !l.equals("event: replayed"); l = in.readLine()) {
                    if (l.startsWith("event:") || l.startsWith("data:")) {
                        lines.add(l);
                    }
                }
            }
            assertThat(lines).containsExactly("event: epoch", "data: [1]", "event: epoch", "data: [2]", "event: progress", "data: [20]");
        }
    }

    @Test
    void metricsAreServedAsPrometheusText() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("crossbar_test_total").help("a test counter").register(registry).inc(3);
        try (EventLog events = new EventLog(Set.of(), 10);
                DashboardServer s = DashboardServer.builder(Page.BENCH, events).metrics(registry).start()) {
            HttpResponse<String> m = get(s.url() + "metrics", null);
            assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(m.body()).contains("# TYPE crossbar_test_total counter", "crossbar_test_total 3.0");
        }
    }

    @Test
    void aNonLoopbackAddressIsRefusedUnlessAllowed() {
        try (EventLog events = new EventLog(Set.of(), 10)) {
            assertThatThrownBy(() -> DashboardServer.builder(Page.TRAINING, events).address(new HostPort("0.0.0.0", 0)).start())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not loopback");
        }
    }
}
