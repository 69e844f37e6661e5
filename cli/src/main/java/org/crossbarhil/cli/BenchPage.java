package org.crossbarhil.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.crossbarhil.dashboard.DashboardServer;
import org.crossbarhil.dashboard.EventLog;
import org.crossbarhil.dashboard.HostPort;
import org.crossbarhil.dashboard.Page;
import org.crossbarhil.dashboard.PemKeyStore;
import org.crossbarhil.dashboard.TrainingView;
import org.crossbarhil.gateway.Gateway;
import org.crossbarhil.gateway.TokenFile;

/** {@code crossbar serve --http}: the gateway's page, its /metrics, and the run progress trainers publish to it. */
final class BenchPage implements AutoCloseable {
    private final EventLog events;
    private final BenchFeed feed;
    private final DashboardServer server;

    private BenchPage(EventLog events, BenchFeed feed, DashboardServer server) {
        this.events = events;
        this.feed = feed;
        this.server = server;
    }

    static BenchPage start(Gateway gateway, ServeCommand c) {
        HostPort where = HostPort.parse(c.http);
        Predicate<String> tokens = tokenCheck(c);
        if (!where.loopback() && tokens == null) {
            throw new IllegalArgumentException("--http " + c.http + " is beyond loopback: it needs --token-file, as --listen does");
        }
        EventLog events = new EventLog(TrainingView.HISTORY, LiveView.MAX_HISTORY);
        DashboardServer.Builder b = DashboardServer.builder(Page.BENCH, events).address(where).allowRemote(!where.loopback())
                .tokens(tokens).metrics(gateway.metrics().registry()).acceptRunProgress(true);
        if (c.tlsCert != null) {
            // the store lives in memory only; its password just has to be one
            char[] password = Long.toHexString(new SecureRandom().nextLong()).toCharArray();
            b.tls(PemKeyStore.load(c.tlsCert, c.tlsKey, password), password);
        }
        DashboardServer server;
        try {
            server = b.start();
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
        return new BenchPage(events, new BenchFeed(gateway, events), server);
    }

    /** The protocol's tokens (client or administrator), or null when the gateway takes none. */
    private static Predicate<String> tokenCheck(ServeCommand c) {
        List<byte[]> accepted = new ArrayList<>();
        if (c.tokenFile != null) {
            accepted.add(TokenFile.read(c.tokenFile, "token file").getBytes(StandardCharsets.UTF_8));
        }
        if (c.adminTokenFile != null) {
            accepted.add(TokenFile.read(c.adminTokenFile, "admin token file").getBytes(StandardCharsets.UTF_8));
        }
        if (accepted.isEmpty()) {
            return null;
        }
        // constant time, as the protocol's check
        return presented -> {
            byte[] p = presented.getBytes(StandardCharsets.UTF_8);
            boolean ok = false;
            for (byte[] a : accepted) {
                ok |= MessageDigest.isEqual(a, p);
            }
            return ok;
        };
    }

    String readyLine() {
        return server.readyLine();
    }

    @Override
    public void close() {
        feed.close();
        server.close();
        events.close();
    }
}
