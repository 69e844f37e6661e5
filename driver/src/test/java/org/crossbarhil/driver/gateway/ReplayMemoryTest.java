package org.crossbarhil.driver.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.v0.InfoRequest;
import org.crossbarhil.protocol.v0.PulseRequest;
import org.crossbarhil.protocol.v0.Request;
import org.crossbarhil.protocol.v0.Response;
import org.crossbarhil.protocol.v0.Status;
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
    void aForgottenWriteIsRefusedButAForgottenReadMayRunAgain() {
        ReplayMemory m = new ReplayMemory(60 * SECOND, 2, 1 << 20);
        for (long seq = 1; seq <= 4; seq++) {
            Request r = seq % 2 == 1 ? pulse(seq, 0) : info(seq);
            m.complete(m.begin(r, r.hasPulse(), null, seq).entry(), ok(seq), seq);
        }
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.begin(pulse(1, 0), true, null, 10).kind()).isEqualTo(ReplayMemory.Kind.FORGOTTEN);
        assertThat(m.begin(info(2), false, null, 10).kind()).isEqualTo(ReplayMemory.Kind.NEW);
        assertThat(m.begin(pulse(5, 0), true, null, 10).kind()).as("newer writes are unaffected").isEqualTo(ReplayMemory.Kind.NEW);
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
