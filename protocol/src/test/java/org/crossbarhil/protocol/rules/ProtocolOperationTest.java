package org.crossbarhil.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.crossbarhil.protocol.v1.LedgerRequest;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.RampRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.junit.jupiter.api.Test;

/** The table of docs/protocol.md sections 3.1, 3.4, 6 and 7, as the code holds it. */
class ProtocolOperationTest {
    private static final Limits WORKING = Limits.newBuilder().setMaxVolts(1.5).setMaxReadVolts(0.3).setMaxHalfSelectVolts(0.75)
            .setMinPulseSeconds(1e-8).setMaxPulseSeconds(1e-3).setMaxPulsesPerCommand(100).setMaxDeviceAmperes(1e-3)
            .setMaxLineAmperes(1e-2).build();

    /** A request of each operation, every field at its default. */
    private static Request of(ProtocolOperation op) {
        FieldDescriptor body = Request.getDescriptor().findFieldByNumber(op.requestBody().getNumber());
        Request.Builder b = Request.newBuilder();
        return b.setField(body, b.newBuilderForField(body).build()).build();
    }

    @Test
    void everyRequestBodyHasExactlyOneOperationNamedAfterItsField() {
        for (Request.BodyCase body : Request.BodyCase.values()) {
            if (body == Request.BodyCase.BODY_NOT_SET) {
                assertThat(ProtocolOperation.find(body)).isEmpty();
                continue;
            }
            ProtocolOperation op = ProtocolOperation.find(body).orElseThrow();
            assertThat(op.requestBody()).isEqualTo(body);
            assertThat(op.wireName()).isEqualTo(Request.getDescriptor().findFieldByNumber(body.getNumber()).getName());
            assertThat(op).hasToString(op.wireName());
        }
        assertThat(ProtocolOperation.values()).hasSize(Request.BodyCase.values().length - 1);
        assertThat(ProtocolOperation.OUTER_PRODUCT_UPDATE.wireName()).isEqualTo("outer_product_update");
    }

    @Test
    void eachAnswerBodyHasTheRequestsFieldNumberButLimitsAnswersBothLimitRequests() {
        for (ProtocolOperation op : ProtocolOperation.values()) {
            if (op == ProtocolOperation.GET_LIMITS || op == ProtocolOperation.SET_LIMITS) {
                assertThat(op.responseBody()).isEqualTo(Response.BodyCase.LIMITS);
            } else {
                assertThat(op.responseBody().getNumber()).as(op.wireName()).isEqualTo(op.requestBody().getNumber());
                assertThat(ProtocolOperation.answeredBy(op.responseBody())).contains(op);
            }
        }
        assertThat(ProtocolOperation.answeredBy(Response.BodyCase.LIMITS)).as("cannot tell get from set").isEmpty();
        assertThat(ProtocolOperation.answeredBy(Response.BodyCase.BODY_NOT_SET)).isEmpty();
    }

    @Test
    void theWriteClassIsTheSpecsListAndALedgerResetJoinsIt() {
        Set<ProtocolOperation> writes = Arrays.stream(ProtocolOperation.values()).filter(op -> op.isWriteClass(of(op)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ProtocolOperation.class)));

        assertThat(writes).containsExactlyInAnyOrder(ProtocolOperation.CONFIGURE, ProtocolOperation.PULSE,
                ProtocolOperation.OUTER_PRODUCT_UPDATE, ProtocolOperation.PULSE_READ, ProtocolOperation.WRITE_VERIFY,
                ProtocolOperation.RAMP, ProtocolOperation.SET_LIMITS, ProtocolOperation.SAFE_IDLE,
                ProtocolOperation.SET_UPDATE_MASK, ProtocolOperation.SETTLE_NETWORK);
        Request reset = Request.newBuilder().setLedger(LedgerRequest.newBuilder().setReset(true)).build();
        assertThat(ProtocolOperation.LEDGER.isWriteClass(reset)).isTrue();
        assertThat(ProtocolOperation.LEDGER.operationClass()).isEqualTo(OperationClass.READ);
    }

    @Test
    void helloHeartbeatAbortAndSubscribeAloneAreNotRemembered() {
        Set<ProtocolOperation> forgotten = Arrays.stream(ProtocolOperation.values()).filter(op -> !op.remembered())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ProtocolOperation.class)));

        assertThat(forgotten).containsExactlyInAnyOrder(ProtocolOperation.HELLO, ProtocolOperation.HEARTBEAT,
                ProtocolOperation.ABORT, ProtocolOperation.SUBSCRIBE);
    }

    @Test
    void loosenedLimitsAndFormingTakeAnAdministratorAndNothingElseDoes() {
        Request tighten = Request.newBuilder().setSetLimits(SetLimitsRequest.newBuilder()
                .setWorkingLimits(WORKING.toBuilder().setMaxVolts(1.0))).build();
        Request loosen = Request.newBuilder().setSetLimits(SetLimitsRequest.newBuilder()
                .setWorkingLimits(WORKING.toBuilder().setMaxPulsesPerCommand((int) 3_000_000_000L))).build();
        Request forming = Request.newBuilder().setRamp(RampRequest.newBuilder().setForming(true)).build();

        assertThat(ProtocolOperation.SET_LIMITS.needsAdministrator(tighten, WORKING)).isFalse();
        assertThat(ProtocolOperation.SET_LIMITS.needsAdministrator(loosen, WORKING)).as("3,000,000,000 pulses loosen 100").isTrue();
        assertThat(ProtocolOperation.RAMP.needsAdministrator(forming, WORKING)).isTrue();
        assertThat(ProtocolOperation.RAMP.needsAdministrator(of(ProtocolOperation.RAMP), WORKING)).isFalse();
        for (ProtocolOperation op : ProtocolOperation.values()) {
            if (op != ProtocolOperation.SET_LIMITS && op != ProtocolOperation.RAMP) {
                assertThat(op.administrator()).as(op.wireName()).isEqualTo(AdministratorRule.NONE);
                assertThat(op.needsAdministrator(of(op), WORKING)).isFalse();
            }
        }
    }

    @Test
    void aRequestWithoutABodyOrOfAnotherOperationIsRefusedByName() {
        assertThatThrownBy(() -> ProtocolOperation.of(Request.newBuilder().setSeq(-1).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("request 18446744073709551615 carries no operation (body BODY_NOT_SET)");
        Request pulse = Request.newBuilder().setPulse(PulseRequest.getDefaultInstance()).build();
        assertThatThrownBy(() -> ProtocolOperation.READ.isWriteClass(pulse))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a PULSE request is not a read");
    }
}
