package org.crossbarhil.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.crossbarhil.protocol.rules.IdempotencyMemory.Kind;
import org.crossbarhil.protocol.rules.IdempotencyMemory.Lookup;
import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.SubscribeRequest;
import org.junit.jupiter.api.Test;

/** docs/protocol.md section 6, as the simulator's firmware and the gateway both keep it. */
class IdempotencyMemoryTest {
    private static final long SECOND = 1_000_000_000L;
    /** Above 2^63: negative as a Java long. */
    private static final long HIGH_SEQ = Long.MIN_VALUE + 5;

    private final AtomicLong now = new AtomicLong();

    private IdempotencyMemory<Response> memory(long ttlSeconds, int capacity, long maxBytes) {
        return new IdempotencyMemory<>(Duration.ofSeconds(ttlSeconds), capacity, maxBytes, now::get);
    }

    private static Request pulse(long seq, int tile) {
        return Request.newBuilder().setSeq(seq).setPulse(PulseRequest.newBuilder().setTile(tile)).build();
    }

    private static Request info(long seq) {
        return Request.newBuilder().setSeq(seq).setInfo(InfoRequest.getDefaultInstance()).build();
    }

    private static Response ok(long seq) {
        return Response.newBuilder().setSeq(seq).setStatus(Status.STATUS_OK).build();
    }

    /** Begins a new key at the current time and completes it {@code later} nanoseconds after. */
    private void run(IdempotencyMemory<Response> m, Request r, long later) {
        Lookup<Response> found = m.begin(r, null);
        assertThat(found.kind()).as("seq %s", Long.toUnsignedString(r.getSeq())).isEqualTo(Kind.NEW);
        now.addAndGet(later);
        Response answer = ok(r.getSeq());
        m.complete(found.slot(), answer, answer.getSerializedSize());
    }

    private void run(IdempotencyMemory<Response> m, Request r) {
        run(m, r, 0);
    }

    @Test
    void aKeySeenAgainIsPendingUntilAnsweredThenReplayed() {
        IdempotencyMemory<Response> m = memory(60, 10, 1 << 20);
        Lookup<Response> first = m.begin(pulse(1, 0), null);
        assertThat(first.kind()).isEqualTo(Kind.NEW);
        assertThat(m.begin(pulse(1, 0), null).kind()).isEqualTo(Kind.PENDING);
        m.complete(first.slot(), ok(1), 10);
        Lookup<Response> again = m.begin(pulse(1, 0), null);
        assertThat(again.kind()).isEqualTo(Kind.REPLAY);
        assertThat(again.value()).isEqualTo(ok(1));
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflictEvenWhilePending() {
        IdempotencyMemory<Response> m = memory(60, 10, 1 << 20);
        m.begin(pulse(1, 0), null);
        Lookup<Response> conflict = m.begin(pulse(1, 1), null);
        assertThat(conflict.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(conflict.slot().operation()).as("the operation that took the key").contains(ProtocolOperation.PULSE);
        run(m, info(2));
        assertThat(m.begin(pulse(2, 0), null).kind()).as("a write on a read's key").isEqualTo(Kind.CONFLICT);
    }

    @Test
    void aFullMemoryDropsReadsFirstThenTheOldestWriteWhoseRetransmissionIsThenRefused() {
        IdempotencyMemory<Response> m = memory(60, 2, 1 << 20);
        run(m, pulse(1, 0));
        run(m, info(2));
        run(m, pulse(3, 0));
        assertThat(m.begin(pulse(1, 0), null).kind()).as("the read gave way, not the older write").isEqualTo(Kind.REPLAY);

        Lookup<Response> fourth = m.begin(pulse(4, 0), null);
        assertThat(fourth.kind()).as("a full memory is no rate limit on writes").isEqualTo(Kind.NEW);
        m.complete(fourth.slot(), ok(4), 10);
        assertThat(m.begin(pulse(1, 0), null).kind()).isEqualTo(Kind.FORGOTTEN);
        assertThat(m.highestForgottenWrite()).isEqualTo(1);
        assertThat(m.begin(pulse(3, 0), null).kind()).isEqualTo(Kind.REPLAY);
    }

    @Test
    void readAnswersGiveWayToANewWrite() {
        IdempotencyMemory<Response> m = memory(60, 2, 1 << 20);
        run(m, info(1));
        run(m, info(2));
        run(m, pulse(3, 0));
        assertThat(m.begin(pulse(3, 0), null).kind()).isEqualTo(Kind.REPLAY);
        assertThat(m.begin(info(1), null).kind()).as("the oldest read made room and runs again").isEqualTo(Kind.NEW);
        assertThat(m.begin(info(2), null).kind()).isEqualTo(Kind.REPLAY);
    }

    @Test
    void anExpiredWriteIsRefusedAsForgottenButAnExpiredReadMayRunAgain() {
        IdempotencyMemory<Response> m = memory(1, 100, 1 << 20);
        run(m, pulse(1, 0));
        run(m, info(2));
        now.set(5 * SECOND);
        m.expire();
        assertThat(m.begin(pulse(1, 0), null).kind()).isEqualTo(Kind.FORGOTTEN);
        assertThat(m.begin(info(2), null).kind()).isEqualTo(Kind.NEW);
        assertThat(m.begin(pulse(3, 0), null).kind()).as("newer writes are unaffected").isEqualTo(Kind.NEW);
    }

    @Test
    void anAnswerExpiresWhenItsTimeToLiveHasPassedWithoutAnExpireCall() {
        IdempotencyMemory<Response> m = memory(10, 100, 1 << 20);
        run(m, pulse(1, 0));
        now.set(10 * SECOND - 1);
        assertThat(m.begin(pulse(1, 0), null).kind()).isEqualTo(Kind.REPLAY);
        now.set(10 * SECOND);
        assertThat(m.begin(pulse(1, 0), null).kind()).isEqualTo(Kind.FORGOTTEN);
    }

    @Test
    void heartbeatAbortAndSubscribeAreNotRememberedOnceAnswered() {
        IdempotencyMemory<Response> m = memory(60, 10, 1 << 20);
        Request[] repeatable = {
            Request.newBuilder().setSeq(1).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build(),
            Request.newBuilder().setSeq(2).setAbort(AbortRequest.getDefaultInstance()).build(),
            Request.newBuilder().setSeq(3).setSubscribe(SubscribeRequest.getDefaultInstance()).build()};
        for (Request r : repeatable) {
            Lookup<Response> first = m.begin(r, null);
            assertThat(m.begin(r, null).kind()).as("still answered once while executing").isEqualTo(Kind.PENDING);
            m.complete(first.slot(), ok(r.getSeq()), 10);
            assertThat(first.slot().answered()).isFalse();
            assertThat(m.begin(r, null).kind()).as(r.getBodyCase() + " runs again").isEqualTo(Kind.NEW);
        }
        assertThat(m.highestSeq()).isEqualTo(3);
    }

    @Test
    void answersOlderThanTheTtlAreDroppedButPendingOnesNever() {
        IdempotencyMemory<Response> m = memory(1, 100, 1 << 20);
        Lookup<Response> pending = m.begin(pulse(1, 0), null);
        run(m, pulse(2, 0));
        now.set(5 * SECOND);
        m.expire();
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.begin(pulse(1, 0), null).kind()).isEqualTo(Kind.PENDING);
        assertThat(pending.slot().answered()).isFalse();
    }

    @Test
    void theByteBudgetDropsTheOldestAnswers() {
        IdempotencyMemory<Response> m = memory(60, 100, 300);
        for (long seq = 1; seq <= 10; seq++) {
            Lookup<Response> found = m.begin(info(seq), null);
            Response big = ok(seq).toBuilder().setMessage("x".repeat(50)).build();
            m.complete(found.slot(), big, info(seq).getSerializedSize() + big.getSerializedSize());
        }
        assertThat(m.bytes()).isLessThanOrEqualTo(300);
        assertThat(m.begin(info(10), null).kind()).isEqualTo(Kind.REPLAY);
        assertThat(m.highestSeq()).isEqualTo(10);
    }

    @Test
    void theNewestAnswerIsKeptEvenWhenItAloneExceedsTheByteBudget() {
        IdempotencyMemory<Response> m = memory(60, 100, 100);
        Lookup<Response> found = m.begin(pulse(1, 0), null);
        m.complete(found.slot(), ok(1), 1000);

        assertThat(m.begin(pulse(1, 0), null).kind()).as("its own retransmission finds it").isEqualTo(Kind.REPLAY);
        run(m, pulse(2, 0));
        assertThat(m.begin(pulse(1, 0), null).kind()).as("pushed out by the next").isEqualTo(Kind.FORGOTTEN);
    }

    @Test
    void anAbandonedKeyMayBeSentAgain() {
        IdempotencyMemory<Response> m = memory(60, 10, 1 << 20);
        Lookup<Response> first = m.begin(pulse(1, 0), null);
        m.abandon(first.slot());
        assertThat(m.begin(pulse(1, 0), null).kind()).isEqualTo(Kind.NEW);
        m.complete(first.slot(), ok(1), 10);
        assertThat(m.begin(pulse(1, 0), null).kind()).as("the abandoned slot's late answer is not kept").isEqualTo(Kind.PENDING);
    }

    @Test
    void safeIdleIsAWriteSoAForgottenSafeIdleKeyIsRefusedNotRunAgain() {
        IdempotencyMemory<Response> m = memory(60, 1, 1 << 20);
        Request idle = Request.newBuilder().setSeq(1).setSafeIdle(SafeIdleRequest.getDefaultInstance()).build();
        run(m, idle);
        run(m, info(2));
        assertThat(m.begin(idle, null).kind()).as("the read gave way to the safe idle").isEqualTo(Kind.REPLAY);
        run(m, pulse(3, 0));

        assertThat(m.begin(idle, null).kind()).isEqualTo(Kind.FORGOTTEN);
    }

    @Test
    void theTimeToLiveCountsFromTheAnswerNotFromTheRequestsArrival() {
        IdempotencyMemory<Response> m = memory(10, 100, 1 << 20);
        run(m, pulse(1, 0), 8 * SECOND);
        now.addAndGet(9 * SECOND);

        assertThat(m.begin(pulse(1, 0), null).kind()).as("17 s after arrival, 9 s after its answer").isEqualTo(Kind.REPLAY);
    }

    @Test
    void aWriteWithSeqZeroIsNeverTakenAsAKey() {
        IdempotencyMemory<Response> m = memory(60, 10, 1 << 20);

        assertThatThrownBy(() -> m.begin(pulse(0, 0), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq 0");
        assertThat(m.isEmpty()).isTrue();
        assertThat(m.begin(info(0), null).kind()).as("a read with seq 0 is no write").isEqualTo(Kind.NEW);
    }

    @Test
    void seqsAboveTwoToThe63AreComparedAsTheUnsignedNumbersTheyAre() {
        IdempotencyMemory<Response> m = memory(60, 1, 1 << 20);
        run(m, pulse(HIGH_SEQ, 0));
        assertThat(Long.toUnsignedString(m.highestSeq())).isEqualTo("9223372036854775813");
        run(m, pulse(HIGH_SEQ + 1, 0));

        assertThat(Long.toUnsignedString(m.highestForgottenWrite())).isEqualTo("9223372036854775813");
        assertThat(m.begin(pulse(7, 0), null).kind()).as("7 is below the forgotten 2^63 + 5").isEqualTo(Kind.FORGOTTEN);
        assertThat(m.begin(pulse(HIGH_SEQ + 2, 0), null).kind()).isEqualTo(Kind.NEW);
        m.executed(-1);
        assertThat(m.highestSeq()).as("2^64 - 1, the highest seq there is").isEqualTo(-1);
    }

    @Test
    void aRequestRunWithoutTheMemoryCountsForTheHighestSeq() {
        IdempotencyMemory<Response> m = memory(60, 10, 1 << 20);
        run(m, pulse(4, 0));
        m.executed(9);
        m.executed(6);

        assertThat(m.highestSeq()).isEqualTo(9);
        assertThat(m.begin(pulse(9, 0), null).kind()).as("an executed seq is not remembered").isEqualTo(Kind.NEW);
    }

    @Test
    void aBodyOfALaterMinorVersionIsRememberedLikeARead() {
        IdempotencyMemory<Response> m = memory(60, 1, 1 << 20);
        Request unknown = Request.newBuilder().setSeq(1).build();
        run(m, unknown);
        assertThat(m.begin(unknown, null).kind()).isEqualTo(Kind.REPLAY);
        run(m, pulse(2, 0));

        assertThat(m.begin(unknown, null).kind()).as("gave way as a read, not forgotten as a write").isEqualTo(Kind.NEW);
    }

    @Test
    void emptyOnlyWhenNothingIsRememberedOrExecuting() {
        IdempotencyMemory<Response> m = memory(1, 10, 1 << 20);
        assertThat(m.isEmpty()).isTrue();
        Lookup<Response> executing = m.begin(pulse(1, 0), null);
        assertThat(m.isEmpty()).isFalse();
        m.complete(executing.slot(), ok(1), 10);
        assertThat(m.isEmpty()).isFalse();
        now.set(2 * SECOND);
        m.expire();
        assertThat(m.isEmpty()).isTrue();
        assertThat(m.begin(pulse(1, 0), null).kind()).as("the record of forgotten writes outlives the answers")
                .isEqualTo(Kind.FORGOTTEN);
    }

    @Test
    void boundsAreCheckedWhenTheMemoryIsMade() {
        assertThatThrownBy(() -> new IdempotencyMemory<Response>(Duration.ZERO, 1, 1, now::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl PT0S (expected: > 0)");
        assertThatThrownBy(() -> new IdempotencyMemory<Response>(Duration.ofSeconds(1), 0, 1, now::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity 0 (expected: >= 1)");
        assertThatThrownBy(() -> new IdempotencyMemory<Response>(Duration.ofSeconds(1), 1, 0, now::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBytes 0 (expected: >= 1)");
    }
}
