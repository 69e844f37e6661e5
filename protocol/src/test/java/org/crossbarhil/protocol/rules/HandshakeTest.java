package org.crossbarhil.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.LedgerRequest;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;

/** The board side of docs/protocol.md section 5; the golden refusal itself is checked in GoldenFramesTest. */
class HandshakeTest {
    private static Request hello(HelloRequest.Builder h) {
        return Request.newBuilder().setSeq(7).setHello(h.setProtocolMajor(ProtocolVersion.MAJOR)).build();
    }

    @Test
    void aRequestBeforeHelloIsRefusedNamingItsOperation() {
        Response r = Handshake.beforeHello(Request.newBuilder().setSeq(5).setInfo(InfoRequest.getDefaultInstance()).build(),
                " with the gateway's token");

        assertThat(r.getSeq()).isEqualTo(5);
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_FAILED_PRECONDITION);
        assertThat(r.getMessage()).isEqualTo("info before the handshake: send Hello with the gateway's token first (protocol "
                + ProtocolVersion.string() + ")");
        assertThat(Handshake.beforeHello(Request.newBuilder().build(), "").getMessage())
                .startsWith("a request without a known operation before the handshake");
    }

    @Test
    void aHelloOfAnotherMajorIsRefusedWithTheVersionsAsUnsignedNumbers() {
        Request future = Request.newBuilder().setSeq(3).setHello(HelloRequest.newBuilder().setProtocolMajor(-1).setSessionId(9))
                .build();

        Response r = Handshake.refusal(future, Handshake.Side.GATEWAY);

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_VERSION_MISMATCH);
        assertThat(r.getSeq()).isEqualTo(3);
        assertThat(r.getMessage()).isEqualTo("host speaks protocol 4294967295.0, this gateway speaks " + ProtocolVersion.string()
                + ": update the host software or the gateway so that the major versions match");
        assertThat(r.getHello().getProtocolMajor()).isEqualTo(ProtocolVersion.MAJOR);
        assertThat(r.getHello().getProtocolMinor()).isEqualTo(ProtocolVersion.MINOR);
    }

    @Test
    void aHelloWithSessionIdZeroIsAnInvalidArgument() {
        Response r = Handshake.refusal(hello(HelloRequest.newBuilder()), Handshake.Side.BOARD);

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).isEqualTo("hello: session_id 0 (expected: a random non-zero 64-bit id chosen once per host "
                + "session)");
    }

    @Test
    void aFrameSizeBelowTheMinimumIsRefusedButOneAboveTwoToThe31IsNot() {
        Response small = Handshake.refusal(hello(HelloRequest.newBuilder().setSessionId(1).setMaxFrameBytes(4095)),
                Handshake.Side.BOARD);

        assertThat(small.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(small.getMessage()).isEqualTo("hello: max_frame_bytes 4095 (expected: 0 for the default, or >= 4096)");
        assertThat(Handshake.refusal(hello(HelloRequest.newBuilder().setSessionId(1).setMaxFrameBytes((int) 3_000_000_000L)),
                Handshake.Side.BOARD)).isNull();
        assertThat(Handshake.refusal(hello(HelloRequest.newBuilder().setSessionId(1)), Handshake.Side.BOARD)).isNull();
    }

    @Test
    void theAnnouncedFrameSizeIsTheDefaultForZeroAndSaturatesAboveTwoToThe31() {
        assertThat(Handshake.maxFrameBytes(0)).isEqualTo(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
        assertThat(Handshake.maxFrameBytes(65536)).isEqualTo(65536);
        assertThat(Handshake.maxFrameBytes((int) 3_000_000_000L)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aForeignFrameThatDoesNotParseIsAnsweredWithSeqZeroAndTheHeadersMajor() {
        Response r = Handshake.foreignFrame(9, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}, Handshake.Side.BOARD);

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_VERSION_MISMATCH);
        assertThat(r.getSeq()).isZero();
        assertThat(r.getMessage()).startsWith("host speaks protocol 9.x, this board speaks " + ProtocolVersion.string());
    }

    @Test
    void aForeignFrameOfAnotherKindStillYieldsItsSeq() {
        byte[] payload = Request.newBuilder().setSeq(42).setInfo(InfoRequest.getDefaultInstance()).build().toByteArray();

        Response r = Handshake.foreignFrame(2, payload, Handshake.Side.BOARD);

        assertThat(r.getSeq()).isEqualTo(42);
        assertThat(r.getMessage()).startsWith("host speaks protocol 2.x,");
    }

    @Test
    void aWriteWithSeqZeroIsRefusedAndAReadOrANumberedWriteIsNot() {
        Response r = Handshake.unnumberedWrite(Request.newBuilder().setPulse(PulseRequest.getDefaultInstance()).build());

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).startsWith("pulse: seq 0 (expected: 1 or more");
        assertThat(Handshake.unnumberedWrite(Request.newBuilder().setSeq(1).setPulse(PulseRequest.getDefaultInstance()).build()))
                .isNull();
        assertThat(Handshake.unnumberedWrite(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance()).build())).isNull();
        assertThat(Handshake.unnumberedWrite(Request.newBuilder().setLedger(LedgerRequest.newBuilder().setReset(true)).build()))
                .as("a ledger reset is a write").isNotNull();
    }

    @Test
    void aSecondHelloIsRefusedNamingTheSessionTheConnectionHas() {
        Response r = Handshake.secondHello(hello(HelloRequest.newBuilder().setSessionId(2)), 0xabcL);

        assertThat(r.getSeq()).isEqualTo(7);
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_FAILED_PRECONDITION);
        assertThat(r.getMessage()).contains("already completed its handshake (session abc)");
    }

    @Test
    void onlyAbortIsTakenBeforeHello() {
        assertThat(Handshake.allowedBeforeHello(Request.newBuilder().setAbort(AbortRequest.getDefaultInstance()).build())).isTrue();
        assertThat(Handshake.allowedBeforeHello(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance()).build())).isFalse();
        assertThat(Handshake.allowedBeforeHello(Request.newBuilder().build())).isFalse();
    }
}
