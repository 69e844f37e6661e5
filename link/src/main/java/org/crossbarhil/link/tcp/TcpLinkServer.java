package org.crossbarhil.link.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TCP (and TLS) links, for whatever answers boards' requests: the simulator's
 * server and the gateway. Byte-level: for each accepted connection it makes a {@link Link} (the
 * write side) and asks the acceptor for the {@link LinkHandler} that receives the raw bytes and
 * the close; the handler does its own framing with the protocol's {@code FrameDecoder}.
 *
 * <pre>
 * child pipeline:  [SslHandler (when an SslContext is given)] -> ChannelLink (bytes to the handler)
 * </pre>
 *
 * Handler calls for one connection come from one event-loop thread, in order.
 */
public final class TcpLinkServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpLinkServer.class);
    /**
     * Unsent answers past which a connection is not read until its peer reads again (down to the
     * low mark). The high mark is one default-size frame (4 MiB), so that a single large answer, as
     * training's batched VMMs send, does not stop a client that does read.
     */
    private static final io.netty.channel.WriteBufferWaterMark ANSWERS_NOT_READ =
            new io.netty.channel.WriteBufferWaterMark(1 << 20, 4 << 20);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ChannelGroup children;
    private final boolean tls;
    private final boolean ownsWorkers;

    private TcpLinkServer(EventLoopGroup boss, EventLoopGroup workers, boolean ownsWorkers, Channel serverChannel,
            ChannelGroup children, boolean tls) {
        this.boss = boss;
        this.workers = workers;
        this.ownsWorkers = ownsWorkers;
        this.serverChannel = serverChannel;
        this.children = children;
        this.tls = tls;
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free port, see {@link #address()}).
     *
     * @param sslOrNull a server SslContext for TLS, null for plain TCP
     * @param acceptor  called once per accepted connection; returning null refuses (closes) it
     * @throws UncheckedIOException naming the address when it cannot listen (port in use, bad host)
     */
    public static TcpLinkServer start(String host, int port, SslContext sslOrNull, Function<Link, LinkHandler> acceptor) {
        return start(host, port, sslOrNull, acceptor, null);
    }

    /**
     * Like {@link #start(String, int, SslContext, Function)}, with the connections served on
     * {@code sharedLoop} (null: loops of the server's own, one per core); the caller shuts it down.
     */
    public static TcpLinkServer start(String host, int port, SslContext sslOrNull, Function<Link, LinkHandler> acceptor,
            EventLoopGroup sharedLoop) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(acceptor, "acceptor");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535, 0 = any free port)");
        }
        String scheme = sslOrNull == null ? "tcp" : "tls";
        EventLoopGroup boss = NettyThreads.group("crossbar-" + scheme + "-accept-" + port, 1);
        EventLoopGroup workers = sharedLoop != null ? sharedLoop : NettyThreads.group("crossbar-" + scheme + "-serve-" + port,
                Math.max(2, Runtime.getRuntime().availableProcessors()));
        ChannelGroup children = new DefaultChannelGroup("crossbar-links", GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ANSWERS_NOT_READ)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        if (sslOrNull != null) {
                            ch.pipeline().addLast("tls", sslOrNull.newHandler(ch.alloc()));
                        }
                        InetSocketAddress peer = ch.remoteAddress();
                        ChannelLink link = new ChannelLink(ch, scheme + " client " + peer.getHostString() + ":" + peer.getPort(), true);
                        ch.pipeline().addLast("link", link);
                        ch.pipeline().addLast("accept", new Acceptance(link, acceptor));
                    }
                });
        try {
            ChannelFuture f = b.bind(host, port).await();
            if (!f.isSuccess()) {
                throw new IOException("cannot listen on " + host + ":" + port + ": " + f.cause().getMessage(), f.cause());
            }
            return new TcpLinkServer(boss, workers, sharedLoop == null, f.channel(), children, sslOrNull != null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            boss.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
            if (sharedLoop == null) {
                workers.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while binding " + host + ":" + port, e));
            }
            if (e instanceof IOException) {
                throw new UncheckedIOException((IOException) e);
            }
            throw (RuntimeException) e;
        }
    }

    /** Asks the acceptor for a handler once the connection is up; refuses the connection on null. */
    private static final class Acceptance extends ChannelInboundHandlerAdapter {
        private final ChannelLink link;
        private final Function<Link, LinkHandler> acceptor;

        Acceptance(ChannelLink link, Function<Link, LinkHandler> acceptor) {
            this.link = link;
            this.acceptor = acceptor;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            LinkHandler handler;
            try {
                handler = acceptor.apply(link);
            } catch (RuntimeException e) {
                LOG.warn("acceptor failed for {}", link.describe(), e);
                handler = null;
            }
            if (handler == null) {
                ctx.close();
            } else {
                link.handler(handler);
            }
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
        }
    }

    /** The bound address; the actual port when started with port 0. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Connections open now. */
    public int connections() {
        return children.size();
    }

    /** Closes every connection, as if the peer vanished: each handler hears onClosed. For fault tests. */
    public void dropConnections() {
        children.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Stops listening and closes every connection. Idempotent. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        children.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS);
        if (ownsWorkers) {
            workers.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        InetSocketAddress a = address();
        return (tls ? "tls" : "tcp") + " server on " + a.getHostString() + ":" + a.getPort();
    }
}
