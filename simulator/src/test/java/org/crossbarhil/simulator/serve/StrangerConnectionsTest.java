package org.crossbarhil.simulator.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.BoardState;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadScope;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.SimulatorServer;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Over real TCP: a connection that never completed Hello is no host session (docs/protocol.md
 * section 8). Port scanners, health checks and garbage must not idle a board another host drives.
 */
@Timeout(20)
class StrangerConnectionsTest {
    private final SimulatorServer server = SimulatorServer.builder()
            .config(SimConfig.fromParameters(Map.of("profile", "ideal-2x64"))).listen("127.0.0.1", 0).start();
    private final LinkedBlockingQueue<Object> heard = new LinkedBlockingQueue<>();
    private final FrameEncoder encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);

    StrangerConnectionsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket host() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        FrameDecoder decoder = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
            @Override
            public void onResponse(Response response) {
                heard.add(response);
            }

            @Override
            public void onEvent(Event event) {
                heard.add(event);
            }
        });
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = s.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    decoder.feed(buf, 0, n);
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "test-host-reader");
        reader.setDaemon(true);
        reader.start();
        return s;
    }

    private Response call(Socket s, Request r) throws Exception {
        s.getOutputStream().write(encoder.encode(r));
        Object next = heard.poll(5, TimeUnit.SECONDS);
        assertThat(next).as("the answer to seq " + r.getSeq() + ", and nothing before it").isInstanceOf(Response.class);
        return (Response) next;
    }

    private long closedBeforeHello() {
        return server.board().onBoardThread(fw -> fw.connectionsClosedBeforeHello());
    }

    @Test
    void silentAndGarbageConnectionsThatCloseLeaveTheBoardReadyAndTellNoHost() throws Exception {
        try (Socket host = host()) {
            Response hello = call(host, Request.newBuilder().setSeq(1).setHello(HelloRequest.newBuilder()
                    .setProtocolMajor(ProtocolVersion.MAJOR).setProtocolMinor(ProtocolVersion.MINOR).setSessionId(42)).build());
            assertThat(hello.getStatus()).isEqualTo(Status.STATUS_OK);
            assertThat(call(host, Request.newBuilder().setSeq(2).setRead(ReadRequest.newBuilder().setTile(0)
                    .setScope(ReadScope.READ_SCOPE_ROW)).build()).getStatus()).isEqualTo(Status.STATUS_OK);

            new Socket("127.0.0.1", server.port()).close();
            try (Socket garbage = new Socket("127.0.0.1", server.port())) {
                OutputStream out = garbage.getOutputStream();
                out.write(new byte[] {0x17, 0x42, 0x00, (byte) 0xff, 0x01, 0x00});
                out.flush();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (closedBeforeHello() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            assertThat(closedBeforeHello()).isEqualTo(2);
            Response beat = call(host, Request.newBuilder().setSeq(3).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build());
            assertThat(beat.getHeartbeat().getState()).isEqualTo(BoardState.BOARD_STATE_READY);
            assertThat(heard).as("no safe-idle event").isEmpty();
        }
    }
}
