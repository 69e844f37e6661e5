package org.crossbarhil.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.link.serial.SerialPortLink;
import org.crossbarhil.link.tcp.TcpLinkServer;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.serve.BoardConnection;
import org.crossbarhil.simulator.serve.LinkModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated board served to other processes: over TCP (any number of connections, one board),
 * or on a serial port such as one end of a socat pty pair. Prints nothing; {@link #where()} says
 * where it listens ({@code crossbar sim} prints it as its {@code ready:} line).
 *
 * <pre>
 * try (SimulatorServer s = SimulatorServer.builder().config(config).listen("127.0.0.1", 0).start()) {
 *     String uri = "tcp://127.0.0.1:" + s.port();
 * }
 * </pre>
 *
 * A serial port that closes under the server (the device vanished) is reopened every half second
 * until it comes back or the server closes. A port path that is a link (socat's {@code link=}, a
 * udev alias) is followed too: when it comes to point at another device (the pty pair was made
 * anew under other numbers), the server closes the old one and attaches to the new one, since the
 * old device may live on and never report an error.
 */
public final class SimulatorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorServer.class);

    private final SimulatedBoard board;
    private final TcpLinkServer tcp;
    private final SerialEndpoint serial;
    private final String where;

    private SimulatorServer(SimulatedBoard board, TcpLinkServer tcp, SerialEndpoint serial, String where) {
        this.board = board;
        this.tcp = tcp;
        this.serial = serial;
        this.where = where;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** "tcp 127.0.0.1:7700" or "serial /tmp/x/a @ 921600". */
    public String where() {
        return where;
    }

    /** The TCP port listened on (the real one when started with port 0), or -1 for serial. */
    public int port() {
        return tcp == null ? -1 : tcp.address().getPort();
    }

    public SimulatedBoard board() {
        return board;
    }

    /** Closes every TCP connection, as if the network dropped: for reconnect tests. */
    public void dropConnections() {
        if (tcp != null) {
            tcp.dropConnections();
        }
    }

    /** Puts the board in safe idle, then stops serving. Idempotent. */
    @Override
    public void close() {
        board.shutdown();
        if (tcp != null) {
            tcp.close();
        }
        if (serial != null) {
            serial.close();
        }
    }

    public static final class Builder {
        private SimConfig config = SimConfig.defaults();
        private SimulatedBoard board;
        private String host;
        private int port = -1;
        private String serialPath;
        private int baud = 921_600;
        private boolean linkModel;

        private Builder() {
        }

        public Builder config(SimConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Serves an existing board (its faults and state) instead of a new one from the config. */
        public Builder board(SimulatedBoard board) {
            this.board = Objects.requireNonNull(board, "board");
            return this;
        }

        /** TCP on host:port; port 0 picks a free one. */
        public Builder listen(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535, 0 = any free port)");
            }
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        public Builder serial(String path, int baud) {
            if (baud < 1) {
                throw new IllegalArgumentException("baud: " + baud + " (expected: > 0)");
            }
            this.serialPath = Objects.requireNonNull(path, "path");
            this.baud = baud;
            return this;
        }

        /** Paces the serial link to its baud rate (10 bits per byte, 8N1) in both directions. */
        public Builder linkModel(boolean on) {
            this.linkModel = on;
            return this;
        }

        /**
         * Starts serving and returns once connections are accepted.
         *
         * @throws IOException naming the address or port when it cannot listen or open
         */
        public SimulatorServer start() throws IOException {
            if ((host == null) == (serialPath == null)) {
                throw new IllegalStateException("choose exactly one of listen(host, port) and serial(path, baud)");
            }
            if (linkModel && serialPath == null) {
                throw new IllegalStateException("the link model paces serial links only (TCP runs at network speed)");
            }
            SimulatedBoard b = board != null ? board : SimulatedBoard.create(config);
            if (host != null) {
                TcpLinkServer server;
                try {
                    server = TcpLinkServer.start(host, port, null, b::attach);
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
                InetSocketAddress a = server.address();
                return new SimulatorServer(b, server, null, "tcp " + a.getHostString() + ":" + a.getPort());
            }
            SerialEndpoint endpoint = new SerialEndpoint(b, serialPath, baud, linkModel ? new LinkModel(baud) : null);
            endpoint.open();
            return new SimulatorServer(b, null, endpoint, "serial " + serialPath + " @ " + baud);
        }
    }

    /** The board's end of a serial port, reopened if it closes under us or its path moves. */
    private static final class SerialEndpoint {
        private static final long REOPEN_MS = 500;

        private final SimulatedBoard board;
        private final String path;
        private final int baud;
        private final LinkModel model;
        private final ScheduledExecutorService reopener;
        private volatile boolean closing;
        private volatile Link link;
        /** The device {@link #path} led to when it was opened; null if it could not be resolved. */
        private volatile Path device;

        SerialEndpoint(SimulatedBoard board, String path, int baud, LinkModel model) {
            this.board = board;
            this.path = path;
            this.baud = baud;
            this.model = model;
            ScheduledThreadPoolExecutor r = new ScheduledThreadPoolExecutor(1, t -> {
                Thread th = new Thread(t, "crossbar-sim-serial-reopen");
                th.setDaemon(true);
                return th;
            });
            this.reopener = r;
            r.scheduleWithFixedDelay(this::followPath, REOPEN_MS, REOPEN_MS, TimeUnit.MILLISECONDS);
        }

        void open() throws IOException {
            CompletableFuture<Link> future = new CompletableFuture<>();
            BoardConnection connection = board.attach(future);
            LinkHandler handler = model == null ? connection : model.throttle((LinkHandler) connection);
            Link l;
            try {
                device = resolve();
                l = SerialPortLink.open(path, baud, handler);
            } catch (IOException | RuntimeException e) {
                connection.onClosed(e);
                throw e;
            }
            link = model == null ? l : model.throttle(l);
            future.complete(link);
            connection.onLinkClosed(cause -> {
                if (!closing) {
                    LOG.warn("serial port {} closed ({}); reopening", path, cause == null ? "orderly" : cause.getMessage());
                    reopener.schedule(this::reopen, REOPEN_MS, TimeUnit.MILLISECONDS);
                }
            });
        }

        /** Closes the open link (so that it is reopened) once the path leads to another device. */
        private void followPath() {
            Link l = link;
            Path now = resolve();
            Path then = device;
            if (l == null || closing || now == null || then == null || now.equals(then)) {
                return;
            }
            LOG.warn("serial port {} now leads to {} (was {}); re-attaching", path, now, then);
            device = now;
            l.close();
        }

        private Path resolve() {
            try {
                return Path.of(path).toRealPath();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private void reopen() {
            if (closing) {
                return;
            }
            try {
                open();
            } catch (IOException | RuntimeException e) {
                LOG.debug("reopening {} failed: {}", path, e.getMessage());
                reopener.schedule(this::reopen, REOPEN_MS, TimeUnit.MILLISECONDS);
            }
        }

        void close() {
            closing = true;
            reopener.shutdownNow();
            Link l = link;
            if (l != null) {
                l.close();
            }
        }
    }
}
