package org.crossbarhil.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private final ManualClock clock = new ManualClock();
    private final Firmware firmware = new Firmware(SimConfig.fromParameters(java.util.Map.of("profile", "taox-2x64")), clock);

    private Request hello(int major, long session) {
        return Request.newBuilder().setSeq(0).setHello(HelloRequest.newBuilder().setProtocolMajor(major)
                .setProtocolMinor(ProtocolVersion.MINOR).setSessionId(session)).build();
    }

    @Test
    void aRequestBeforeHelloIsRefusedAsFailedPrecondition() {
        FirmwareConnection c = firmware.connect(EventSink.NONE);
        Response r = c.handle(Request.newBuilder().setSeq(5).setInfo(InfoRequest.getDefaultInstance()).build());
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_FAILED_PRECONDITION);
        assertThat(r.getSeq()).isEqualTo(5);
        assertThat(r.getMessage()).contains("Hello first");
    }

    @Test
    void helloWithAnotherMajorVersionIsRefusedNamingBothVersions() {
        FirmwareConnection c = firmware.connect(EventSink.NONE);
        Response r = c.handle(hello(ProtocolVersion.MAJOR + 1, 7));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_VERSION_MISMATCH);
        assertThat(r.getMessage()).contains("host speaks protocol " + (ProtocolVersion.MAJOR + 1) + "." + ProtocolVersion.MINOR)
                .contains("this board speaks " + ProtocolVersion.string());
        // Still no session: the next request is refused.
        assertThat(c.handle(Request.newBuilder().setSeq(1).setInfo(InfoRequest.getDefaultInstance()).build()).getStatus())
                .isEqualTo(Status.STATUS_FAILED_PRECONDITION);
    }

    @Test
    void helloOfAnotherMinorVersionIsAcceptedAndAnsweredWithTheBoardsOwnVersion() {
        FirmwareConnection c = firmware.connect(EventSink.NONE);
        Request newer = Request.newBuilder().setSeq(1).setHello(HelloRequest.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR)
                .setProtocolMinor(ProtocolVersion.MINOR + 5).setSessionId(8)).build();
        Response r = c.handle(newer);
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_OK);
        assertThat(r.getHello().getProtocolMajor()).isEqualTo(ProtocolVersion.MAJOR);
        assertThat(r.getHello().getProtocolMinor()).isEqualTo(ProtocolVersion.MINOR);
    }

    @Test
    void aFrameStampedWithAForeignMajorIsAnsweredWithItsSeqAndBothVersions() {
        FirmwareConnection c = firmware.connect(EventSink.NONE);
        byte[] payload = Request.newBuilder().setSeq(42).setHello(HelloRequest.newBuilder().setProtocolMajor(3)).build().toByteArray();
        Response r = c.foreignVersion(3, payload);
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_VERSION_MISMATCH);
        assertThat(r.getSeq()).isEqualTo(42);
        assertThat(r.getMessage()).contains("host speaks protocol 3.0").contains("this board speaks " + ProtocolVersion.string());
    }

    @Test
    void aForeignFrameThatDoesNotParseIsStillAnswered() {
        Response r = firmware.connect(EventSink.NONE).foreignVersion(9, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01});
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_VERSION_MISMATCH);
        assertThat(r.getSeq()).isZero();
    }

    @Test
    void helloReportsHardLimitsAsInitialWorkingLimitsAndTheCapabilities() {
        Response r = firmware.connect(EventSink.NONE).handle(hello(ProtocolVersion.MAJOR, 99));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_OK);
        HelloResponse h = r.getHello();
        assertThat(h.getWorkingLimits()).isEqualTo(h.getDescription().getHardLimits());
        assertThat(h.getDescription().getCapabilities().getSimulated()).isTrue();
        assertThat(h.getDescription().getCapabilities().getParallelOuterProductUpdate()).isTrue();
        assertThat(h.getDescription().getCapabilities().getUpdateMask()).isFalse();
        assertThat(h.getDescription().getGeometry().getTiles()).isEqualTo(2);
        assertThat(h.getDescription().getGeometry().getRows()).isEqualTo(64);
        assertThat(h.getDescription().getConverters().getAdcBits()).isEqualTo(9);
        assertThat(h.getIdempotencyTtlSeconds()).isPositive();
        assertThat(h.getIdempotencyCapacity()).isPositive();
        assertThat(h.getHeartbeatTimeoutSeconds()).isPositive();
        assertThat(h.getMaxFrameBytes()).isEqualTo(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
        assertThat(h.getSessionResumed()).isFalse();
    }

    @Test
    void aHelloWithSessionIdZeroIsRefused() {
        Response r = firmware.connect(EventSink.NONE).handle(hello(ProtocolVersion.MAJOR, 0));
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).contains("session_id");
    }

    @Test
    void aSecondConnectionWithTheSameSessionIdResumesIt() {
        FirmwareConnection first = firmware.connect(EventSink.NONE);
        first.handle(hello(ProtocolVersion.MAJOR, 77));
        first.handle(Request.newBuilder().setSeq(12).setInfo(InfoRequest.getDefaultInstance()).build());
        first.close();
        HelloResponse h = firmware.connect(EventSink.NONE).handle(hello(ProtocolVersion.MAJOR, 77)).getHello();
        assertThat(h.getSessionResumed()).isTrue();
        assertThat(h.getHighestSeqSeen()).isEqualTo(12);
    }
}
