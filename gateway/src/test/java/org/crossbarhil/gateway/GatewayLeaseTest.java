package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crossbarhil.driver.BoardEvent;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.LeaseAction;
import org.crossbarhil.driver.LeaseInfo;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.protocol.v1.DevicePulse.Builder;
import org.crossbarhil.protocol.v1.LeaseRequest;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.serve.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The control lease: one writer at a time, observers refused with who and until when, and what happens when it ends. */
@Timeout(30)
class GatewayLeaseTest {
    private static final List<DevicePulse> SET = List.of(DevicePulse.once(1, 2, 1.2, 1e-7));

    private static BoardStatus statusOf(Throwable t) {
        return ((BoardStatusException) t).status();
    }

    @Test
    void theFirstWriterTakesTheLeaseAndASecondClientsWriteIsRefusedNamingTheHolderAndExpiry() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start()) {
            CrossbarBoard alice = fx.client("alice@lab");
            CrossbarBoard bob = fx.client("bob@lab");

            assertThat(alice.pulse(0, SET)).isEqualTo(1);
            assertThat(fx.gateway.leaseHolder()).startsWith("alice@lab (#");

            assertThatThrownBy(() -> bob.pulse(0, SET))
                    .isInstanceOf(BoardStatusException.class)
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.LEASE_HELD))
                    .hasMessageContaining("the control lease is held by alice@lab (#")
                    .hasMessageContaining(" until " + Instant.now().toString().substring(0, 4))
                    .hasMessageContaining("may observe (info, events, telemetry, ledger, reads, VMM) but not run pulse");
            assertThat(fx.board.received(Request.BodyCase.PULSE)).as("the refused pulse never reached the board").isEqualTo(1);
            assertThat(fx.board.ledger().devicePulses()).isEqualTo(1);

            // observers still read and see who holds the lease
            assertThat(bob.readDevice(0, 1, 2)).isCloseTo(fx.board.siemens(0, 1, 2), withinPercentage(1e-3));
            LeaseInfo seenByBob = bob.refreshInfo().lease();
            assertThat(seenByBob.held()).isTrue();
            assertThat(seenByBob.holder()).startsWith("alice@lab (#");
            assertThat(seenByBob.heldByYou()).isFalse();
            assertThat(seenByBob.expires()).isAfter(Instant.now());
            assertThat(alice.refreshInfo().lease().heldByYou()).isTrue();
            assertThat(bob.info().capabilities().lease()).as("a gateway says it has a lease").isTrue();
        }
    }

    @Test
    void aReleasedLeaseGoesToTheNextWriterAndTheBoardIsIdledInBetween() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start()) {
            CrossbarBoard alice = fx.client("alice");
            CrossbarBoard bob = fx.client("bob");
            alice.pulse(0, SET);

            LeaseInfo after = alice.lease(LeaseAction.RELEASE, null);

            assertThat(after.held()).isFalse();
            Eventually.await("an abort sent to the board when the lease ended", Duration.ofSeconds(3),
                    () -> fx.board.received(Request.BodyCase.ABORT) == 1);
            assertThat(bob.pulse(0, SET)).isEqualTo(1);
            assertThat(fx.gateway.leaseHolder()).startsWith("bob (#");
            assertThatThrownBy(() -> alice.pulse(0, SET)).hasMessageContaining("held by bob (#");
        }
    }

    @Test
    void twoClientsContendingForTheLeaseExplicitlyGetItOneAfterTheOther() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start()) {
            CrossbarBoard a = fx.client("a");
            CrossbarBoard b = fx.client("b");

            LeaseInfo granted = a.lease(LeaseAction.ACQUIRE, Duration.ofSeconds(30));
            assertThat(granted.heldByYou()).isTrue();
            assertThat(granted.expires()).isBetween(Instant.now().plusSeconds(28), Instant.now().plusSeconds(31));

            assertThatThrownBy(() -> b.lease(LeaseAction.ACQUIRE, null))
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.LEASE_HELD))
                    .hasMessageContaining("held by a (#");
            assertThatThrownBy(() -> b.lease(LeaseAction.RENEW, null)).hasMessageContaining("held by a (#");
            assertThat(b.lease(LeaseAction.RELEASE, null).held()).as("releasing what one does not hold changes nothing")
                    .isTrue();
            assertThat(b.lease(LeaseAction.QUERY, null).holder()).startsWith("a (#");

            a.lease(LeaseAction.RELEASE, null);
            assertThat(b.lease(LeaseAction.ACQUIRE, null).heldByYou()).isTrue();
            assertThatThrownBy(() -> a.lease(LeaseAction.RENEW, null)).hasMessageContaining("held by b (#");
        }
    }

    @Test
    void aLeaseDurationOutsideTheAllowedRangeIsRefusedNotClamped() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.maxLease(Duration.ofMinutes(5)))) {
            CrossbarBoard a = fx.client("a");
            assertThatThrownBy(() -> a.lease(LeaseAction.ACQUIRE, Duration.ofMinutes(6)))
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.INVALID_ARGUMENT))
                    .hasMessageContaining("duration_seconds 360.0 (expected: 0 for the gateway's default of 10.0 s, or 0.1..300.0 s)");
            assertThat(fx.gateway.leaseHolder()).isNull();
        }
    }

    @Test
    void renewingWithoutHoldingTheLeaseSaysToAcquireIt() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start()) {
            assertThatThrownBy(() -> fx.client("a").lease(LeaseAction.RENEW, null))
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.FAILED_PRECONDITION))
                    .hasMessageContaining("does not hold the lease (it is free: acquire it)");
        }
    }

    @Test
    void anExpiredLeaseIdlesTheBoardFreesTheLeaseAndTellsSubscribers() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.defaultLease(Duration.ofMillis(300)))) {
            // No heartbeats: a holder that goes quiet.
            CrossbarBoard quiet = fx.client(GatewayFixture.clientOptions("quiet").heartbeatInterval(Duration.ZERO).build(), "");
            CrossbarBoard watcher = fx.client("watcher");
            List<BoardEvent> seen = new CopyOnWriteArrayList<>();
            watcher.subscribe(seen::add, null);
            watcher.heartbeat(); // answered after the subscription, which went first on the same link

            quiet.pulse(0, SET);
            Eventually.await("a lease event naming the holder", Duration.ofSeconds(2),
                    () -> seen.stream().anyMatch(e -> e.kind() == BoardEvent.Kind.LEASE && e.lease().held()));

            Eventually.await("the lease to expire", Duration.ofSeconds(3), () -> fx.gateway.leaseHolder() == null);
            Eventually.await("the board aborted into safe idle", Duration.ofSeconds(2),
                    () -> fx.board.received(Request.BodyCase.ABORT) == 1);
            Eventually.await("a lease event saying it is free", Duration.ofSeconds(2),
                    () -> seen.stream().anyMatch(e -> e.kind() == BoardEvent.Kind.LEASE && !e.lease().held()));
            assertThat(watcher.refreshInfo().lease().held()).isFalse();

            // the quiet client may write again: it simply takes the free lease once more
            assertThat(quiet.pulse(0, SET)).isEqualTo(1);
        }
    }

    @Test
    void aHolderThatDisconnectsMidOperationLeavesTheBoardInSafeIdleAndTheLeaseFree() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start()) {
            CrossbarBoard watcher = fx.client("watcher");
            List<BoardEvent> seen = new CopyOnWriteArrayList<>();
            watcher.subscribe(seen::add, null);
            watcher.heartbeat();
            RawClient holder = fx.raw();
            assertThat(holder.hello(42, null, "holder").getStatus()).isEqualTo(Status.STATUS_OK);
            assertThat(holder.call(pulse()).getStatus()).isEqualTo(Status.STATUS_OK);
            assertThat(fx.gateway.leaseHolder()).startsWith("holder (#");

            Faults.Hold running = fx.board.faults().holdNextRequest(Request.BodyCase.PULSE);
            holder.send(pulse());
            assertThat(running.awaitArrival(Duration.ofSeconds(2))).as("the second pulse at the board").isTrue();
            holder.close();

            Eventually.await("an abort sent while the pulse is still running", Duration.ofSeconds(3),
                    () -> fx.board.received(Request.BodyCase.ABORT) == 1);
            assertThat(fx.gateway.leaseHolder()).isNull();
            assertThat(fx.board.received(Request.BodyCase.SAFE_IDLE)).as("not before the pulse is answered").isZero();
            running.release();
            Eventually.await("safe idle once the holder's last request was answered", Duration.ofSeconds(3),
                    () -> fx.board.received(Request.BodyCase.SAFE_IDLE) == 1);
            Eventually.await("a lease event saying it is free", Duration.ofSeconds(2),
                    () -> seen.stream().anyMatch(e -> e.kind() == BoardEvent.Kind.LEASE && !e.lease().held()));
        }
    }

    @Test
    void safeIdleFromAnObserverIsRefusedWhileAnotherHoldsTheLeaseButAbortIsAccepted() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start()) {
            CrossbarBoard holder = fx.client("holder");
            CrossbarBoard observer = fx.client("observer");
            holder.pulse(0, SET);

            assertThatThrownBy(observer::safeIdle)
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.LEASE_HELD))
                    .hasMessageContaining("abort stops the holder's operation");
            observer.abort("observer saw smoke");

            assertThat(fx.board.received(Request.BodyCase.ABORT)).isEqualTo(1);
            assertThat(fx.gateway.leaseHolder()).as("an abort does not take the lease away").startsWith("holder (#");
        }
    }

    @Test
    void withAutomaticLeasesOffAWriteNeedsAnExplicitAcquire() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(b -> b.autoLease(false))) {
            CrossbarBoard a = fx.client("a");
            assertThatThrownBy(() -> a.pulse(0, SET))
                    .satisfies(e -> assertThat(statusOf(e)).isEqualTo(BoardStatus.FAILED_PRECONDITION))
                    .hasMessageContaining("acquire it first");
            a.lease(LeaseAction.ACQUIRE, null);
            assertThat(a.pulse(0, SET)).isEqualTo(1);
        }
    }

    @Test
    void aRawLeaseRequestWithAnUnknownActionIsRefused() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(); RawClient r = fx.raw()) {
            r.hello(7, null, "raw");
            Response resp = r.call(Request.newBuilder().setLease(LeaseRequest.newBuilder().setActionValue(42)));
            assertThat(resp.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
            assertThat(resp.getMessage()).contains("expected: ACQUIRE, RENEW, RELEASE or QUERY");
        }
    }

    static Request.Builder pulse() {
        Builder p = org.crossbarhil.protocol.v1.DevicePulse.newBuilder().setRow(1).setCol(2).setVolts(1.2).setWidthSeconds(1e-7)
                .setCount(1);
        return Request.newBuilder().setPulse(PulseRequest.newBuilder().setTile(0).addPulses(p));
    }
}
