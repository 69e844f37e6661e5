package org.crossbarhil.simulator.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.link.Link;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadScope;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.SimulatedBoard;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;

/** One connection cannot queue work or answers without bound (docs/protocol.md section 7). */
class BackpressureTest {
    private final SimulatedBoard board = SimulatedBoard.create(SimConfig.fromParameters(
            Map.of("profile", "ideal-2x64", "max_requests_in_flight", "4")));
    private final LinkedBlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final List<Boolean> pauses = new ArrayList<>();
    /** Open while the host reads: a closed latch blocks the writer, as a host that stopped reading does. */
    private volatile CountDownLatch hostReads;
    private final FrameDecoder hostDecoder = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
        @Override
        public void onResponse(Response response) {
            responses.add(response);
        }
    });
    private final Link toHost = new Link() {
        @Override
        public void send(byte[] frame) {
            CountDownLatch reads = hostReads;
            if (reads != null) {
                try {
                    reads.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (hostDecoder) {
                hostDecoder.feed(frame);
            }
        }

        @Override
        public void pauseReading(boolean paused) {
            synchronized (pauses) {
                pauses.add(paused);
                pauses.notifyAll();
            }
        }

        @Override
        public String describe() {
            return "test host";
        }

        @Override
        public void close() {
        }
    };
    private final BoardConnection connection = board.attach(CompletableFuture.completedFuture(toHost));
    private final FrameEncoder encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);

    private void send(Request r) {
        byte[] frame = encoder.encode(r);
        connection.onBytes(frame, 0, frame.length);
    }

    private Response next() throws InterruptedException {
        Response r = responses.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a response within 5 s").isNotNull();
        return r;
    }

    private void hello() throws InterruptedException {
        send(Request.newBuilder().setSeq(1).setHello(HelloRequest.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR)
                .setSessionId(9)).build());
        Response h = next();
        assertThat(h.getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(h.getHello().getMaxRequestsInFlight()).isEqualTo(4);
    }

    private static Request pulse(long seq) {
        return Request.newBuilder().setSeq(seq).setPulse(PulseRequest.newBuilder().setTile(0)
                .addPulses(DevicePulse.newBuilder().setRow(1).setCol((int) seq % 64).setVolts(1.2).setWidthSeconds(100e-9)))
                .build();
    }

    @Test
    void requestsBeyondTheBoundAreRefusedAtOnceAndNeverRun() throws Exception {
        hello();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        board.boardThread().execute(() -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        for (long seq = 2; seq < 12; seq++) {
            send(pulse(seq));
        }
        // six refusals while the board thread is still busy: they do not wait for it
        List<Response> refused = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            refused.add(next());
        }
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(Status.STATUS_RESOURCE_EXHAUSTED);
            assertThat(r.getMessage()).contains("more than 4 requests in flight").contains("nothing was done");
        });
        assertThat(refused).extracting(Response::getSeq).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
        release.countDown();
        for (int i = 0; i < 4; i++) {
            assertThat(next().getStatus()).isEqualTo(Status.STATUS_OK);
        }
        assertThat((long) board.onBoardThread(fw -> fw.array().ledger().totals().devicePulses())).isEqualTo(4);

        // a refused request was not remembered: sent again once the others were answered, it runs
        send(pulse(6));
        assertThat(next().getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat((long) board.onBoardThread(fw -> fw.array().ledger().totals().devicePulses())).isEqualTo(5);
    }

    @Test
    void aHostThatDoesNotReadIsNotReadUntilItReadsAgain() throws Exception {
        hello();
        hostReads = new CountDownLatch(1);
        Request read = Request.newBuilder().setRead(ReadRequest.newBuilder().setTile(0)
                .setScope(ReadScope.READ_SCOPE_ROW).setRow(0)).build();
        // answers pile up behind the blocked writer; refusals count too, so any flood gets there
        for (long seq = 2; seq < 2 + BoardConnection.PAUSE_FRAMES + 8; seq++) {
            send(read.toBuilder().setSeq(seq).build());
        }
        synchronized (pauses) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!pauses.contains(true) && System.nanoTime() < deadline) {
                pauses.wait(100);
            }
            assertThat(pauses).as("reading paused").containsExactly(true);
        }
        hostReads.countDown();
        synchronized (pauses) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pauses.size() < 2 && System.nanoTime() < deadline) {
                pauses.wait(100);
            }
            assertThat(pauses).as("reading resumed once the host read").containsExactly(true, false);
        }
    }
}
