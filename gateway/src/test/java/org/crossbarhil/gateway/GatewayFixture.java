package org.crossbarhil.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.RawUpstream;
import org.crossbarhil.link.tcp.TcpLinkServer;

/**
 * A gateway on 127.0.0.1 (a free port) in front of a real simulated board ({@link TappedBoard}),
 * linked in-process or over TCP, with helpers to open driver clients and raw clients. Closes
 * everything it made, and releases whatever the board's faults still hold.
 */
final class GatewayFixture implements AutoCloseable {
    static final String TOKEN = "0123456789abcdef-test-token";
    static final String ADMIN_TOKEN = "fedcba9876543210-admin-token";

    final TappedBoard board;
    final Gateway gateway;
    private final List<AutoCloseable> opened = new ArrayList<>();
    /** The board's TCP server, closed after the gateway; null when the board is in-process. */
    private AutoCloseable afterGateway;

    private GatewayFixture(TappedBoard board, Gateway gateway) {
        this.board = board;
        this.gateway = gateway;
    }

    static GatewayFixture start() throws IOException {
        return start(b -> b);
    }

    static GatewayFixture start(UnaryOperator<GatewayConfig.Builder> tweak) throws IOException {
        return start(upstreamOptions(), tweak);
    }

    /** With the gateway's own link to the board configured as given (timeouts, retransmissions). */
    static GatewayFixture start(DriverOptions upstreamOptions, UnaryOperator<GatewayConfig.Builder> tweak) throws IOException {
        TappedBoard board = new TappedBoard();
        RawUpstream upstream = RawUpstream.open(board, upstreamOptions, board.describe());
        GatewayConfig config = tweak.apply(GatewayConfig.builder().listen("127.0.0.1", 0)).build();
        return new GatewayFixture(board, Gateway.start(upstream, config));
    }

    /**
     * Like {@link #start(UnaryOperator)}, with the board behind a real TCP server and the gateway
     * opened by URI, as {@code crossbar serve} does: clients and board link then share the
     * gateway's one event loop.
     */
    static GatewayFixture startOverTcp(UnaryOperator<GatewayConfig.Builder> tweak) throws IOException {
        TappedBoard board = new TappedBoard();
        TcpLinkServer boardServer = TcpLinkServer.start("127.0.0.1", 0, null, board::accept);
        GatewayConfig config = tweak.apply(GatewayConfig.builder().listen("127.0.0.1", 0)).build();
        Gateway gateway;
        try {
            gateway = Gateway.open("tcp://127.0.0.1:" + boardServer.address().getPort(), upstreamOptions(), config);
        } catch (IOException | RuntimeException e) {
            boardServer.close();
            throw e;
        }
        GatewayFixture fx = new GatewayFixture(board, gateway);
        fx.afterGateway = boardServer;
        return fx;
    }

    static DriverOptions upstreamOptions() {
        return DriverOptions.builder().clientName("gateway-under-test").requestTimeout(Duration.ofSeconds(5)).maxInFlight(256)
                .build();
    }

    int port() {
        return gateway.address().getPort();
    }

    /** Client options for tests: short timeouts, no reconnect, heartbeats on (they renew the lease). */
    static DriverOptions.Builder clientOptions(String name) {
        return DriverOptions.builder().clientName(name).connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(5)).reconnect(false);
    }

    CrossbarBoard client(String name) {
        return client(clientOptions(name).build(), "");
    }

    CrossbarBoard client(DriverOptions options, String uriParameters) {
        CrossbarBoard b = Boards.open("tcp://127.0.0.1:" + port() + uriParameters, options);
        opened.add(b);
        return b;
    }

    RawClient raw() throws IOException {
        RawClient r = RawClient.connect(port());
        opened.add(r);
        return r;
    }

    @Override
    public void close() {
        board.faults().clear();
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // the test may have closed it already
            }
        }
        gateway.close();
        if (afterGateway != null) {
            try {
                afterGateway.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
