package org.crossbarhil.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.v0.Request;
import org.junit.jupiter.api.Test;

/** The classes of docs/protocol.md section 3.4, and which requests the driver never repeats blindly. */
class OperationTest {

    @Test
    void aLedgerResetIsAWriteThatIsNeverRepeatedBlindly() {
        Request reset = Wire.ledger(true);

        assertThat(Operation.of(reset).isWriteClass(reset)).isTrue();
        assertThat(Operation.of(reset).neverRepeatBlindly(reset)).isTrue();
    }

    @Test
    void aPlainLedgerReadIsReadClass() {
        Request read = Wire.ledger(false);

        assertThat(Operation.of(read).isWriteClass(read)).isFalse();
        assertThat(Operation.of(read).neverRepeatBlindly(read)).isFalse();
    }

    @Test
    void safeIdleIsWriteClassButHarmlessToRepeat() {
        Request idle = Wire.safeIdle();

        assertThat(Operation.of(idle).isWriteClass(idle)).isTrue();
        assertThat(Operation.of(idle).neverRepeatBlindly(idle)).isFalse();
    }

    @Test
    void sessionAndControlRequestsAreNotWrites() {
        for (Request r : new Request[] {Wire.heartbeat(), Wire.info(), Request.newBuilder()
                .setAbort(org.crossbarhil.protocol.v0.AbortRequest.getDefaultInstance()).build()}) {
            assertThat(Operation.of(r).isWriteClass(r)).as(r.getBodyCase().toString()).isFalse();
        }
    }
}
