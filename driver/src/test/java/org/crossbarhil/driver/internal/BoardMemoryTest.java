package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.junit.jupiter.api.Test;

/** Which writes the board can still answer from its idempotency memory, as the host reckons it. */
class BoardMemoryTest {
    private final BoardMemory memory = new BoardMemory();

    private static HelloResponse helloWithTtl(double seconds) {
        return HelloResponse.newBuilder().setIdempotencyTtlSeconds(seconds).build();
    }

    /** A ledger reset, as it went out under the memory's current epoch {@code agoMs} ago. */
    private Call<?> resetSent(long agoMs) {
        Call<?> call = new Call<>(ProtocolOperation.LEDGER, Wire.ledger(true), r -> r, false);
        call.seq = 9;
        call.everSent = true;
        call.memoryEpoch = memory.epoch();
        call.firstSentNanos = System.nanoTime() - agoMs * 1_000_000;
        return call;
    }

    @Test
    void aWriteSentRecentlyUnderTheSameMemoryCanBeAnsweredFromIt() {
        memory.learn(helloWithTtl(60));

        assertThat(memory.lostFor(resetSent(10))).isNull();
        assertThat(memory.keepsNothing()).isFalse();
    }

    @Test
    void aWriteSentBeforeTheBoardForgotTheSessionIsLost() {
        memory.learn(helloWithTtl(60));
        Call<?> reset = resetSent(10);

        memory.forget();

        assertThat(memory.lostFor(reset)).contains("did not resume this session");
    }

    @Test
    void aBoardWithoutTtlRemembersNothing() {
        memory.learn(helloWithTtl(0));

        assertThat(memory.keepsNothing()).isTrue();
        assertThat(memory.lostFor(resetSent(0))).contains("keeps no idempotency memory (ttl 0)");
    }

    @Test
    void aWriteNearTheEndOfTheTtlIsAlreadyTreatedAsForgotten() {
        memory.learn(helloWithTtl(1));

        assertThat(memory.lostFor(resetSent(500))).as("well within the ttl").isNull();
        assertThat(memory.lostFor(resetSent(950))).contains("close to or past the board's idempotency ttl of 1000 ms");
    }

    @Test
    void aNegativeTtlCountsAsNone() {
        memory.learn(helloWithTtl(-5));

        assertThat(memory.keepsNothing()).isTrue();
    }
}
