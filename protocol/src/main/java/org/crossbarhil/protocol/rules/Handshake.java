package org.crossbarhil.protocol.rules;

import com.google.protobuf.InvalidProtocolBufferException;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * The board side of the handshake and of the session rules (docs/protocol.md sections 5, 6 and
 * 8): Hello first (abort excepted), one Hello per connection, the version refusal, the checks of
 * a Hello, seq 0 refused for writes, and the frame size a Hello announces. Every board side (the
 * simulator's firmware, a gateway) answers with these words, so a host hears the same refusal
 * from either; the golden vector {@code hello_response_version_mismatch} is one of them.
 */
public final class Handshake {
    /** Who refuses: named in the refusal, with what to update. */
    public enum Side {
        BOARD("board", "the board firmware"),
        GATEWAY("gateway", "the gateway");

        private final String noun;
        private final String software;

        Side(String noun, String software) {
            this.noun = noun;
            this.software = software;
        }
    }

    private Handshake() {
    }

    /** A version as "major.minor", both read as the unsigned numbers they are on the wire. */
    public static String version(int major, int minor) {
        return Integer.toUnsignedString(major) + "." + Integer.toUnsignedString(minor);
    }

    /**
     * The answer to a request other than Hello before a successful Hello:
     * {@code STATUS_FAILED_PRECONDITION}, naming the operation. {@code howToSayHello} adds what
     * the Hello needs beyond itself (" with the gateway's token"), or is empty.
     */
    public static Response beforeHello(Request request, String howToSayHello) {
        String what = ProtocolOperation.find(request.getBodyCase()).map(ProtocolOperation::wireName)
                .orElse("a request without a known operation");
        return refusal(request.getSeq(), Status.STATUS_FAILED_PRECONDITION, what + " before the handshake: send Hello"
                + howToSayHello + " first (protocol " + ProtocolVersion.string() + ")");
    }

    /**
     * Whether a request is taken before the handshake: abort alone (section 8, "accepted at any
     * time"), so that a host that lost its session can still stop the board before it says Hello.
     */
    public static boolean allowedBeforeHello(Request request) {
        return request.getBodyCase() == Request.BodyCase.ABORT;
    }

    /**
     * The answer to a Hello on a connection that already completed one:
     * {@code STATUS_FAILED_PRECONDITION}. A connection carries one session for its whole life;
     * accepting a second Hello would switch the idempotency memory under requests still in
     * flight, and an old key of the other session would then run again.
     */
    public static Response secondHello(Request hello, long establishedSessionId) {
        return refusal(hello.getSeq(), Status.STATUS_FAILED_PRECONDITION, "hello: this connection already completed its "
                + "handshake (session " + Long.toHexString(establishedSessionId) + "); open a new connection for another "
                + "session");
    }

    /**
     * The refusal of a write-class request with seq 0, or null for any other request: seq 0 is
     * what an unset field reads as, so a host that forgot to number its writes would have the
     * second of two identical pulses answered as a replay, not applied ({@code
     * STATUS_INVALID_ARGUMENT}, section 6; the key is not remembered).
     */
    public static Response unnumberedWrite(Request request) {
        if (request.getSeq() != 0) {
            return null;
        }
        ProtocolOperation op = ProtocolOperation.find(request.getBodyCase()).orElse(null);
        if (op == null || !op.isWriteClass(request)) {
            return null;
        }
        return refusal(0, Status.STATUS_INVALID_ARGUMENT, op + ": seq 0 (expected: 1 or more; seq 0 is an unset field, and "
                + "a write needs a key of its own so that a retransmission is told from a new request); nothing applied");
    }

    /**
     * The refusal of a Hello that {@code side} must not accept, or null when it may go on: another
     * major version ({@code STATUS_VERSION_MISMATCH}, section 5), session id 0 or a frame size
     * below {@link ProtocolVersion#MIN_MAX_FRAME_BYTES} ({@code STATUS_INVALID_ARGUMENT},
     * sections 6 and 2.4), checked in that order.
     */
    public static Response refusal(Request hello, Side side) {
        HelloRequest h = hello.getHello();
        if (h.getProtocolMajor() != ProtocolVersion.MAJOR) {
            return versionMismatch(hello.getSeq(), version(h.getProtocolMajor(), h.getProtocolMinor()), side);
        }
        if (h.getSessionId() == 0) {
            return refusal(hello.getSeq(), Status.STATUS_INVALID_ARGUMENT, "hello: session_id 0 (expected: a random non-zero "
                    + "64-bit id chosen once per host session)");
        }
        long hostMax = Integer.toUnsignedLong(h.getMaxFrameBytes());
        if (hostMax != 0 && hostMax < ProtocolVersion.MIN_MAX_FRAME_BYTES) {
            return refusal(hello.getSeq(), Status.STATUS_INVALID_ARGUMENT, "hello: max_frame_bytes " + hostMax + " (expected: 0 "
                    + "for the default, or >= " + ProtocolVersion.MIN_MAX_FRAME_BYTES + ")");
        }
        return null;
    }

    /**
     * The answer to a frame stamped with another major version, read from the frozen fields of
     * its payload: the seq (0 when the payload does not parse) and, when it is a Hello of that
     * same major, the version it asks for.
     */
    public static Response foreignFrame(int headerMajor, byte[] payload, Side side) {
        long seq = 0;
        String hostVersion = headerMajor + ".x";
        try {
            Request r = Request.parseFrom(payload);
            seq = r.getSeq();
            if (r.hasHello() && r.getHello().getProtocolMajor() == headerMajor) {
                hostVersion = version(r.getHello().getProtocolMajor(), r.getHello().getProtocolMinor());
            }
        } catch (InvalidProtocolBufferException e) {
            // A payload of another major need not parse as ours: the header's major and seq 0 are all there is.
        }
        return versionMismatch(seq, hostVersion, side);
    }

    /**
     * The refusal of section 5 step 2: both versions named, what to update, and this side's
     * version in the frozen Hello fields, so that a host of any major can read it.
     */
    public static Response versionMismatch(long seq, String hostVersion, Side side) {
        return Response.newBuilder().setSeq(seq).setStatus(Status.STATUS_VERSION_MISMATCH)
                .setMessage("host speaks protocol " + hostVersion + ", this " + side.noun + " speaks " + ProtocolVersion.string()
                        + ": update the host software or " + side.software + " so that the major versions match")
                .setHello(HelloResponse.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR).setProtocolMinor(ProtocolVersion.MINOR))
                .build();
    }

    /**
     * The largest frame a peer accepts, from the {@code max_frame_bytes} it announced: 0 is the
     * default ({@link ProtocolVersion#DEFAULT_MAX_FRAME_BYTES}); the field is a uint32, and a
     * value above {@link Integer#MAX_VALUE} allows more than any frame this side can build.
     */
    public static int maxFrameBytes(int announced) {
        return announced == 0 ? ProtocolVersion.DEFAULT_MAX_FRAME_BYTES : Unsigned.saturatedInt(announced);
    }

    private static Response refusal(long seq, Status status, String message) {
        return Response.newBuilder().setSeq(seq).setStatus(status).setMessage(message).build();
    }
}
