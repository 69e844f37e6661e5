package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.v1.Request;
import org.junit.jupiter.api.Test;

/** The classes of docs/protocol.md section 3.4 as calls see them, and which requests the driver never repeats blindly. */
class RepeatRuleTest {
    private static Call<Request> call(Request r) {
        return new Call<>(ProtocolOperation.of(r), r, x -> r, false);
    }

    @Test
    void aLedgerResetIsAWriteThatIsNeverRepeatedBlindly() {
        Call<Request> reset = call(Wire.ledger(true));

        assertThat(reset.writeClass).isTrue();
        assertThat(reset.neverRepeatBlindly).isTrue();
    }

    @Test
    void aPlainLedgerReadIsReadClass() {
        Call<Request> read = call(Wire.ledger(false));

        assertThat(read.writeClass).isFalse();
        assertThat(read.neverRepeatBlindly).isFalse();
    }

    @Test
    void safeIdleIsWriteClassButHarmlessToRepeat() {
        Call<Request> idle = call(Wire.safeIdle());

        assertThat(idle.writeClass).isTrue();
        assertThat(idle.neverRepeatBlindly).isFalse();
    }

    @Test
    void sessionAndControlRequestsAreNotWrites() {
        for (Request r : new Request[] {Wire.heartbeat(), Wire.info(), Request.newBuilder()
                .setAbort(org.crossbarhil.protocol.v1.AbortRequest.getDefaultInstance()).build()}) {
            assertThat(call(r).writeClass).as(r.getBodyCase().toString()).isFalse();
        }
    }

    @Test
    void aPulseIsNeverRepeatedBlindlyWhileReadingTheLimitsMayBe() {
        assertThat(call(Wire.pulse(0, List.of())).neverRepeatBlindly).isTrue();
        assertThat(call(Wire.getLimits()).neverRepeatBlindly).isFalse();
    }
}
