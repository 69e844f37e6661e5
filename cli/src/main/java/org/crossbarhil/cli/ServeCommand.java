package org.crossbarhil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.gateway.Gateway;
import org.crossbarhil.gateway.GatewayConfig;
import org.crossbarhil.gateway.Tls;
import org.crossbarhil.gateway.TokenFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crossbar serve}: a gateway that owns one board and shares it with network clients
 * (docs/gateway.md). Prints {@code ready: tcp HOST:PORT} (or {@code tls}) once it accepts
 * connections; SIGTERM or Ctrl-C puts the board in safe idle before the process exits.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Share one board with network clients over TCP or TLS, speaking the same protocol as the board.",
            "One client at a time holds the control lease and may pulse, program and configure; the others",
            "observe (info, events, telemetry, ledger, reads, VMM). A client's first write takes the lease when",
            "it is free; heartbeats renew it; it ends on release, expiry or disconnect, and the board then goes",
            "to safe idle. Listens on loopback unless told otherwise, and only with a token beyond it.",
            "Prints 'ready: tcp HOST:PORT' (or tls) when accepting; SIGTERM or Ctrl-C idles the board and exits.",
            "",
            "Clients: crossbar info tcp://HOST:PORT (tls://HOST:PORT?ca=CERT.pem for TLS); the token comes from",
            "CROSSBAR_TOKEN or a token-file=FILE parameter of the URI."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--board", required = true, paramLabel = "URI",
            description = "The board to share: sim:[?...], serial:PATH[?baud=B], tcp://HOST:PORT, ...")
    String board;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7700",
            description = "Address and port to listen on (default: ${DEFAULT-VALUE}; port 0 = any free port). "
                    + "An address beyond loopback needs --token-file.")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the token every client must present (surrounding whitespace ignored; "
                    + "at least " + GatewayConfig.MIN_TOKEN_CHARS + " characters, e.g. openssl rand -hex 32).")
    Path tokenFile;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the administrator token: its holder may also loosen the working safety limits "
                    + "(up to the board's hard limits). Without it nobody may loosen them through the gateway.")
    Path adminTokenFile;

    @Option(names = "--http", paramLabel = "[HOST:]PORT",
            description = "Also serve the bench's page (identity, limits, lease, clients, request rates and latencies, link, "
                    + "safety events, audit lines, the run holding the lease) and /metrics (Prometheus text). Loopback unless "
                    + "HOST is given; HTTPS with --tls-cert; the same token as the protocol when --token-file is given.")
    String http;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Server certificate chain (PEM): serve TLS. Needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of --tls-cert (PEM, unencrypted PKCS#8).")
    Path tlsKey;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Append every write-class command (who, when, what) as a JSON line, forced to disk before the "
                    + "command is forwarded.")
    Path auditLog;

    /** How an audit line reaches the disk before its command is forwarded. */
    enum AuditSync {
        FSYNC,
        OS
    }

    @Option(names = "--audit-sync", paramLabel = "fsync|os", defaultValue = "FSYNC",
            description = "fsync (default): force each command line to the storage device before forwarding the command; "
                    + "os: hand it to the operating system only (survives a crash of the gateway, not a power cut; "
                    + "much faster on slow disks).")
    AuditSync auditSync;

    @Option(names = "--max-clients", paramLabel = "N", defaultValue = "16",
            description = "Clients served at once (default: ${DEFAULT-VALUE}): connections that authenticated; more are "
                    + "refused with a reason.")
    int maxClients;

    @Option(names = "--max-handshakes", paramLabel = "N", defaultValue = "32",
            description = "Connections that may wait for their handshake at once, beside the clients (default: "
                    + "${DEFAULT-VALUE}); they never take a client's place, and when the pool is full a new connection "
                    + "pushes out the one that has waited longest.")
    int maxHandshakes;

    @Option(names = "--max-handshakes-per-address", paramLabel = "N", defaultValue = "8",
            description = "Of those, how many one address may hold (default: ${DEFAULT-VALUE}); its oldest goes first.")
    int maxHandshakesPerAddress;

    @Option(names = "--handshake-timeout", paramLabel = "SECONDS", defaultValue = "3",
            description = "Close a connection that has not completed Hello this long after it opened (default: "
                    + "${DEFAULT-VALUE}).")
    double handshakeSeconds;

    @Option(names = "--lease-seconds", paramLabel = "SECONDS", defaultValue = "10",
            description = "Control lease term when a client asks for none or takes it by writing (default: ${DEFAULT-VALUE}); "
                    + "every request or heartbeat of the holder renews it.")
    double leaseSeconds;

    @Option(names = "--explicit-lease",
            description = "Grant the lease only on request (lease acquire), never by a first write.")
    boolean explicitLease;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Disconnect a client that sends nothing for this long (default: ${DEFAULT-VALUE}; the driver "
                    + "sends heartbeats every second).")
    double idleSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds the gateway waits for each answer of the board before retransmitting "
                    + "(default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--exit-on-board-loss", paramLabel = "SECONDS",
            description = "Stop with exit code 3 once the board has been unreachable this long, for a supervisor to restart "
                    + "the gateway (default: never; the gateway keeps trying the board and answers clients UNAVAILABLE "
                    + "meanwhile).")
    Double exitOnBoardLossSeconds;

    @Mixin
    OutputFiles outputs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        warnIfShared(err, tokenFile, "--token-file");
        warnIfShared(err, adminTokenFile, "--admin-token-file");
        Gateway gateway = Gateway.open(board, upstreamOptions(), config);
        CountDownLatch closed = new CountDownLatch(1);
        // SIGTERM and Ctrl-C run shutdown hooks: this one idles the board before the JVM exits
        // (with the usual 128 + signal status, 143 for SIGTERM, as docker and systemd expect).
        BenchPage[] pages = new BenchPage[1];
        Thread hook = new Thread(() -> {
            if (pages[0] != null) {
                pages[0].close();
            }
            stop(gateway, err);
            closed.countDown();
        }, "crossbar-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("ready: " + gateway.readyLine());
        out.flush();
        BenchPage page = http == null ? null : BenchPage.start(gateway, this);
        pages[0] = page;
        if (page != null) {
            out.println(page.readyLine());
            out.flush();
        }
        gateway.boardLost().thenAccept(why -> {
            err.println("crossbar serve: " + why + " (--exit-on-board-loss): stopping, for a supervisor to restart the gateway");
            err.flush();
            closed.countDown();
        });
        closed.await();
        if (gateway.boardLost().isDone()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                return Main.EXIT_LINK; // a signal came first: the hook stops the gateway
            }
            if (page != null) {
                page.close();
            }
            stop(gateway, err);
            return Main.EXIT_LINK;
        }
        return Main.EXIT_OK;
    }

    private static void stop(Gateway gateway, PrintWriter err) {
        err.println("crossbar serve: stopping; " + gateway.stats().accepted() + " clients served, "
                + gateway.stats().forwarded() + " requests forwarded");
        err.flush();
        err.println("crossbar serve: stopped; " + gateway.stop());
        err.flush();
    }

    GatewayConfig config() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together (expected: both, or neither for plain TCP)");
        }
        GatewayConfig.Builder b = GatewayConfig.builder();
        HostPort hp = HostPort.parse(listen);
        b.listen(hp.host(), hp.port());
        if (tokenFile != null) {
            b.token(TokenFile.read(tokenFile, "token file"));
        }
        if (adminTokenFile != null) {
            b.adminToken(TokenFile.read(adminTokenFile, "admin token file"));
        }
        if (tlsCert != null) {
            b.tls(Tls.serverContext(tlsCert, tlsKey));
        }
        if (auditSync == AuditSync.OS && auditLog == null) {
            throw new IllegalArgumentException("--audit-sync os needs --audit-log FILE");
        }
        outputs.checkFile("--audit-log", auditLog);
        return b.auditLog(auditLog)
                .auditFsync(auditSync == AuditSync.FSYNC)
                .maxClients(maxClients)
                .maxHandshakes(maxHandshakes)
                .maxHandshakesPerAddress(maxHandshakesPerAddress)
                .handshakeTimeout(seconds("--handshake-timeout", handshakeSeconds))
                .defaultLease(seconds("--lease-seconds", leaseSeconds))
                .autoLease(!explicitLease)
                .idleTimeout(seconds("--idle-timeout", idleSeconds))
                .exitOnBoardLoss(exitOnBoardLossSeconds == null ? Duration.ZERO : seconds("--exit-on-board-loss", exitOnBoardLossSeconds))
                .build();
    }

    private DriverOptions upstreamOptions() {
        return Gateway.upstreamOptions().newBuilder().requestTimeout(seconds("--timeout", timeoutSeconds)).build();
    }

    private static Duration seconds(String option, double s) {
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException(option + ": " + s + " (expected: seconds > 0)");
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    private static void warnIfShared(PrintWriter err, Path file, String option) {
        if (file != null && TokenFile.readableByOthers(file)) {
            err.println("crossbar serve: warning: " + option + " " + file + " is readable by other users (chmod 600 " + file + ")");
        }
    }

    /** HOST:PORT, [IPv6]:PORT. */
    record HostPort(String host, int port) {
        static HostPort parse(String text) {
            String t = text.strip();
            String host;
            String port;
            if (t.startsWith("[")) {
                int close = t.indexOf("]:");
                if (close < 0) {
                    throw usage(text);
                }
                host = t.substring(1, close);
                port = t.substring(close + 2);
            } else {
                int colon = t.lastIndexOf(':');
                if (colon <= 0 || t.indexOf(':') != colon) {
                    throw usage(text);
                }
                host = t.substring(0, colon);
                port = t.substring(colon + 1);
            }
            try {
                return new HostPort(host, Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw usage(text);
            }
        }

        private static IllegalArgumentException usage(String text) {
            return new IllegalArgumentException("--listen: '" + text + "' (expected: HOST:PORT, e.g. 127.0.0.1:7700 or [::1]:7700)");
        }
    }
}
