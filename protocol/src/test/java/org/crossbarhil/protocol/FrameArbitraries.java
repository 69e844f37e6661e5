package org.crossbarhil.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.ReadResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleEvent;
import org.crossbarhil.protocol.v1.SetUpdateMaskRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;

/** Generators shared by the property tests: byte blocks shaped for COBS, and protocol messages. */
final class FrameArbitraries {
    private FrameArbitraries() {
    }

    /** A message with the frame type it travels in. */
    record Sent(FrameType type, MessageLite message) {
        byte[] wire(FrameEncoder encoder) {
            return encoder.encode(type, message);
        }
    }

    /** The same message with another sequence number (event_seq for events). */
    static Sent withSeq(Sent sent, long seq) {
        MessageLite renumbered;
        if (sent.message() instanceof Request request) {
            renumbered = request.toBuilder().setSeq(seq).build();
        } else if (sent.message() instanceof Response response) {
            renumbered = response.toBuilder().setSeq(seq).build();
        } else {
            renumbered = ((Event) sent.message()).toBuilder().setEventSeq(seq).build();
        }
        return new Sent(sent.type(), renumbered);
    }

    /**
     * Blocks built from segments that stress COBS: runs of zeros, non-zero runs around and past
     * 254 bytes, and plain random bytes.
     */
    static Arbitrary<byte[]> cobsShapedBytes() {
        Arbitrary<byte[]> zeros = Arbitraries.integers().between(1, 12).map(byte[]::new);
        Arbitrary<byte[]> nonZeroRun = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 300),
                Arbitraries.integers().between(250, 260),
                Arbitraries.integers().between(505, 512))
                .flatMap(n -> randomBytes(n, n, 1));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Arbitraries.oneOf(zeros, nonZeroRun, random).list().ofMaxSize(6).map(FrameArbitraries::concat);
    }

    /**
     * Byte arrays of {@code minLength..maxLength} bytes, each in {@code lowest..255} (as unsigned).
     * Drawn in one go: jqwik's element-wise array generation is too slow for 100,000 long arrays,
     * and shrinking random bytes teaches little.
     */
    static Arbitrary<byte[]> randomBytes(int minLength, int maxLength, int lowest) {
        return Arbitraries.randomValue(random -> {
            byte[] bytes = new byte[minLength + random.nextInt(maxLength - minLength + 1)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (lowest + random.nextInt(256 - lowest));
            }
            return bytes;
        });
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Requests, responses and events of several shapes, small enough for many tries. */
    static Arbitrary<Sent> messages() {
        return Arbitraries.oneOf(
                requests().map(r -> new Sent(FrameType.REQUEST, r)),
                responses().map(r -> new Sent(FrameType.RESPONSE, r)),
                events().map(e -> new Sent(FrameType.EVENT, e)));
    }

    static Arbitrary<Request> requests() {
        Arbitrary<Long> seqs = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<Request.Builder> bodies = Arbitraries.oneOf(
                vmmRequests().map(vmm -> Request.newBuilder().setVmm(vmm)),
                pulseRequests().map(pulse -> Request.newBuilder().setPulse(pulse)),
                cobsShapedBytes().map(mask -> Request.newBuilder()
                        .setSetUpdateMask(SetUpdateMaskRequest.newBuilder().setMask(ByteString.copyFrom(mask)))),
                helloRequests().map(hello -> Request.newBuilder().setHello(hello)),
                Arbitraries.just(0).map(ignored -> Request.newBuilder().setHeartbeat(HeartbeatRequest.getDefaultInstance())));
        return Combinators.combine(seqs, bodies).as((seq, body) -> body.setSeq(seq).build());
    }

    static Arbitrary<Response> responses() {
        Arbitrary<Long> seqs = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<Status> statuses = Arbitraries.of(Status.class).filter(s -> s != Status.UNRECOGNIZED);
        Arbitrary<String> messages = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<List<Float>> siemens = floatLists(0, 200);
        return Combinators.combine(seqs, statuses, messages, siemens).as((seq, status, message, values) -> {
            Response.Builder response = Response.newBuilder().setSeq(seq).setStatus(status).setMessage(message);
            if (!values.isEmpty()) {
                response.setRead(ReadResponse.newBuilder().setRows(1).setCols(values.size()).addAllSiemens(values));
            }
            return response.build();
        });
    }

    static Arbitrary<Event> events() {
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), Arbitraries.doubles(), Arbitraries.strings().ofMaxLength(30))
                .as((seq, time, reason) -> Event.newBuilder().setEventSeq(seq).setBoardTimeSeconds(time)
                        .setSafeIdle(SafeIdleEvent.newBuilder().setReason(reason)).build());
    }

    /**
     * Lists of voltages or currents as they travel: often exactly zero, often on an 8-bit DAC
     * grid, sometimes any finite float (drawn in one go, like {@link #randomBytes}).
     */
    static Arbitrary<List<Float>> floatLists(int minSize, int maxSize) {
        return Arbitraries.randomValue(random -> {
            int size = minSize + random.nextInt(maxSize - minSize + 1);
            java.util.ArrayList<Float> values = new java.util.ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int kind = random.nextInt(7);
                float value;
                if (kind < 3) {
                    value = 0.0f;
                } else if (kind < 6) {
                    value = (random.nextInt(255) - 127) * (0.2f / 127);
                } else {
                    do {
                        value = Float.intBitsToFloat(random.nextInt());
                    } while (!Float.isFinite(value));
                }
                values.add(value);
            }
            return values;
        });
    }

    private static Arbitrary<VmmRequest> vmmRequests() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 64),
                Arbitraries.of(VmmDirection.VMM_DIRECTION_FORWARD, VmmDirection.VMM_DIRECTION_TRANSPOSED))
                .flatAs((vectors, inputs, direction) -> floatLists(vectors * inputs, vectors * inputs)
                        .map(volts -> VmmRequest.newBuilder().setTile(0).setDirection(direction).setVectorCount(vectors)
                                .setInputCount(inputs).addAllVolts(volts).build()));
    }

    private static Arbitrary<PulseRequest> pulseRequests() {
        Arbitrary<DevicePulse> pulses = Combinators.combine(
                Arbitraries.integers().between(0, 1023), Arbitraries.integers().between(0, 1023),
                Arbitraries.doubles().between(-2.0, 2.0), Arbitraries.doubles().between(1e-9, 1e-3).ofScale(12),
                Arbitraries.integers().between(0, 100))
                .as((row, col, volts, width, count) -> DevicePulse.newBuilder().setRow(row).setCol(col).setVolts(volts)
                        .setWidthSeconds(width).setCount(count).build());
        return Combinators.combine(Arbitraries.integers().between(0, 31), pulses.list().ofMaxSize(8))
                .as((tile, list) -> PulseRequest.newBuilder().setTile(tile).addAllPulses(list).build());
    }

    private static Arbitrary<HelloRequest> helloRequests() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.strings().ofMaxLength(24),
                Arbitraries.integers().between(0, 1 << 24))
                .as((session, name, maxFrame) -> HelloRequest.newBuilder().setProtocolMinor(ProtocolVersion.MINOR)
                        .setSessionId(session).setClientName(name).setMaxFrameBytes(maxFrame).build());
    }
}
