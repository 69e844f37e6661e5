package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crossbar serve --http} with a token, as its own process: the page and /metrics refuse a
 * request without the token; with it, headless Chromium shows the bench, and the run of a
 * trainer that publishes to the gateway (holding its lease) appears there live.
 */
@Timeout(300)
class GatewayDashboardBrowserIT {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Pattern READY = Pattern.compile("^ready: tcp 127\\.0\\.0\\.1:(\\d+)$");
    private static final Pattern DASHBOARD = Pattern.compile("^dashboard: (http://127\\.0\\.0\\.1:\\d+/)$");

    @TempDir
    Path dir;
    private Process serve;
    private int gatewayPort;
    private String page;
    private Path tokenFile;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startGateway() throws Exception {
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--board", "sim:", "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString(), "--http", "127.0.0.1:0", "--audit-log", dir.resolve("audit.jsonl").toString()));
        serve = new ProcessBuilder(cmd).redirectError(dir.resolve("serve.err").toFile()).start();
        CompletableFuture<String[]> lines = CompletableFuture.supplyAsync(() -> {
            String port = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    Matcher ready = READY.matcher(l);
                    Matcher dash = DASHBOARD.matcher(l);
                    if (ready.matches()) {
                        port = ready.group(1);
                    } else if (dash.matches() && port != null) {
                        return new String[] {port, dash.group(1)};
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new IllegalStateException("crossbar serve ended without its ready and dashboard lines");
        });
        String[] got = lines.get(60, TimeUnit.SECONDS);
        gatewayPort = Integer.parseInt(got[0]);
        page = got[1];
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (serve != null) {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(page + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndTheMetricsNeedTheToken() throws Exception {
        assertThat(get("", null).statusCode()).isEqualTo(401);
        assertThat(get("", "wrong-token-wrong-token").statusCode()).isEqualTo(401);
        assertThat(get("metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("events", null).statusCode()).isEqualTo(401);
        assertThat(get("web/vendor/echarts/echarts.min.js", null).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get("", TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("shared bench");
    }

    @Test
    void theMetricsScrapeIsPrometheusTextThatPromtoolAccepts() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "no promtool (apt-get install prometheus)");
        // some traffic first, so that the labelled series exist
        CliRun info = CliRun.of("info", "tcp://127.0.0.1:" + gatewayPort + "?token-file=" + tokenFile);
        assertThat(info.code()).as(info.err()).isZero();
        HttpResponse<String> scrape = get("metrics", TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(scrape.body()).contains("crossbar_gateway_requests_total{operation=\"info\",status=\"STATUS_OK\"} 1",
                "crossbar_gateway_request_duration_seconds_bucket{operation=\"info\"", "crossbar_gateway_link_reconnects_total 0",
                "crossbar_gateway_audit_write_duration_seconds_count");
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(scrape.body().getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as("promtool check metrics said: " + said).isZero();
    }

    @Test
    void aBrowserWithTheTokenSeesTheBenchAndTheRunHoldingTheLease() throws Exception {
        try (Browser browser = Browser.start()) {
            browser.driver.get(page);
            assertThat(browser.driver.getPageSource()).as("without the token").contains("token required").doesNotContain("shared bench");

            browser.driver.get(page + "?token=" + TOKEN);
            browser.await(Duration.ofSeconds(30), "a bench update", d -> browser.number("return window.crossbarBench.updates") >= 1 ? true : null);
            try (BackgroundCli train = new BackgroundCli("train", "--board", "tcp://127.0.0.1:" + gatewayPort + "?token-file=" + tokenFile,
                    "--epochs", "5", "--train-size", "1500", "--test-size", "300", "--publish-to", page, "--publish-token-file",
                    tokenFile.toString(), "--run-db", dir.resolve("runs.db").toString())) {
                String epochs = "return window.crossbarRun.epochs.length";
                browser.await(Duration.ofSeconds(120), "the run's epochs on the gateway's page", d -> browser.number(epochs) >= 2 ? true : null);
                assertThat(browser.js("return window.crossbarBench.last.gateway.leaseHolder")).as("lease holder shown").isNotNull();
                browser.await(Duration.ofSeconds(60), "the run's heatmaps", d -> browser.number("return window.crossbarRun.heatmaps") > 0
                        ? true : null);
                assertThat(browser.colouredPixels("[data-role=tiles] [data-heatmap]")).isGreaterThan(5000);
                browser.await(Duration.ofSeconds(30), "request rates by operation",
                        d -> browser.number("return Object.keys(window.crossbarBench.last.operations).length") > 2 ? true : null);
                browser.screenshot("dashboard-gateway.png");
                assertThat(train.awaitExit(Duration.ofSeconds(180))).as(train.toString()).isZero();
            }
        }
    }
}
