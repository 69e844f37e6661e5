package org.crossbarhil.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
    @Test
    void aRetransmittedPulseIsAnsweredFromMemoryAndAppliedOnce() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "initial_state", "min");
        Request pulse = h.pulseRequest(0, FirmwareHarness.pulse(3, 4, 1.2, 100e-9, 5)).build();
        Response first = h.connection.handle(pulse);
        float afterFirst = h.truth(0)[3 * 64 + 4];
        Response again = h.connection.handle(pulse);

        assertThat(first.getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(first.getReplayed()).isFalse();
        assertThat(again.getReplayed()).isTrue();
        assertThat(again.toBuilder().setReplayed(false).build()).isEqualTo(first);
        assertThat(h.truth(0)[3 * 64 + 4]).isEqualTo(afterFirst);
        assertThat(h.ok(h.ledger(false)).getLedger().getLedger().getDevicePulses()).isEqualTo(5);
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndNothingIsApplied() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Request pulse = h.pulseRequest(0, FirmwareHarness.pulse(1, 1, 1.2, 100e-9, 1)).build();
        h.connection.handle(pulse);
        float[] before = h.truth(0);
        Request other = pulse.toBuilder().setPulse(pulse.getPulse().toBuilder().setPulses(0, FirmwareHarness.pulse(2, 2, 1.2, 100e-9, 1)))
                .build();
        Response r = h.connection.handle(other);
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_IDEMPOTENCY_CONFLICT);
        assertThat(r.getMessage()).contains("seq " + pulse.getSeq()).contains("different request");
        assertThat(h.truth(0)).isEqualTo(before);
    }

    @Test
    void memoryHoldsAcrossAReconnectOfTheSameSession() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Request pulse = h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 2)).build();
        h.connection.handle(pulse);
        h.connection.close();
        FirmwareConnection again = h.firmware.connect(EventSink.NONE);
        assertThat(again.handle(h.hello(FirmwareHarness.SESSION)).getHello().getSessionResumed()).isTrue();
        assertThat(again.handle(pulse).getReplayed()).isTrue();
    }

    @Test
    void anotherSessionWithTheSameSeqIsExecutedNotReplayed() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Request pulse = h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 1)).build();
        h.connection.handle(pulse);
        FirmwareConnection other = h.firmware.connect(EventSink.NONE);
        other.handle(h.hello(FirmwareHarness.SESSION + 1));
        Response r = other.handle(pulse);
        assertThat(r.getReplayed()).isFalse();
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_OK);
    }

    @Test
    void afterTheTimeToLiveAnOldSeqIsRefusedRatherThanRunAgain() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "idempotency_ttl_seconds", "10");
        Request pulse = h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 1)).build();
        h.connection.handle(pulse);
        h.clock.advance(Duration.ofSeconds(11));
        h.ok(h.request().setHeartbeat(org.crossbarhil.protocol.v1.HeartbeatRequest.getDefaultInstance()));
        Response r = h.connection.handle(pulse);
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_FAILED_PRECONDITION);
        assertThat(r.getMessage()).contains("older than the idempotency memory");
        assertThat(h.ok(h.ledger(false)).getLedger().getLedger().getDevicePulses()).isEqualTo(1);
    }

    @Test
    void readAnswersGiveWayToAWriteAnswerStillInsideItsTimeToLive() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "idempotency_capacity", "2");
        Request first = h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 1)).build();
        h.connection.handle(first);
        h.ok(h.ledger(false));
        h.ok(h.ledger(false));
        Response again = h.connection.handle(first);
        assertThat(again.getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(again.getReplayed()).isTrue();
        assertThat(h.ok(h.ledger(false)).getLedger().getLedger().getDevicePulses()).isEqualTo(1);
    }

    @Test
    void aSeqAboveTwoToThe63IsTheHighestSeqAResumedSessionReports() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Request pulse = h.pulseRequest(0, FirmwareHarness.pulse(0, 0, 1.2, 100e-9, 1)).setSeq(Long.MIN_VALUE + 5).build();
        assertThat(h.connection.handle(pulse).getStatus()).isEqualTo(Status.STATUS_OK);
        h.connection.close();

        FirmwareConnection again = h.firmware.connect(EventSink.NONE);
        long highest = again.handle(h.hello(FirmwareHarness.SESSION)).getHello().getHighestSeqSeen();

        assertThat(Long.toUnsignedString(highest)).isEqualTo("9223372036854775813");
        assertThat(again.handle(pulse).getReplayed()).isTrue();
    }
}
