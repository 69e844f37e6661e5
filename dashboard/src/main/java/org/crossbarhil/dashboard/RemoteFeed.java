package org.crossbarhil.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Publishes a run's events to a gateway's page ({@code POST URL/run/KIND}, with the gateway's
 * token), so an observer of the bench sees the run without a connection to the trainer.
 *
 * <p>Posts go out one at a time, in order, on their own thread; when the gateway falls behind by
 * more than {@code backlog} events the newest are dropped (the page is a view: training does not
 * wait for it). The first failure is reported once, through {@code warn}.
 */
public final class RemoteFeed implements Feed {
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ThreadPoolExecutor poster;
    private final Consumer<String> warn;
    private volatile boolean warned;

    public RemoteFeed(URI gatewayPage, String token, int backlog, Consumer<String> warn) {
        if (!"http".equals(gatewayPage.getScheme()) && !"https".equals(gatewayPage.getScheme())) {
            throw new IllegalArgumentException("gateway page '" + gatewayPage + "' (expected: http://HOST:PORT/ or https://HOST:PORT/)");
        }
        this.base = gatewayPage.getPath().endsWith("/") ? gatewayPage : URI.create(gatewayPage + "/");
        this.token = token;
        this.warn = warn;
        this.poster = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(backlog), r -> {
            Thread t = new Thread(r, "dashboard-publish");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    @Override
    public void publish(String kind, Object data) {
        String json = JsonText.write(data);
        poster.execute(() -> post(kind, json));
    }

    private void post(String kind, String json) {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve("run/" + kind)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                warnOnce("the gateway page " + base + " refused run event '" + kind + "': HTTP " + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException e) {
            warnOnce("cannot publish the run to " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            warn.accept(message + " (further failures not reported; training goes on)");
        }
    }

    /** Sends what is queued (for up to 5 s), then stops. */
    @Override
    public void close() {
        poster.shutdown();
        try {
            poster.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
