package org.crossbarhil.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.BoardState;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;

/**
 * Which connection is a host session, and the rules a session keeps (docs/protocol.md sections
 * 6 and 8): seq 0 for writes, one Hello per connection, abort before Hello, a heartbeat timer per
 * host, and a connection that never said Hello counting for nothing.
 */
class HostSessionRulesTest {
    private final FirmwareHarness h = FirmwareHarness.of("profile", "taox-2x64", "heartbeat_timeout_seconds", "2");

    @Test
    void aWriteWithSeqZeroIsRefusedEveryTimeAndNeverApplied() {
        float[] before = h.truth(0);
        Request unnumbered = h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 5)).setSeq(0).build();

        Response first = h.connection.handle(unnumbered);
        Response again = h.connection.handle(unnumbered);

        assertThat(first.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(first.getMessage()).startsWith("pulse: seq 0");
        assertThat(again.getStatus()).as("not remembered, so not a replay either").isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(again.getReplayed()).isFalse();
        assertThat(h.truth(0)).isEqualTo(before);
    }

    @Test
    void aSecondHelloOnAnOpenConnectionIsRefusedAndTheSessionStays() {
        Request pulse = h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 1)).build();
        h.connection.handle(pulse);

        Request other = h.hello(0x5555L);
        Response r = h.connection.handle(other);

        assertThat(r).isEqualTo(Handshake.secondHello(other, FirmwareHarness.SESSION));
        assertThat(h.connection.handle(pulse).getReplayed()).as("still the first session's memory").isTrue();
    }

    @Test
    void abortIsAcceptedBeforeHello() {
        h.ok(h.readTile(0));
        List<Event> heard = new ArrayList<>();
        FirmwareConnection stranger = h.firmware.connect(heard::add);

        Response r = stranger.handle(Request.newBuilder().setSeq(1).setAbort(AbortRequest.newBuilder().setReason("e-stop")).build());

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        assertThat(h.firmware.stateReason()).isEqualTo("abort: e-stop");
        assertThat(heard).as("safety events go to host sessions only").isEmpty();
    }

    @Test
    void aHalfFilledSetLimitsIsAnInvalidArgument() {
        Response r = h.send(h.request().setSetLimits(SetLimitsRequest.newBuilder()
                .setWorkingLimits(Limits.newBuilder().setMaxVolts(1.0))));

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).isEqualTo("max_read_volts 0.0 (expected: > 0 and finite)");
    }

    @Test
    void aConnectionThatNeverSaidHelloClosesQuietlyAndIsCounted() {
        h.ok(h.readTile(0));
        FirmwareConnection stranger = h.firmware.connect(EventSink.NONE);
        stranger.handle(Request.newBuilder().setSeq(1).setInfo(org.crossbarhil.protocol.v1.InfoRequest.getDefaultInstance())
                .build());

        stranger.close();

        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_READY);
        assertThat(h.events).isEmpty();
        assertThat(h.firmware.connectionsClosedBeforeHello()).isEqualTo(1);
        h.connection.close();
        assertThat(h.firmware.stateReason()).as("a host session's loss still idles the board").isEqualTo("link lost");
    }

    @Test
    void aSilentHostIdlesTheBoardWhileAnotherKeepsHeartbeating() {
        FirmwareConnection second = h.firmware.connect(EventSink.NONE);
        second.handle(h.hello(0x7777L));
        h.ok(h.readTile(0));
        Request beat = Request.newBuilder().setSeq(1).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build();
        for (int i = 0; i < 4; i++) {
            // the first host (h.connection) stays silent from here
            h.clock.advance(Duration.ofMillis(600));
            second.handle(beat.toBuilder().setSeq(i + 1).build());
            h.firmware.tick();
        }

        assertThat(h.firmware.state()).as("2.4 s of silence from one host, 2 s timeout").isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        assertThat(h.firmware.stateReason()).isEqualTo("heartbeat lost (no request from session "
                + Long.toHexString(FirmwareHarness.SESSION) + " for 2.0 s)");
    }

    @Test
    void aSilentHostIdlesTheBoardOnceNotEachTimeAnotherDrivesIt() {
        FirmwareConnection second = h.firmware.connect(EventSink.NONE);
        second.handle(h.hello(0x7777L));
        h.ok(h.readTile(0));
        h.clock.advance(Duration.ofMillis(2100));
        h.firmware.tick();
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);

        Response read = second.handle(h.readTile(0).build());
        h.firmware.tick();

        assertThat(read.getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(h.firmware.state()).as("the hung host was held responsible once").isEqualTo(BoardState.BOARD_STATE_READY);
        h.ok(h.readTile(0));
        h.clock.advance(Duration.ofMillis(2100));
        second.handle(Request.newBuilder().setSeq(99).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build());
        h.firmware.tick();
        assertThat(h.firmware.state()).as("heard again, its timer runs anew").isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
    }
}
