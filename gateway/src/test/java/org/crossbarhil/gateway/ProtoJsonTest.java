package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.IdleMode;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.SafeIdleRequest;
import org.crossbarhil.protocol.v1.SetUpdateMaskRequest;
import org.junit.jupiter.api.Test;

class ProtoJsonTest {
    @Test
    void everyFieldIsWrittenZerosIncludedAndEnumsByName() {
        ObjectNode o = ProtoJson.toJson(PulseRequest.newBuilder().setTile(0)
                .addPulses(DevicePulse.newBuilder().setRow(1).setVolts(1.2).setWidthSeconds(1e-7)).build());
        assertThat(o.toString()).isEqualTo("{\"tile\":0,\"pulses\":[{\"row\":1,\"col\":0,\"volts\":1.2,\"width_seconds\":1.0E-7,\"count\":0}]}");
        assertThat(ProtoJson.toJson(SafeIdleRequest.newBuilder().setMode(IdleMode.IDLE_MODE_FLOATING).build()).toString())
                .isEqualTo("{\"mode\":\"IDLE_MODE_FLOATING\"}");
    }

    @Test
    void largeByteFieldsAreSummarisedByLengthAndHash() {
        ObjectNode small = ProtoJson.toJson(SetUpdateMaskRequest.newBuilder().setMask(ByteString.copyFrom(new byte[] {1, 2, 3})).build());
        assertThat(small.get("mask").asText()).isEqualTo("AQID");
        ObjectNode large = ProtoJson.toJson(SetUpdateMaskRequest.newBuilder().setMask(ByteString.copyFrom(new byte[10_000])).build());
        assertThat(large.get("mask").get("bytes").asInt()).isEqualTo(10_000);
        assertThat(large.get("mask").get("sha256").asText()).hasSize(64);
    }
}
