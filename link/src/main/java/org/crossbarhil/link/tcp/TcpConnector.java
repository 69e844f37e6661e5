package org.crossbarhil.link.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;

/**
 * Opens TCP links, optionally TLS, to one host and port with Netty. Each link has its own
 * single-thread event loop, shut down when the link closes, so nothing outlives the board; or,
 * {@linkplain #onLoop on request}, the caller's loop, which the caller shuts down.
 *
 * <pre>
 * pipeline:  [SslHandler (tls only)] -> ChannelLink (bytes to the driver's frame decoder)
 * </pre>
 */
public final class TcpConnector implements Connector {
    private final String host;
    private final int port;
    private final SslContext ssl;
    /** The caller's event loop, or null: a loop of its own per link. */
    private final EventLoopGroup sharedLoop;

    /** @param sslOrNull a client SslContext for tls://, null for plain tcp:// */
    public TcpConnector(String host, int port, SslContext sslOrNull) {
        this(host, port, sslOrNull, null);
    }

    private TcpConnector(String host, int port, SslContext sslOrNull, EventLoopGroup sharedLoop) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        this.port = port;
        this.ssl = sslOrNull;
        this.sharedLoop = sharedLoop;
    }

    /**
     * The same connector with its links on {@code loop}, which stays the caller's to shut down.
     * A relay that serves its own clients on that loop hands frames between the two sides
     * without a thread switch (the gateway does: docs/benchmarks.md, "Gateway").
     */
    public TcpConnector onLoop(EventLoopGroup loop) {
        return new TcpConnector(host, port, ssl, Objects.requireNonNull(loop, "loop"));
    }

    @Override
    public Link connect(LinkHandler handler, Duration timeout) throws IOException {
        EventLoopGroup group = sharedLoop != null ? sharedLoop
                : NettyThreads.group("crossbar-" + scheme() + "-" + host + ":" + port, 1);
        ChannelLink[] made = new ChannelLink[1];
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc(), host, port));
                        }
                        ChannelLink link = new ChannelLink(ch, scheme() + " " + host + ":" + port, false);
                        link.handler(handler);
                        made[0] = link;
                        ch.pipeline().addLast("link", link);
                    }
                });
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            ChannelFuture f = b.connect(host, port);
            if (!f.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                f.cancel(false);
                throw new IOException(describe() + ": no connection within " + timeout.toMillis() + " ms");
            }
            if (!f.isSuccess()) {
                throw new IOException(describe() + ": " + reason(f.cause()), f.cause());
            }
            Channel ch = f.channel();
            ch.closeFuture().addListener(closed -> release(group));
            if (ssl != null) {
                awaitTls(ch, deadline);
            }
            return made[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(group);
            throw new IOException(describe() + ": interrupted while connecting", e);
        } catch (IOException | RuntimeException e) {
            release(group);
            throw e;
        }
    }

    private void release(EventLoopGroup group) {
        if (group != sharedLoop) {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
        }
    }

    private void awaitTls(Channel ch, long deadlineNanos) throws IOException, InterruptedException {
        io.netty.util.concurrent.Future<Channel> hs = ch.pipeline().get(SslHandler.class).handshakeFuture();
        long leftMs = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        if (!hs.await(leftMs, TimeUnit.MILLISECONDS)) {
            ch.close();
            throw new IOException(describe() + ": TLS handshake not finished in time");
        }
        if (!hs.isSuccess()) {
            ch.close();
            throw new IOException(describe() + ": TLS handshake failed: " + reason(hs.cause()), hs.cause());
        }
    }

    private static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }

    private String scheme() {
        return ssl == null ? "tcp" : "tls";
    }

    @Override
    public String describe() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme() + "://" + h + ":" + port;
    }

}
