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
import org.crossbarhil.protocol.v1.BoardState;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.SimulatedBoard;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;

/** The board's end of a link at the byte level: real frames in, real frames out, no driver. */
class BoardConnectionTest {
    private final SimulatedBoard board = SimulatedBoard.create(SimConfig.fromParameters(Map.of("profile", "ideal-2x64")));
    private final LinkedBlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> dropped = new ArrayList<>();
    private final FrameDecoder hostDecoder = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
        @Override
        public void onResponse(Response response) {
            responses.add(response);
        }

        @Override
        public void onEvent(Event event) {
            events.add(event);
        }

        @Override
        public void onDropped(org.crossbarhil.protocol.DropReason reason, int length) {
            dropped.add(reason.name());
        }
    });
    private volatile boolean closed;
    private final Link toHost = new Link() {
        @Override
        public void send(byte[] frame) {
            synchronized (hostDecoder) {
                hostDecoder.feed(frame);
            }
        }

        @Override
        public String describe() {
            return "test host";
        }

        @Override
        public void close() {
            closed = true;
        }
    };
    private final BoardConnection connection = board.attach(CompletableFuture.completedFuture(toHost));
    private final FrameEncoder encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);

    private void send(Request r) {
        byte[] frame = encoder.encode(r);
        // Fragmented, as a serial port delivers it.
        for (int i = 0; i < frame.length; i += 3) {
            connection.onBytes(frame, i, Math.min(3, frame.length - i));
        }
    }

    private Response next() throws InterruptedException {
        Response r = responses.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a response within 5 s").isNotNull();
        return r;
    }

    private void hello() throws InterruptedException {
        send(Request.newBuilder().setSeq(1).setHello(HelloRequest.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR)
                .setSessionId(5)).build());
        assertThat(next().getStatus()).isEqualTo(Status.STATUS_OK);
    }

    private static Request info(long seq) {
        return Request.newBuilder().setSeq(seq).setInfo(InfoRequest.getDefaultInstance()).build();
    }

    @Test
    void aHeartbeatIsAnsweredAtOnceWhileTheBoardThreadIsBusy() throws Exception {
        hello();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // a long operation occupies the board thread
        board.boardThread().execute(() -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            send(Request.newBuilder().setSeq(2).setInfo(InfoRequest.getDefaultInstance()).build());
            send(Request.newBuilder().setSeq(3).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build());
            Response beat = responses.poll(2, TimeUnit.SECONDS);
            assertThat(beat).as("the heartbeat's answer, before the board thread is free").isNotNull();
            assertThat(beat.getSeq()).isEqualTo(3);
            assertThat(beat.getStatus()).isEqualTo(Status.STATUS_OK);
            assertThat(beat.hasHeartbeat()).isTrue();
            assertThat(responses).as("the info still waits for the board thread").isEmpty();
        } finally {
            release.countDown();
        }
        assertThat(next().getSeq()).isEqualTo(2);
    }

    @Test
    void aHeartbeatBeforeHelloIsStillRefused() throws Exception {
        send(Request.newBuilder().setSeq(1).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build());
        assertThat(next().getStatus()).isEqualTo(Status.STATUS_FAILED_PRECONDITION);
    }

    @Test
    void aFrameOfAnotherMajorVersionIsAnsweredWithVersionMismatchAndItsSeq() throws InterruptedException {
        FrameEncoder foreign = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, ProtocolVersion.MAJOR + 1);
        byte[] frame = foreign.encode(Request.newBuilder().setSeq(33).setHello(HelloRequest.newBuilder()
                .setProtocolMajor(ProtocolVersion.MAJOR + 1)).build());
        connection.onBytes(frame, 0, frame.length);
        Response r = next();
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_VERSION_MISMATCH);
        assertThat(r.getSeq()).isEqualTo(33);
        assertThat(r.getMessage()).contains("host speaks protocol " + (ProtocolVersion.MAJOR + 1) + ".0")
                .contains("this board speaks " + ProtocolVersion.string());
    }

    @Test
    void garbageEndedByADelimiterIsSkippedAndTheNextFrameAnswered() throws InterruptedException {
        hello();
        byte[] garbage = {0x13, 0x37, (byte) 0xFF, 0x00};
        connection.onBytes(garbage, 0, garbage.length);
        send(info(2));
        assertThat(next().getSeq()).isEqualTo(2);
    }

    @Test
    void garbageWithoutADelimiterCostsTheFrameItRunsIntoAndNoMore() throws InterruptedException {
        hello();
        byte[] garbage = {0x13, 0x37, (byte) 0xFF, 0x42};
        connection.onBytes(garbage, 0, garbage.length);
        send(info(2));
        send(info(3));
        assertThat(next().getSeq()).isEqualTo(3);
    }

    @Test
    void faultsDropCorruptAndPrefixGarbageToTheResponsesTheyMatch() throws InterruptedException {
        hello();
        board.faults().dropNextResponse(Request.BodyCase.INFO).corruptNextResponse(Request.BodyCase.INFO)
                .garbageBeforeNextResponse(Request.BodyCase.INFO);
        send(info(2));
        send(info(3));
        send(info(4));
        send(info(5));
        // 2 dropped, 3 corrupted (the host's decoder drops it), 4 after garbage, 5 untouched.
        assertThat(next().getSeq()).isEqualTo(4);
        assertThat(dropped).isNotEmpty();
        assertThat(next().getSeq()).isEqualTo(5);
        assertThat(dropped).contains("BAD_CRC");
        // A retransmission of the dropped one is answered from memory.
        send(info(2));
        Response again = next();
        assertThat(again.getSeq()).isEqualTo(2);
        assertThat(again.getReplayed()).isTrue();
    }

    @Test
    void aStalledResponseArrivesLate() throws InterruptedException {
        hello();
        board.faults().stallNextResponse(java.time.Duration.ofMillis(300));
        long start = System.nanoTime();
        send(info(2));
        next();
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThan(280);
    }

    @Test
    void disconnectAfterRequestRunsItThenClosesTheLink() throws InterruptedException {
        hello();
        board.faults().disconnectAfterNextRequest();
        send(Request.newBuilder().setSeq(2).setPulse(org.crossbarhil.protocol.v1.PulseRequest.newBuilder().setTile(0)
                .addPulses(org.crossbarhil.protocol.v1.DevicePulse.newBuilder().setRow(1).setCol(1).setVolts(1.2)
                        .setWidthSeconds(100e-9))).build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!closed && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(closed).isTrue();
        assertThat(responses).isEmpty();
        long pulses = board.onBoardThread(fw -> fw.array().ledger().totals().devicePulses());
        assertThat(pulses).isEqualTo(1);
    }

    @Test
    void aHeldRequestRunsOnceReleasedAndTheRequestsBehindItWaitWhileHeartbeatsAreAnswered() throws Exception {
        hello();
        Faults.Hold hold = board.faults().holdNextRequest(Request.BodyCase.INFO);
        send(info(2));
        send(info(3));
        assertThat(hold.awaitArrival(java.time.Duration.ofSeconds(5))).as("the info drew the hold").isTrue();
        send(Request.newBuilder().setSeq(4).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build());

        assertThat(next().getSeq()).as("the heartbeat, answered while the board is held").isEqualTo(4);
        assertThat(responses.poll(200, TimeUnit.MILLISECONDS)).as("nothing else before the release").isNull();
        hold.release();
        assertThat(next().getSeq()).isEqualTo(2);
        assertThat(next().getSeq()).isEqualTo(3);
        assertThat(board.faults().pending()).isZero();
    }

    @Test
    void clearingTheFaultsReleasesAHeldRequest() throws Exception {
        hello();
        Faults.Hold hold = board.faults().holdNextRequest();
        send(info(2));
        assertThat(hold.awaitArrival(java.time.Duration.ofSeconds(5))).isTrue();

        board.faults().clear();

        assertThat(next().getSeq()).isEqualTo(2);
    }

    @Test
    void aHoldIsQueuedOnlyThroughHoldNextRequestWhichReturnsItsRelease() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> board.faults().enqueue(Faults.Kind.HOLD_REQUEST,
                java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind: HOLD_REQUEST (expected: holdNextRequest, which returns the hold to release)");
        assertThat(board.faults().pending()).isZero();
    }

    @Test
    void aTripAnswersTheRequestThenTellsEveryHostOfTheFaultAndIdlesTheBoard() throws Exception {
        hello();
        board.faults().tripAfterNextRequest(Request.BodyCase.INFO);

        send(info(2));

        Response answered = next();
        assertThat(answered.getSeq()).isEqualTo(2);
        assertThat(answered.getStatus()).isEqualTo(Status.STATUS_OK);
        Event fault = events.poll(5, TimeUnit.SECONDS);
        Event idle = events.poll(5, TimeUnit.SECONDS);
        assertThat(fault).isNotNull();
        assertThat(fault.getFault().getStatus()).isEqualTo(Status.STATUS_DEVICE_FAULT);
        assertThat(fault.getFault().getMessage()).isEqualTo("tripped after INFO seq 2 (the simulator's fault switchboard)");
        assertThat(idle).isNotNull();
        assertThat(idle.getSafeIdle().getReason()).isEqualTo("fault: " + fault.getFault().getMessage());
        BoardState state = board.onBoardThread(fw -> fw.state());
        assertThat(state).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
    }
}
