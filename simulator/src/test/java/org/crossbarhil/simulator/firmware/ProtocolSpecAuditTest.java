package org.crossbarhil.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.BoardState;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.GetLimitsRequest;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.LeaseAction;
import org.crossbarhil.protocol.v1.LeaseRequest;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.RampPoint;
import org.crossbarhil.protocol.v1.RampRequest;
import org.crossbarhil.protocol.v1.RampResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleRequest;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.SubscribeRequest;
import org.junit.jupiter.api.Test;

/**
 * Rules of docs/protocol.md that an audit found the firmware breaking, or that the audit pinned
 * down in the document where the firmware was the better behaviour: the idempotency memory
 * (section 6), who hears which event and how events are numbered (section 9), safe idle (8), a
 * plain board's lease (10), how a ramp's pulses are counted (7 and 3.4) and the version refusal
 * (5).
 */
class ProtocolSpecAuditTest {
    private static Request.Builder pulseAt(FirmwareHarness h, int row) {
        return h.pulseRequest(0, FirmwareHarness.pulse(row, 0, 1.2, 100e-9, 1));
    }

    private static long devicePulses(FirmwareHarness h) {
        return h.ok(h.ledger(false)).getLedger().getLedger().getDevicePulses();
    }

    // ---- section 6: what is remembered, and a full memory ----

    @Test
    void aFullMemoryForgetsItsOldestWriteAndRefusesThatWritesRetransmissionInsteadOfRunningItAgain() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "idempotency_capacity", "2", "idempotency_ttl_seconds", "10");
        Request first = pulseAt(h, 0).build();
        Request second = pulseAt(h, 1).build();
        h.connection.handle(first);
        h.connection.handle(second);

        Response third = h.send(pulseAt(h, 2));
        assertThat(third.getStatus()).as("a full memory is no rate limit on writes").isEqualTo(Status.STATUS_OK);
        assertThat(devicePulses(h)).isEqualTo(3);

        float[] before = h.truth(0);
        Response again = h.connection.handle(first);
        assertThat(again.getStatus()).isEqualTo(Status.STATUS_FAILED_PRECONDITION);
        assertThat(again.getMessage()).contains("not executed");
        assertThat(h.truth(0)).as("the forgotten write did not run twice").isEqualTo(before);
        assertThat(devicePulses(h)).isEqualTo(3);
        assertThat(h.connection.handle(second).getReplayed()).as("younger writes still replay").isTrue();
    }

    @Test
    void readsGiveWayBeforeWritesWhenTheMemoryIsFull() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "idempotency_capacity", "2");
        Request write = pulseAt(h, 0).build();
        assertThat(h.connection.handle(write).getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(h.send(h.readTile(0)).getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(h.send(h.ledger(false)).getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(h.connection.handle(write).getReplayed()).as("the write outlived two younger reads").isTrue();
    }

    @Test
    void heartbeatsAreNotRememberedSoTheyNeverCrowdOutWrites() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64", "idempotency_capacity", "2");
        Request beat = h.request().setHeartbeat(HeartbeatRequest.getDefaultInstance()).build();
        Response first = h.connection.handle(beat);
        h.clock.advance(Duration.ofMillis(500));
        Response again = h.connection.handle(beat);
        for (int i = 0; i < 10; i++) {
            h.ok(h.request().setHeartbeat(HeartbeatRequest.getDefaultInstance()));
        }

        assertThat(again.getReplayed()).isFalse();
        assertThat(again.getHeartbeat().getBoardTimeSeconds()).isGreaterThan(first.getHeartbeat().getBoardTimeSeconds());
        assertThat(h.send(pulseAt(h, 0)).getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(h.send(pulseAt(h, 1)).getStatus()).isEqualTo(Status.STATUS_OK);
    }

    @Test
    void aRetransmittedAbortStopsTheBoardAgainInsteadOfReplaying() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Request abort = h.request().setAbort(AbortRequest.newBuilder().setReason("operator")).build();
        h.ok(h.readTile(0));
        h.connection.handle(abort);
        h.ok(h.readTile(0));
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_READY);

        Response again = h.connection.handle(abort);

        assertThat(again.getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(again.getReplayed()).isFalse();
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        assertThat(h.firmware.stateReason()).isEqualTo("abort: operator");
    }

    @Test
    void aRetransmittedSubscribeIsExecutedAgain() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Request subscribe = h.request().setSubscribe(SubscribeRequest.newBuilder().setEvents(true)).build();
        h.connection.handle(subscribe);
        assertThat(h.connection.handle(subscribe).getReplayed()).isFalse();
    }

    @Test
    void highestSeqSeenCountsRequestsThatAreNotRemembered() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        h.ok(pulseAt(h, 0));
        h.connection.handle(Request.newBuilder().setSeq(40).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build());
        h.connection.close();

        HelloResponse hello = h.firmware.connect(EventSink.NONE).handle(h.hello(FirmwareHarness.SESSION)).getHello();

        assertThat(hello.getSessionResumed()).isTrue();
        assertThat(hello.getHighestSeqSeen()).isEqualTo(40);
    }

    // ---- section 9: who hears which event ----

    @Test
    void safeIdleEventsReachEveryConnectionThatCompletedHelloSubscribedOrNot() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        List<Event> otherHost = new ArrayList<>();
        FirmwareConnection other = h.firmware.connect(otherHost::add);
        other.handle(h.hello(FirmwareHarness.SESSION + 1));
        List<Event> beforeHello = new ArrayList<>();
        h.firmware.connect(beforeHello::add);

        h.ok(h.readTile(0));
        h.ok(h.request().setSafeIdle(SafeIdleRequest.getDefaultInstance()));

        assertThat(h.events).extracting(Event::getBodyCase).containsExactly(Event.BodyCase.SAFE_IDLE);
        assertThat(otherHost).extracting(Event::getBodyCase).containsExactly(Event.BodyCase.SAFE_IDLE);
        assertThat(otherHost.get(0).getSafeIdle().getReason()).startsWith("requested");
        assertThat(beforeHello).isEmpty();
    }

    @Test
    void faultEventsReachEveryConnectionThatCompletedHello() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        h.firmware.events.fault(Status.STATUS_DEVICE_FAULT, "compliance tripped", 1.0);
        assertThat(h.events).extracting(Event::getBodyCase).containsExactly(Event.BodyCase.FAULT);
        assertThat(h.events.get(0).getFault().getStatus()).isEqualTo(Status.STATUS_DEVICE_FAULT);
    }

    @Test
    void limitsChangedEventsGoToSubscribersOnly() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        List<Event> subscriber = new ArrayList<>();
        FirmwareConnection other = h.firmware.connect(subscriber::add);
        other.handle(h.hello(FirmwareHarness.SESSION + 1));
        other.handle(Request.newBuilder().setSeq(1).setSubscribe(SubscribeRequest.newBuilder().setEvents(true)).build());
        Limits working = h.ok(h.request().setGetLimits(GetLimitsRequest.getDefaultInstance())).getLimits().getWorkingLimits();

        h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(working.toBuilder()
                .setMaxVolts(working.getMaxVolts() / 2))));

        assertThat(h.events).isEmpty();
        assertThat(subscriber).extracting(Event::getBodyCase).containsExactly(Event.BodyCase.LIMITS_CHANGED);
    }

    @Test
    void eventSeqCountsTheEventsSentOnEachConnection() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        List<Event> subscriber = new ArrayList<>();
        FirmwareConnection other = h.firmware.connect(subscriber::add);
        other.handle(h.hello(FirmwareHarness.SESSION + 1));
        other.handle(Request.newBuilder().setSeq(1).setSubscribe(SubscribeRequest.newBuilder().setEvents(true)).build());
        Limits working = h.ok(h.request().setGetLimits(GetLimitsRequest.getDefaultInstance())).getLimits().getWorkingLimits();
        h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(working)));

        h.ok(h.readTile(0));
        h.ok(h.request().setSafeIdle(SafeIdleRequest.getDefaultInstance()));

        assertThat(subscriber).extracting(Event::getEventSeq).containsExactly(1L, 2L);
        assertThat(h.events).extracting(Event::getEventSeq).containsExactly(1L);
    }

    // ---- sections 8, 9, 10: safe idle, subscriptions, a plain board's lease ----

    @Test
    void requestsThatDriveNoLineLeaveTheBoardInSafeIdle() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        h.ok(h.request().setInfo(InfoRequest.getDefaultInstance()));
        h.ok(h.request().setHeartbeat(HeartbeatRequest.getDefaultInstance()));
        h.ok(h.request().setGetLimits(GetLimitsRequest.getDefaultInstance()));
        h.ok(h.ledger(false));
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
        h.ok(h.readTile(0));
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_READY);
    }

    @Test
    void aTelemetryIntervalBelowTheBoardsMinimumIsRefusedNotRoundedUp() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Response r = h.send(h.request().setSubscribe(SubscribeRequest.newBuilder().setEvents(true).setTelemetryIntervalSeconds(0.01)));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).contains(String.valueOf(Firmware.TICK_SECONDS));
    }

    @Test
    void aPlainBoardReportsNoLeaseButRefusesToGrantOne() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        for (LeaseAction a : List.of(LeaseAction.LEASE_ACTION_QUERY, LeaseAction.LEASE_ACTION_RELEASE)) {
            assertThat(h.ok(h.request().setLease(LeaseRequest.newBuilder().setAction(a))).getLease().getLease().getHeld()).isFalse();
        }
        for (LeaseAction a : List.of(LeaseAction.LEASE_ACTION_ACQUIRE, LeaseAction.LEASE_ACTION_RENEW)) {
            assertThat(h.send(h.request().setLease(LeaseRequest.newBuilder().setAction(a))).getStatus())
                    .isEqualTo(Status.STATUS_UNSUPPORTED);
        }
    }

    // ---- section 7 rule 4 and RampRequest: how a ramp's pulses are counted ----

    @Test
    void aRampTakesWholeStepsOnlyAndStopsShortOfAStopThatIsNotOnTheGrid() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        RampResponse r = h.ok(h.request().setRamp(RampRequest.newBuilder().setTile(0).setRow(1).setCol(1).setStartVolts(0.5)
                .setStopVolts(1.0).setStepVolts(0.2).setWidthSeconds(100e-9))).getRamp();
        assertThat(r.getPointsList()).extracting(RampPoint::getVolts).containsExactly(0.5, 0.7, 0.9);
        assertThat(r.getDevicePulses()).isEqualTo(3);
    }

    @Test
    void aRampStepOnZeroVoltsIsReadButNotCountedAsAPulse() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Limits working = h.ok(h.request().setGetLimits(GetLimitsRequest.getDefaultInstance())).getLimits().getWorkingLimits();
        h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(working.toBuilder().setMaxPulsesPerCommand(2))));

        RampResponse r = h.ok(h.request().setRamp(RampRequest.newBuilder().setTile(0).setRow(1).setCol(1).setStartVolts(-0.4)
                .setStopVolts(0.4).setStepVolts(0.4).setWidthSeconds(100e-9))).getRamp();

        assertThat(r.getPointsList()).extracting(RampPoint::getVolts).containsExactly(-0.4, 0.0, 0.4);
        assertThat(r.getDevicePulses()).isEqualTo(2);
        Response three = h.send(h.request().setRamp(RampRequest.newBuilder().setTile(0).setRow(1).setCol(1).setStartVolts(-0.4)
                .setStopVolts(0.8).setStepVolts(0.4).setWidthSeconds(100e-9)));
        assertThat(three.getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(three.getMessage()).contains("3 device pulses exceed max_pulses_per_command 2");
    }

    @Test
    void aFormingRampHoldsBothAmplitudeRulesToTheHardLimits() {
        FirmwareHarness h = FirmwareHarness.of("profile", "taox-2x64");
        Limits hard = h.ok(h.request().setGetLimits(GetLimitsRequest.getDefaultInstance())).getLimits().getHardLimits();
        h.ok(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(hard.toBuilder().setMaxVolts(1.0)
                .setMaxHalfSelectVolts(0.5))));
        RampRequest.Builder ramp = RampRequest.newBuilder().setTile(0).setRow(1).setCol(1).setStartVolts(0.9).setStopVolts(1.1)
                .setStepVolts(0.1).setWidthSeconds(100e-9);

        Response everyday = h.send(h.request().setRamp(ramp));
        Response forming = h.send(h.request().setRamp(ramp.setForming(true)));

        assertThat(everyday.getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(forming.getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(forming.getRamp().getDevicePulses()).isEqualTo(3);
    }

    @Test
    void aZeroWorkingLimitIsAnInvalidArgumentBecauseAnAbsentFieldReadsAsZero() {
        FirmwareHarness h = FirmwareHarness.of("profile", "ideal-2x64");
        Limits hard = h.ok(h.request().setGetLimits(GetLimitsRequest.getDefaultInstance())).getLimits().getHardLimits();

        Response partial = h.send(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(hard.toBuilder()
                .clearMaxHalfSelectVolts())));
        Response noBudget = h.send(h.request().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(hard.toBuilder()
                .setMaxVolts(hard.getMaxVolts() / 2).clearEnergyBudgetJoules())));

        assertThat(partial.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(partial.getMessage()).contains("max_half_select_volts 0.0");
        assertThat(noBudget.getStatus()).isEqualTo(Status.STATUS_OK);
    }

    // ---- section 5: the version refusal ----

    @Test
    void aHelloOfAnotherMajorIsRefusedWithTheBoardsVersionInTheFrozenHelloFields() {
        FirmwareConnection c = new FirmwareHarness(java.util.Map.of("profile", "ideal-2x64")).firmware.connect(EventSink.NONE);
        Response r = c.handle(Request.newBuilder().setSeq(3).setHello(HelloRequest.newBuilder()
                .setProtocolMajor(ProtocolVersion.MAJOR + 1).setSessionId(5)).build());

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_VERSION_MISMATCH);
        assertThat(r.getHello().getProtocolMajor()).isEqualTo(ProtocolVersion.MAJOR);
        assertThat(r.getHello().getProtocolMinor()).isEqualTo(ProtocolVersion.MINOR);
        assertThat(r.getMessage()).contains("update the host software or the board firmware");
    }

    @Test
    void aFrameStampedWithAForeignMajorIsRefusedWithTheBoardsVersionInTheFrozenHelloFields() {
        FirmwareConnection c = new FirmwareHarness(java.util.Map.of("profile", "ideal-2x64")).firmware.connect(EventSink.NONE);
        byte[] payload = Request.newBuilder().setSeq(1).setHello(HelloRequest.newBuilder().setProtocolMajor(2).setProtocolMinor(0))
                .build().toByteArray();

        Response r = c.foreignVersion(2, payload);

        assertThat(r.getSeq()).isEqualTo(1);
        assertThat(r.getHello().getProtocolMajor()).isEqualTo(ProtocolVersion.MAJOR);
        assertThat(r.getHello().getProtocolMinor()).isEqualTo(ProtocolVersion.MINOR);
        assertThat(r.getMessage()).as("the words of the golden vector hello_response_version_mismatch").isEqualTo(
                "host speaks protocol 2.0, this board speaks 1.0: update the host software or the board firmware so that the "
                        + "major versions match");
    }
}
