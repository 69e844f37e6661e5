package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.v1.PulseReadResponse;
import org.crossbarhil.protocol.v1.ReadResponse;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;

/** An answer too large for the client's frames is replaced by a status that tells the truth about what ran. */
class OversizedAnswerTest {
    @Test
    void aWriteThatRanIsReportedAsRunNotAsNothingApplied() {
        Response ran = Response.newBuilder().setSeq(7).setStatus(Status.STATUS_OK).setPulseRead(PulseReadResponse.getDefaultInstance())
                .build();
        Response r = ClientConnection.tooLarge(ran, "70000 bytes");
        assertThat(r.getSeq()).isEqualTo(7);
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INTERNAL);
        assertThat(r.getMessage()).contains("pulse_read ran on the board").contains("read the devices");
    }

    @Test
    void aReadOrARefusalIsResourceExhaustedBecauseNothingChanged() {
        Response read = Response.newBuilder().setSeq(8).setStatus(Status.STATUS_OK).setRead(ReadResponse.getDefaultInstance()).build();
        Response refused = Response.newBuilder().setSeq(9).setStatus(Status.STATUS_OUT_OF_ENVELOPE).setMessage("x".repeat(10)).build();
        assertThat(ClientConnection.tooLarge(read, "70000 bytes").getStatus()).isEqualTo(Status.STATUS_RESOURCE_EXHAUSTED);
        assertThat(ClientConnection.tooLarge(refused, "70000 bytes").getStatus()).isEqualTo(Status.STATUS_RESOURCE_EXHAUSTED);
    }
}
