package org.crossbarhil.driver;

import java.time.Duration;
import java.util.Objects;

/**
 * How the driver talks to a board: timeouts, retransmissions, heartbeat, identity. Immutable;
 * {@link #newBuilder()} copies it. Values are checked as they are set.
 */
public final class DriverOptions {
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetransmissions;
    private final Duration heartbeatInterval;
    private final boolean reconnect;
    private final Duration reconnectWindow;
    private final boolean reconnectUntilClosed;
    private final Duration maxReconnectBackoff;
    private final String clientName;
    private final String authToken;
    private final long sessionId;
    private final int maxInFlight;
    private final int maxFrameBytes;

    private DriverOptions(Builder b) {
        connectTimeout = b.connectTimeout;
        requestTimeout = b.requestTimeout;
        maxRetransmissions = b.maxRetransmissions;
        heartbeatInterval = b.heartbeatInterval;
        reconnect = b.reconnect;
        reconnectWindow = b.reconnectWindow;
        reconnectUntilClosed = b.reconnectUntilClosed;
        maxReconnectBackoff = b.maxReconnectBackoff;
        clientName = b.clientName;
        authToken = b.authToken;
        sessionId = b.sessionId;
        maxInFlight = b.maxInFlight;
        maxFrameBytes = b.maxFrameBytes;
    }

    /** Defaults: 5 s connect, 10 s per attempt, 2 retransmissions, 1 s heartbeat, reconnect on. */
    public static DriverOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder newBuilder() {
        return new Builder(this);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long one attempt of a request waits for its response before retransmitting. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxRetransmissions() {
        return maxRetransmissions;
    }

    /** Zero disables heartbeats. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public boolean reconnect() {
        return reconnect;
    }

    /** How long the driver keeps trying to re-establish a dropped link before failing requests. */
    public Duration reconnectWindow() {
        return reconnectWindow;
    }

    /**
     * Whether a lost link is tried again until the session is closed, whatever the window: for a
     * gateway, which must come back after an outage of any length. Calls still fail by their own
     * timeouts meanwhile.
     */
    public boolean reconnectUntilClosed() {
        return reconnectUntilClosed;
    }

    /** The longest wait between two reconnect attempts (the wait doubles from 50 ms up to it). */
    public Duration maxReconnectBackoff() {
        return maxReconnectBackoff;
    }

    public String clientName() {
        return clientName;
    }

    /** Token for gateways; null when none. Never logged. */
    public String authToken() {
        return authToken;
    }

    /**
     * The 64-bit idempotency session id to send in Hello, or 0 (the default): each open then draws
     * its own random id and keeps it across that board's reconnects. An id drawn per options object
     * would be shared by every board opened with it, and two such boards on one board would
     * collide on the same keys. Set one only to resume a session on purpose.
     */
    public long sessionId() {
        return sessionId;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    @Override
    public String toString() {
        return "DriverOptions{connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetransmissions=" + maxRetransmissions + ", heartbeatInterval=" + heartbeatInterval
                + ", reconnect=" + reconnect + ", clientName=" + clientName + ", token=" + (authToken == null ? "none" : "***")
                + ", maxInFlight=" + maxInFlight + ", maxFrameBytes=" + maxFrameBytes + "}";
    }

    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxRetransmissions = 2;
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private boolean reconnect = true;
        private Duration reconnectWindow = Duration.ofSeconds(30);
        private boolean reconnectUntilClosed;
        private Duration maxReconnectBackoff = Duration.ofSeconds(2);
        private String clientName = defaultClientName();
        private String authToken;
        private long sessionId;
        private int maxInFlight = 64;
        private int maxFrameBytes = org.crossbarhil.protocol.ProtocolVersion.DEFAULT_MAX_FRAME_BYTES;

        private Builder() {
        }

        private Builder(DriverOptions o) {
            connectTimeout = o.connectTimeout;
            requestTimeout = o.requestTimeout;
            maxRetransmissions = o.maxRetransmissions;
            heartbeatInterval = o.heartbeatInterval;
            reconnect = o.reconnect;
            reconnectWindow = o.reconnectWindow;
            reconnectUntilClosed = o.reconnectUntilClosed;
            maxReconnectBackoff = o.maxReconnectBackoff;
            clientName = o.clientName;
            authToken = o.authToken;
            sessionId = o.sessionId;
            maxInFlight = o.maxInFlight;
            maxFrameBytes = o.maxFrameBytes;
        }

        private static String defaultClientName() {
            String user = System.getProperty("user.name", "user");
            return user + "@" + ProcessHandle.current().pid();
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }

        public Builder connectTimeout(Duration d) {
            connectTimeout = positive("connectTimeout", d);
            return this;
        }

        public Builder requestTimeout(Duration d) {
            requestTimeout = positive("requestTimeout", d);
            return this;
        }

        public Builder maxRetransmissions(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRetransmissions: " + n + " (expected: >= 0)");
            }
            maxRetransmissions = n;
            return this;
        }

        public Builder heartbeatInterval(Duration d) {
            Objects.requireNonNull(d, "heartbeatInterval");
            if (d.isNegative()) {
                throw new IllegalArgumentException("heartbeatInterval: " + d + " (expected: >= 0, 0 = off)");
            }
            heartbeatInterval = d;
            return this;
        }

        public Builder reconnect(boolean on) {
            reconnect = on;
            return this;
        }

        public Builder reconnectWindow(Duration d) {
            reconnectWindow = positive("reconnectWindow", d);
            return this;
        }

        public Builder reconnectUntilClosed(boolean on) {
            reconnectUntilClosed = on;
            return this;
        }

        public Builder maxReconnectBackoff(Duration d) {
            maxReconnectBackoff = positive("maxReconnectBackoff", d);
            return this;
        }

        public Builder clientName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("clientName must not be blank");
            }
            clientName = name;
            return this;
        }

        public Builder authToken(String token) {
            authToken = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /** An explicit session id, to resume a session; 0 (the default) draws a fresh one per open. */
        public Builder sessionId(long id) {
            sessionId = id;
            return this;
        }

        public Builder maxInFlight(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxInFlight: " + n + " (expected: >= 1)");
            }
            maxInFlight = n;
            return this;
        }

        public Builder maxFrameBytes(int n) {
            if (n < org.crossbarhil.protocol.ProtocolVersion.MIN_MAX_FRAME_BYTES) {
                throw new IllegalArgumentException("maxFrameBytes: " + n + " (expected: >= "
                        + org.crossbarhil.protocol.ProtocolVersion.MIN_MAX_FRAME_BYTES + ")");
            }
            maxFrameBytes = n;
            return this;
        }

        public DriverOptions build() {
            return new DriverOptions(this);
        }
    }
}
