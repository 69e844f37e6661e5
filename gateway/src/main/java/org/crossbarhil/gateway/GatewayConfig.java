package org.crossbarhil.gateway;

import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.crossbarhil.protocol.ProtocolVersion;

/**
 * How a {@link Gateway} serves its board: where it listens, who may connect, and the limits each
 * client lives within. Immutable; values are checked as they are set, rules across fields in
 * {@link Builder#build()}. Tokens are held but never printed ({@link #toString()} masks them).
 *
 * <p>The one rule across fields that matters most: a gateway listens beyond loopback only with a
 * token, because without one anybody who can reach the port can pulse the devices.
 */
public final class GatewayConfig {
    /** A token shorter than this is too easy to guess for a service that drives hardware. */
    public static final int MIN_TOKEN_CHARS = 16;
    /** The shortest lease a client may ask for: shorter ones expire between two heartbeats. */
    public static final Duration MIN_LEASE = Duration.ofMillis(100);

    private final String host;
    private final int port;
    private final SslContext ssl;
    private final String token;
    private final String adminToken;
    private final Path auditLog;
    private final boolean auditFsync;
    private final int maxClients;
    private final int maxHandshakes;
    private final int maxHandshakesPerAddress;
    private final int maxInFlightPerClient;
    private final int maxFrameBytes;
    private final long maxUnsentBytes;
    private final int maxBadFrames;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final Duration defaultLease;
    private final Duration maxLease;
    private final boolean autoLease;
    private final Duration replayTtl;
    private final int replayCapacity;
    private final long replayBytes;
    private final Duration exitOnBoardLoss;

    private GatewayConfig(Builder b) {
        exitOnBoardLoss = b.exitOnBoardLoss;
        host = b.host;
        port = b.port;
        ssl = b.ssl;
        token = b.token;
        adminToken = b.adminToken;
        auditLog = b.auditLog;
        auditFsync = b.auditFsync;
        maxClients = b.maxClients;
        maxHandshakes = b.maxHandshakes;
        maxHandshakesPerAddress = b.maxHandshakesPerAddress;
        maxInFlightPerClient = b.maxInFlightPerClient;
        maxFrameBytes = b.maxFrameBytes;
        maxUnsentBytes = b.maxUnsentBytes;
        maxBadFrames = b.maxBadFrames;
        handshakeTimeout = b.handshakeTimeout;
        idleTimeout = b.idleTimeout;
        defaultLease = b.defaultLease;
        maxLease = b.maxLease;
        autoLease = b.autoLease;
        replayTtl = b.replayTtl;
        replayCapacity = b.replayCapacity;
        replayBytes = b.replayBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder newBuilder() {
        return new Builder(this);
    }

    public String host() {
        return host;
    }

    /** 0 picks a free port; {@link Gateway#address()} tells which. */
    public int port() {
        return port;
    }

    /** The server's TLS context, or null for plain TCP. */
    public SslContext ssl() {
        return ssl;
    }

    public boolean tls() {
        return ssl != null;
    }

    /** The token every client must present in Hello, or null when none is required. */
    String token() {
        return token;
    }

    /** The token that makes a client an administrator (may loosen limits), or null. */
    String adminToken() {
        return adminToken;
    }

    public boolean requiresToken() {
        return token != null;
    }

    /** Where write-class commands are recorded, or null for no audit log. */
    public Path auditLog() {
        return auditLog;
    }

    /** Whether each command line is forced to the storage device (true) or only handed to the OS. */
    public boolean auditFsync() {
        return auditFsync;
    }

    /** How long the board may stay unreachable before the gateway stops; zero: never. */
    public Duration exitOnBoardLoss() {
        return exitOnBoardLoss;
    }

    /** Clients served at once: connections that authenticated. */
    public int maxClients() {
        return maxClients;
    }

    /** Connections that may wait for their handshake at once, beside the clients (see {@link Admission}). */
    public int maxHandshakes() {
        return maxHandshakes;
    }

    /** Of {@link #maxHandshakes()}, how many may come from one address. */
    public int maxHandshakesPerAddress() {
        return maxHandshakesPerAddress;
    }

    public int maxInFlightPerClient() {
        return maxInFlightPerClient;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public long maxUnsentBytes() {
        return maxUnsentBytes;
    }

    public int maxBadFrames() {
        return maxBadFrames;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration defaultLease() {
        return defaultLease;
    }

    public Duration maxLease() {
        return maxLease;
    }

    /** Whether the first write of a client takes the lease when it is free (see docs/gateway.md). */
    public boolean autoLease() {
        return autoLease;
    }

    public Duration replayTtl() {
        return replayTtl;
    }

    public int replayCapacity() {
        return replayCapacity;
    }

    public long replayBytes() {
        return replayBytes;
    }

    @Override
    public String toString() {
        return "GatewayConfig{listen=" + host + ":" + port + (ssl != null ? " (tls)" : "") + ", token="
                + (token == null ? "none" : "***") + ", adminToken=" + (adminToken == null ? "none" : "***") + ", auditLog="
                + auditLog + ", maxClients=" + maxClients + ", maxHandshakes=" + maxHandshakes + " (" + maxHandshakesPerAddress
                + " per address), maxInFlightPerClient=" + maxInFlightPerClient
                + ", maxFrameBytes=" + maxFrameBytes + ", handshakeTimeout=" + handshakeTimeout + ", idleTimeout="
                + idleTimeout + ", defaultLease=" + defaultLease + ", autoLease=" + autoLease + "}";
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 7700;
        private SslContext ssl;
        private String token;
        private String adminToken;
        private Path auditLog;
        private boolean auditFsync = true;
        private int maxClients = 16;
        private int maxHandshakes = 32;
        private int maxHandshakesPerAddress = 8;
        // The driver keeps up to 64 requests in flight, plus a heartbeat and an abort beside them.
        private int maxInFlightPerClient = 128;
        private int maxFrameBytes = 1024 * 1024;
        private long maxUnsentBytes = 16L * 1024 * 1024;
        private int maxBadFrames = 16;
        // Short: the driver says Hello as soon as it connects (TLS included, milliseconds on a lab network).
        private Duration handshakeTimeout = Duration.ofSeconds(3);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration defaultLease = Duration.ofSeconds(10);
        private Duration maxLease = Duration.ofMinutes(10);
        private boolean autoLease = true;
        private Duration replayTtl = Duration.ofSeconds(60);
        private Duration exitOnBoardLoss = Duration.ZERO;
        private int replayCapacity = 512;
        private long replayBytes = 4L * 1024 * 1024;

        private Builder() {
        }

        private Builder(GatewayConfig c) {
            host = c.host;
            port = c.port;
            ssl = c.ssl;
            token = c.token;
            adminToken = c.adminToken;
            auditLog = c.auditLog;
            auditFsync = c.auditFsync;
            maxClients = c.maxClients;
            maxHandshakes = c.maxHandshakes;
            maxHandshakesPerAddress = c.maxHandshakesPerAddress;
            maxInFlightPerClient = c.maxInFlightPerClient;
            maxFrameBytes = c.maxFrameBytes;
            maxUnsentBytes = c.maxUnsentBytes;
            maxBadFrames = c.maxBadFrames;
            handshakeTimeout = c.handshakeTimeout;
            idleTimeout = c.idleTimeout;
            defaultLease = c.defaultLease;
            maxLease = c.maxLease;
            autoLease = c.autoLease;
            replayTtl = c.replayTtl;
            replayCapacity = c.replayCapacity;
            replayBytes = c.replayBytes;
        }

        /** Host or address to listen on (default 127.0.0.1) and port (0 = any free port). */
        public Builder listen(String host, int port) {
            if (Objects.requireNonNull(host, "host").isBlank()) {
                throw new IllegalArgumentException("listen host is empty (expected: an address such as 127.0.0.1)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("listen port: " + port + " (expected: 0..65535, 0 = any free port)");
            }
            this.host = host;
            this.port = port;
            return this;
        }

        /** Serves TLS with this server context (see {@link Tls#serverContext}); null for plain TCP. */
        public Builder tls(SslContext serverContext) {
            if (serverContext != null && !serverContext.isServer()) {
                throw new IllegalArgumentException("tls: a client SslContext was given (expected: a server context)");
            }
            this.ssl = serverContext;
            return this;
        }

        /** The token clients must present; null for none. Surrounding whitespace is ignored. */
        public Builder token(String token) {
            this.token = checkedToken("token", token);
            return this;
        }

        /** The token of administrators (who may loosen working limits); null for none. */
        public Builder adminToken(String token) {
            this.adminToken = checkedToken("admin token", token);
            return this;
        }

        private static String checkedToken(String what, String token) {
            if (token == null) {
                return null;
            }
            String t = token.strip();
            if (t.length() < MIN_TOKEN_CHARS) {
                throw new IllegalArgumentException(what + " has " + t.length() + " characters (expected: at least "
                        + MIN_TOKEN_CHARS + "; e.g. openssl rand -hex 32)");
            }
            return t;
        }

        public Builder auditLog(Path file) {
            this.auditLog = file;
            return this;
        }

        /**
         * True (the default): force each command line to the storage device before forwarding
         * the command. False: hand it to the operating system only (a write instead of a device
         * flush; the line survives a crash of the gateway, not a power cut).
         */
        public Builder auditFsync(boolean on) {
            this.auditFsync = on;
            return this;
        }

        public Builder maxClients(int n) {
            this.maxClients = atLeast("maxClients", n, 1);
            return this;
        }

        /**
         * Connections that may wait for their handshake at once (default 32). They never take a
         * client slot; when the pool is full, a new connection pushes out the one that has waited
         * longest, so silent connections cannot keep a token holder out.
         */
        public Builder maxHandshakes(int n) {
            this.maxHandshakes = atLeast("maxHandshakes", n, 1);
            return this;
        }

        /** Of the handshake pool, how many connections one address may hold (default 8); its oldest goes first. */
        public Builder maxHandshakesPerAddress(int n) {
            this.maxHandshakesPerAddress = atLeast("maxHandshakesPerAddress", n, 1);
            return this;
        }

        public Builder maxInFlightPerClient(int n) {
            this.maxInFlightPerClient = atLeast("maxInFlightPerClient", n, 1);
            return this;
        }

        /** Largest frame a client may send and is sent (decoded size); also announced in Hello. */
        public Builder maxFrameBytes(int n) {
            this.maxFrameBytes = atLeast("maxFrameBytes", n, ProtocolVersion.MIN_MAX_FRAME_BYTES);
            return this;
        }

        /** A client with more than this many response bytes it has not read is cut off. */
        public Builder maxUnsentBytes(long n) {
            if (n < maxFrameBytes) {
                throw new IllegalArgumentException("maxUnsentBytes: " + n + " (expected: >= maxFrameBytes " + maxFrameBytes + ")");
            }
            this.maxUnsentBytes = n;
            return this;
        }

        /** Undecodable frames (garbage, bad CRC, wrong direction) a client may send before it is cut off. */
        public Builder maxBadFrames(int n) {
            this.maxBadFrames = atLeast("maxBadFrames", n, 0);
            return this;
        }

        /** A connection that has not completed Hello this long after it opened is closed (default 3 s). */
        public Builder handshakeTimeout(Duration d) {
            this.handshakeTimeout = positive("handshakeTimeout", d);
            return this;
        }

        /** A client that sends no complete request for this long is disconnected. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = positive("idleTimeout", d);
            return this;
        }

        /** The lease a client gets when it asks for duration 0 or takes it by writing. */
        public Builder defaultLease(Duration d) {
            this.defaultLease = positive("defaultLease", d);
            return this;
        }

        public Builder maxLease(Duration d) {
            this.maxLease = positive("maxLease", d);
            return this;
        }

        public Builder autoLease(boolean on) {
            this.autoLease = on;
            return this;
        }

        /** How long a client session's responses are remembered for retransmissions. */
        public Builder replayTtl(Duration d) {
            this.replayTtl = positive("replayTtl", d);
            return this;
        }

        /**
         * After the board has been unreachable this long, the gateway gives up and stops (for a
         * supervisor to restart it; {@link Gateway#boardLost()}); zero, the default: it keeps
         * trying the board until it is closed.
         */
        public Builder exitOnBoardLoss(Duration d) {
            Objects.requireNonNull(d, "exitOnBoardLoss");
            if (d.isNegative()) {
                throw new IllegalArgumentException("exitOnBoardLoss: " + d + " (expected: > 0, or 0 = never)");
            }
            this.exitOnBoardLoss = d;
            return this;
        }

        public Builder replayCapacity(int n) {
            this.replayCapacity = atLeast("replayCapacity", n, 1);
            return this;
        }

        public Builder replayBytes(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("replayBytes: " + n + " (expected: >= 1)");
            }
            this.replayBytes = n;
            return this;
        }

        private static int atLeast(String name, int n, int min) {
            if (n < min) {
                throw new IllegalArgumentException(name + ": " + n + " (expected: >= " + min + ")");
            }
            return n;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }

        /**
         * @throws IllegalArgumentException for a non-loopback address without a token, an admin
         *         token equal to the client token, a default lease out of its range, or more
     *         handshakes per address than in the whole pool
         */
        public GatewayConfig build() {
            if (token == null && !isLoopback(host)) {
                throw new IllegalArgumentException("refusing to listen on " + host + " without a token: it is not a loopback "
                        + "address, so anyone who reaches the port could pulse the devices (give a token file, or listen on "
                        + "127.0.0.1)");
            }
            if (adminToken != null && adminToken.equals(token)) {
                throw new IllegalArgumentException("the admin token equals the client token (expected: a different secret, "
                        + "or every client would be an administrator)");
            }
            if (defaultLease.compareTo(MIN_LEASE) < 0 || defaultLease.compareTo(maxLease) > 0) {
                throw new IllegalArgumentException("defaultLease: " + defaultLease + " (expected: " + MIN_LEASE + " .. maxLease "
                        + maxLease + ")");
            }
            if (maxHandshakesPerAddress > maxHandshakes) {
                throw new IllegalArgumentException("maxHandshakesPerAddress " + maxHandshakesPerAddress + " > maxHandshakes "
                        + maxHandshakes + " (expected: at most the whole pool)");
            }
            if (maxUnsentBytes < maxFrameBytes) {
                throw new IllegalArgumentException("maxUnsentBytes " + maxUnsentBytes + " < maxFrameBytes " + maxFrameBytes
                        + " (expected: room for at least one whole response)");
            }
            return new GatewayConfig(this);
        }

        static boolean isLoopback(String host) {
            try {
                InetAddress[] all = InetAddress.getAllByName(host);
                for (InetAddress a : all) {
                    if (!a.isLoopbackAddress()) {
                        return false;
                    }
                }
                return all.length > 0;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("listen host " + host + " cannot be resolved: " + e.getMessage(), e);
            }
        }
    }
}
