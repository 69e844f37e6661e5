package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.v0.AbortRequest;
import org.crossbarhil.protocol.v0.HeartbeatRequest;
import org.crossbarhil.protocol.v0.InfoRequest;
import org.crossbarhil.protocol.v0.PulseRequest;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;
import org.crossbarhil.protocol.v0.Status;
import org.crossbarhil.protocol.v0.SubscribeRequest;
import org.junit.jupiter.api.Test;

class ReplayMemoryTest {
    private static final long SECOND = 1_000_000_000L;

    private static Request pulse(long seq, int tile) {
        return Request.newBuilder().setSeq(seq).setPulse(PulseRequest.newBuilder().setTile(tile)).build();
    }

    private static Request info(long seq) {
        return Request.newBuilder().setSeq(seq).setInfo(InfoRequest.getDefaultInstance()).build();
    }

    private static Response ok(long seq) {
        return Response.newBuilder().setSeq(seq).setStatus(Status.STATUS_OK).build();
    }

    @Test
    void aKeySeenAgainIsPendingUntilAnsweredThenReplayed() {
        ReplayMemory m = new ReplayMemory(60 * SECOND, 10, 1 << 20);
        ReplayMemory.Lookup first = m.begin(pulse(1, 0), true, null, 0);
        assertThat(first.kind()).isEqualTo(ReplayMemory.Kind.NEW);
        assertThat(m.begin(pulse(1, 0), true, null, 1).kind()).isEqualTo(ReplayMemory.Kind.PENDING);
        m.complete(first.entry(), ok(1), 2);
        ReplayMemory.Lookup again = m.begin(pulse(1, 0), true, null, 3);
        assertThat(again.kind()).isEqualTo(ReplayMemory.Kind.REPLAY);
        assertThat(again.entry().response).isEqualTo(ok(1));
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflictEvenWhilePending() {
        ReplayMemory m = new ReplayMemory(60 * SECOND, 10, 1 << 20);
        m.begin(pulse(1, 0), true, null, 0);
        assertThat(m.begin(pulse(1, 1), true, null, 1).kind()).isEqualTo(ReplayMemory.Kind.CONFLICT);
    }

    @Test
    void aFullMemoryDropsReadsFirstThenTheOldestWriteWhoseRetransmissionIsThenRefused() {
        ReplayMemory m = new ReplayMemory(60 * SECOND, 2, 1 << 20);
        m.complete(m.begin(pulse(1, 0), true, null, 1).entry(), ok(1), 1);
        m.complete(m.begin(info(2), false, null, 2).entry(), ok(2), 2);
        m.complete(m.begin(pulse(3, 0), true, null, 3).entry(), ok(3), 3);
        assertThat(m.begin(pulse(1, 0), true, null, 4).kind()).as("the read gave way, not the older write")
                .isEqualTo(ReplayMemory.Kind.REPLAY);

        ReplayMemory.Lookup fourth = m.begin(pulse(4, 0), true, null, 5);
        assertThat(fourth.kind()).as("a full memory is no rate limit on writes").isEqualTo(ReplayMemory.Kind.NEW);
        m.complete(fourth.entry(), ok(4), 5);
        assertThat(m.begin(pulse(1, 0), true, null, 6).kind()).isEqualTo(ReplayMemory.Kind.FORGOTTEN);
        assertThat(m.begin(pulse(3, 0), true, null, 6).kind()).isEqualTo(ReplayMemory.Kind.REPLAY);
    }

    @Test
    void readAnswersGiveWayToANewWrite() {
        ReplayMemory m = new ReplayMemory(60 * SECOND, 2, 1 << 20);
        m.complete(m.begin(info(1), false, null, 1).entry(), ok(1), 1);
        m.complete(m.begin(info(2), false, null, 2).entry(), ok(2), 2);
        ReplayMemory.Lookup write = m.begin(pulse(3, 0), true, null, 3);
        assertThat(write.kind()).isEqualTo(ReplayMemory.Kind.NEW);
        m.complete(write.entry(), ok(3), 3);
        assertThat(m.begin(pulse(3, 0), true, null, 4).kind()).isEqualTo(ReplayMemory.Kind.REPLAY);
        assertThat(m.begin(info(1), false, null, 5).kind()).as("the oldest read made room and runs again")
                .isEqualTo(ReplayMemory.Kind.NEW);
        assertThat(m.begin(info(2), false, null, 5).kind()).isEqualTo(ReplayMemory.Kind.REPLAY);
    }

    @Test
    void anExpiredWriteIsRefusedAsForgottenButAnExpiredReadMayRunAgain() {
        ReplayMemory m = new ReplayMemory(SECOND, 100, 1 << 20);
        m.complete(m.begin(pulse(1, 0), true, null, 0).entry(), ok(1), 0);
        m.complete(m.begin(info(2), false, null, 0).entry(), ok(2), 0);
        m.expire(5 * SECOND);
        assertThat(m.begin(pulse(1, 0), true, null, 5 * SECOND).kind()).isEqualTo(ReplayMemory.Kind.FORGOTTEN);
        assertThat(m.begin(info(2), false, null, 5 * SECOND).kind()).isEqualTo(ReplayMemory.Kind.NEW);
        assertThat(m.begin(pulse(3, 0), true, null, 5 * SECOND).kind()).as("newer writes are unaffected")
                .isEqualTo(ReplayMemory.Kind.NEW);
    }

    @Test
    void heartbeatAbortAndSubscribeAreNotRememberedOnceAnswered() {
        ReplayMemory m = new ReplayMemory(60 * SECOND, 10, 1 << 20);
        Request[] repeatable = {
            Request.newBuilder().setSeq(1).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build(),
            Request.newBuilder().setSeq(2).setAbort(AbortRequest.getDefaultInstance()).build(),
            Request.newBuilder().setSeq(3).setSubscribe(SubscribeRequest.getDefaultInstance()).build()};
        for (Request r : repeatable) {
            ReplayMemory.Lookup first = m.begin(r, r.hasAbort(), null, 1);
            assertThat(m.begin(r, r.hasAbort(), null, 1).kind()).as("still answered once while at the board")
                    .isEqualTo(ReplayMemory.Kind.PENDING);
            m.complete(first.entry(), ok(r.getSeq()), 2);
            assertThat(m.begin(r, r.hasAbort(), null, 3).kind()).as(r.getBodyCase() + " runs again").isEqualTo(ReplayMemory.Kind.NEW);
        }
        assertThat(m.highestSeq()).isEqualTo(3);
    }

    @Test
    void answersOlderThanTheTtlAreDroppedButPendingOnesNever() {
        ReplayMemory m = new ReplayMemory(SECOND, 100, 1 << 20);
        ReplayMemory.Lookup pending = m.begin(pulse(1, 0), true, null, 0);
        m.complete(m.begin(pulse(2, 0), true, null, 0).entry(), ok(2), 0);
        m.expire(5 * SECOND);
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.begin(pulse(1, 0), true, null, 5 * SECOND).kind()).isEqualTo(ReplayMemory.Kind.PENDING);
        assertThat(pending.entry().response).isNull();
    }

    @Test
    void theByteBudgetDropsTheOldestAnswers() {
        ReplayMemory m = new ReplayMemory(60 * SECOND, 100, 300);
        for (long seq = 1; seq <= 10; seq++) {
            m.complete(m.begin(info(seq), false, null, seq).entry(), ok(seq).toBuilder().setMessage("x".repeat(50)).build(), seq);
        }
        assertThat(m.bytes()).isLessThanOrEqualTo(300);
        assertThat(m.begin(info(10), false, null, 11).kind()).isEqualTo(ReplayMemory.Kind.REPLAY);
        assertThat(m.highestSeq()).isEqualTo(10);
    }

    @Test
    void aForgottenEntryMayBeSentAgain() {
        ReplayMemory m = new ReplayMemory(60 * SECOND, 10, 1 << 20);
        ReplayMemory.Lookup first = m.begin(pulse(1, 0), true, null, 0);
        m.forget(first.entry());
        assertThat(m.begin(pulse(1, 0), true, null, 1).kind()).isEqualTo(ReplayMemory.Kind.NEW);
    }
}
