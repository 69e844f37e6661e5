package org.crossbarhil.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.KeyStore;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * One dashboard web server (Javalin on Jetty): the page, its vendored scripts, its event stream
 * ({@code /events}, server-sent events), and optionally {@code /metrics} (Prometheus text),
 * {@code /api/runs} (recorded runs) and {@code POST /run/KIND} (progress a trainer publishes to a
 * gateway's page).
 *
 * <p>With a token check, every path needs the token: {@code Authorization: Bearer TOKEN}, or
 * {@code ?token=TOKEN} once (the server then sets an HTTP-only cookie, so the page's scripts and
 * its event stream carry it). Without the token the answer is 401 and nothing else.
 */
public final class DashboardServer implements AutoCloseable {
    static final String WEB = "/org/crossbarhil/dashboard/web/";
    static final String COOKIE = "crossbar_token";
    /** Kinds a trainer may publish to a gateway's page, relayed there as {@code run.KIND}. */
    public static final Set<String> RUN_KINDS = Set.of("run", "stage", "progress", "epoch", "reference", "conductances", "safety");

    private final Javalin app;
    private final String url;

    private DashboardServer(Builder b) {
        Page page = b.page;
        EventLog events = b.events;
        Predicate<String> tokens = b.tokenCheck;
        boolean tls = b.keyStore != null;
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            if (tls) {
                KeyStore ks = b.keyStore;
                char[] pw = b.keyStorePassword;
                config.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setKeyStore(ks);
                    ssl.setKeyStorePassword(new String(pw));
                    ServerConnector c = new ServerConnector(server, ssl);
                    c.setHost(b.address.host());
                    c.setPort(b.address.port());
                    return c;
                });
            }
        });
        if (tokens != null) {
            app.before(ctx -> authorise(ctx, tokens, tls));
        }
        app.get("/", ctx -> resource(ctx, page.file));
        app.get("/web/<path>", ctx -> resource(ctx, ctx.pathParam("path")));
        app.sse("/events", events::join);
        if (b.metrics != null) {
            PrometheusRegistry registry = b.metrics;
            PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
            app.get("/metrics", ctx -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                writer.write(out, registry.scrape());
                ctx.contentType(writer.getContentType()).result(out.toByteArray());
            });
        }
        if (b.runs != null) {
            RunsSource runs = b.runs;
            app.get("/api/runs", ctx -> ctx.json(runs.runs()));
            app.get("/api/runs/{id}", ctx -> {
                long id;
                try {
                    id = Long.parseLong(ctx.pathParam("id"));
                } catch (NumberFormatException e) {
                    throw new BadRequestResponse("run id '" + ctx.pathParam("id") + "' is not a number");
                }
                ctx.json(runs.epochs(id));
            });
        }
        if (b.acceptRunProgress) {
            app.post("/run/{kind}", ctx -> {
                String kind = ctx.pathParam("kind");
                if (!RUN_KINDS.contains(kind)) {
                    throw new NotFoundResponse("unknown run event '" + kind + "' (expected one of " + RUN_KINDS + ")");
                }
                JsonNode body;
                try {
                    body = JsonText.MAPPER.readTree(ctx.bodyAsBytes());
                } catch (IOException e) {
                    throw new BadRequestResponse("run event '" + kind + "': body is not JSON");
                }
                events.publish("run." + kind, body);
                ctx.status(204);
            });
        }
        if (tls) {
            app.start();
        } else {
            app.start(b.address.host(), b.address.port());
        }
        int port = tls ? ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort() : app.port();
        String host = b.address.host().contains(":") ? "[" + b.address.host() + "]" : b.address.host();
        url = (tls ? "https" : "http") + "://" + host + ":" + port + "/";
    }

    public static Builder builder(Page page, EventLog events) {
        return new Builder(page, events);
    }

    /** The address the page is served at, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return url;
    }

    /** The line printed when the page is up. */
    public String readyLine() {
        return "dashboard: " + url;
    }

    private static void authorise(Context ctx, Predicate<String> tokens, boolean tls) {
        String header = ctx.header("Authorization");
        String query = ctx.queryParam("token");
        String cookie = ctx.cookie(COOKIE);
        if (header != null && header.startsWith("Bearer ") && tokens.test(header.substring(7).strip())) {
            return;
        }
        if (query != null && tokens.test(query)) {
            Cookie c = new Cookie(COOKIE, query);
            c.setHttpOnly(true);
            c.setSameSite(SameSite.STRICT);
            c.setSecure(tls);
            c.setPath("/");
            ctx.cookie(c);
            return;
        }
        if (cookie != null && tokens.test(cookie)) {
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"crossbar gateway\"");
        throw new UnauthorizedResponse("token required: open the page as /?token=TOKEN or send Authorization: Bearer TOKEN");
    }

    private static void resource(Context ctx, String name) {
        if (name.contains("..")) {
            throw new NotFoundResponse(name);
        }
        InputStream in = DashboardServer.class.getResourceAsStream(WEB + name);
        if (in == null) {
            throw new NotFoundResponse(name);
        }
        try (in) {
            ctx.contentType(contentType(name)).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return ContentType.TEXT_HTML.getMimeType() + "; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript" + "; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return ContentType.TEXT_CSS.getMimeType() + "; charset=utf-8";
        }
        return ContentType.TEXT_PLAIN.getMimeType() + "; charset=utf-8";
    }

    @Override
    public void close() {
        app.stop();
    }

    /** What a dashboard serves, checked as it is set. */
    public static final class Builder {
        private final Page page;
        private final EventLog events;
        private HostPort address = new HostPort(HostPort.LOOPBACK, 0);
        private boolean remoteAllowed;
        private Predicate<String> tokenCheck;
        private KeyStore keyStore;
        private char[] keyStorePassword;
        private PrometheusRegistry metrics;
        private RunsSource runs;
        private boolean acceptRunProgress;

        private Builder(Page page, EventLog events) {
            this.page = Objects.requireNonNull(page, "page");
            this.events = Objects.requireNonNull(events, "events");
        }

        public Builder address(HostPort address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Allows a non-loopback address (it was given on purpose). */
        public Builder allowRemote(boolean allowed) {
            this.remoteAllowed = allowed;
            return this;
        }

        /** Requires a token accepted by this check on every path. */
        public Builder tokens(Predicate<String> check) {
            this.tokenCheck = check;
            return this;
        }

        /** Serves HTTPS with this key store (private key and certificate chain). */
        public Builder tls(KeyStore store, char[] password) {
            this.keyStore = Objects.requireNonNull(store, "store");
            this.keyStorePassword = password.clone();
            return this;
        }

        public Builder metrics(PrometheusRegistry registry) {
            this.metrics = registry;
            return this;
        }

        public Builder runs(RunsSource source) {
            this.runs = source;
            return this;
        }

        /** Accepts {@code POST /run/KIND} from a trainer whose board this gateway serves. */
        public Builder acceptRunProgress(boolean accept) {
            this.acceptRunProgress = accept;
            return this;
        }

        /** Starts serving; the page is up when this returns. */
        public DashboardServer start() {
            if (!remoteAllowed && !address.loopback()) {
                throw new IllegalArgumentException("dashboard address " + address.host() + ":" + address.port()
                        + " is not loopback: other machines could reach it (expected: a loopback address, or allow it on purpose)");
            }
            return new DashboardServer(this);
        }
    }
}
