package org.crossbarhil.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.BoardState;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.SubscribeRequest;
import org.junit.jupiter.api.Test;

class BoardStateTest {
    private final FirmwareHarness h = FirmwareHarness.of("profile", "taox-2x64", "heartbeat_timeout_seconds", "2");

    private void subscribe(double telemetry) {
        h.ok(h.request().setSubscribe(SubscribeRequest.newBuilder().setEvents(true).setTelemetryIntervalSeconds(telemetry)));
    }

    private BoardState state() {
        return h.ok(h.request().setInfo(InfoRequest.getDefaultInstance())).getInfo().getState();
    }

    @Test
    void theBoardPowersUpInSafeIdleAndAReadLeavesIt() {
        assertThat(state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        h.ok(h.readTile(0));
        assertThat(state()).isEqualTo(BoardState.BOARD_STATE_READY);
    }

    @Test
    void aLostHeartbeatPutsTheBoardInSafeIdleAndTellsSubscribers() {
        subscribe(0);
        h.ok(h.readTile(0));
        h.clock.advance(Duration.ofMillis(1900));
        h.firmware.tick();
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_READY);
        h.clock.advance(Duration.ofMillis(200));
        h.firmware.tick();
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        assertThat(h.events).extracting(Event::getBodyCase).containsExactly(Event.BodyCase.SAFE_IDLE);
        assertThat(h.events.get(0).getSafeIdle().getReason()).contains("heartbeat lost");
        assertThat(h.events.get(0).getEventSeq()).isEqualTo(1);
    }

    @Test
    void aHeartbeatWaitingBehindALongOperationStillCountsAsHeard() {
        h.ok(h.readTile(0));
        // the host's heartbeat arrives at 1.5 s but waits while an operation occupies the board thread
        h.clock.advance(Duration.ofMillis(1500));
        h.connection.arrive(h.request().setHeartbeat(HeartbeatRequest.getDefaultInstance()).build());
        h.clock.advance(Duration.ofMillis(1000));
        h.firmware.tick();
        assertThat(h.firmware.state()).as("2.5 s after the last request ran, 1 s after the last one arrived")
                .isEqualTo(BoardState.BOARD_STATE_READY);
    }

    @Test
    void heartbeatsKeepTheBoardReady() {
        h.ok(h.readTile(0));
        for (int i = 0; i < 5; i++) {
            h.clock.advance(Duration.ofSeconds(1));
            h.ok(h.request().setHeartbeat(HeartbeatRequest.getDefaultInstance()));
            h.firmware.tick();
        }
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_READY);
    }

    @Test
    void abortGoesToSafeIdleAndStopsAnOperationThatArrivedBeforeIt() {
        subscribe(0);
        Request pulse = h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 50)).build();
        Request abort = h.request().setAbort(AbortRequest.newBuilder().setReason("operator")).build();
        float[] before = h.truth(0);
        // Both decoded before the board thread reaches the pulse: the abort acts on arrival.
        long pulseArrival = h.firmware.arrive(pulse);
        long abortArrival = h.firmware.arrive(abort);
        Response p = h.connection.handle(pulse, pulseArrival);
        Response a = h.connection.handle(abort, abortArrival);
        assertThat(p.getStatus()).isEqualTo(Status.STATUS_ABORTED);
        assertThat(p.getMessage()).contains("after 0 of 50");
        assertThat(h.truth(0)).isEqualTo(before);
        assertThat(a.getAbort().getOperationInterrupted()).isTrue();
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        assertThat(h.events.get(h.events.size() - 1).getSafeIdle().getReason()).isEqualTo("abort: operator");
    }

    @Test
    void anOperationAfterAnAbortRuns() {
        h.ok(h.request().setAbort(AbortRequest.getDefaultInstance()));
        assertThat(h.send(h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 1))).getStatus()).isEqualTo(Status.STATUS_OK);
    }

    @Test
    void safeIdleRequestAndLinkCloseGoToSafeIdle() {
        h.ok(h.readTile(0));
        h.ok(h.request().setSafeIdle(SafeIdleRequest.getDefaultInstance()));
        assertThat(state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        h.ok(h.readTile(0));
        h.connection.close();
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        assertThat(h.firmware.stateReason()).isEqualTo("link lost");
    }

    @Test
    void telemetryArrivesAtTheRequestedInterval() {
        subscribe(1.0);
        for (int i = 0; i < 35; i++) {
            h.clock.advance(Duration.ofMillis(100));
            h.firmware.tick();
        }
        assertThat(h.events).hasSize(3).allMatch(e -> e.getBodyCase() == Event.BodyCase.TELEMETRY);
        assertThat(h.events).extracting(Event::getEventSeq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void shutdownGoesToSafeIdle() {
        h.ok(h.readTile(0));
        h.firmware.shutdown();
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        assertThat(h.firmware.stateReason()).isEqualTo("shutdown");
    }
}
