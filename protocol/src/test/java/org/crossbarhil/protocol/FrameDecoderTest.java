package org.crossbarhil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.crossbarhil.protocol.FrameEncoderTest.maskOfFrameSize;
import static org.crossbarhil.protocol.FrameEncoderTest.maskRequest;
import static org.crossbarhil.protocol.FrameEncoderTest.patterned;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.crossbarhil.protocol.RecordingListener.Drop;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleEvent;
import org.crossbarhil.protocol.v1.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input of every kind: dropped, counted, and the next good frame still decodes. */
class FrameDecoderTest {
    private static final int MAX = 4096;
    private static final FrameEncoder ENCODER = new FrameEncoder(MAX);
    private static final Request GOOD = Request.newBuilder().setSeq(77)
            .setHeartbeat(HeartbeatRequest.getDefaultInstance()).build();
    private static final byte[] GOOD_WIRE = ENCODER.encode(GOOD);

    private final RecordingListener listener = new RecordingListener();
    private final FrameDecoder decoder = new FrameDecoder(MAX, listener);

    @Test
    void aFrameFedOneByteAtATimeDecodes() {
        for (byte b : GOOD_WIRE) {
            decoder.feed(new byte[] {b});
        }

        assertThat(listener.delivered).containsExactly(GOOD);
        assertThat(decoder.framesDecoded()).isEqualTo(1);
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void garbageBeforeADelimiterIsDroppedAndTheNextFrameDecodes() {
        decoder.feed(concat(Hex.parse("de ad be ef 13 37 00"), GOOD_WIRE));

        assertThat(listener.delivered).containsExactly(GOOD);
        assertThat(decoder.droppedTotal()).isEqualTo(1);
    }

    @Test
    void aFrameCutShortAndFollowedByADelimiterIsDroppedAsBadCobs() {
        byte[] cut = Arrays.copyOf(GOOD_WIRE, GOOD_WIRE.length - 4);

        decoder.feed(concat(cut, new byte[] {0}, GOOD_WIRE));

        assertThat(listener.dropReasons()).containsExactly(DropReason.BAD_COBS);
        assertThat(listener.drops.get(0).length()).isEqualTo(cut.length);
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void aValidCobsBlockShorterThanHeaderAndCrcIsDroppedAsTruncated() {
        decoder.feed(concat(Hex.parse("03 01 02 01 00"), GOOD_WIRE));

        assertThat(listener.dropReasons()).containsExactly(DropReason.TRUNCATED);
        assertThat(decoder.dropped(DropReason.TRUNCATED)).isEqualTo(1);
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void aCorruptedPayloadByteIsDroppedAsBadCrc() {
        byte[] block = decoded(GOOD_WIRE);
        block[3] ^= 0x40;

        decoder.feed(concat(encodedBlock(block), GOOD_WIRE));

        assertThat(listener.dropReasons()).containsExactly(DropReason.BAD_CRC);
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void aCrcStoredBigEndianIsDroppedAsBadCrc() {
        byte[] block = decoded(GOOD_WIRE);
        int n = block.length;
        byte[] swapped = block.clone();
        for (int i = 0; i < 4; i++) {
            swapped[n - 4 + i] = block[n - 1 - i];
        }

        decoder.feed(concat(encodedBlock(swapped), GOOD_WIRE));

        assertThat(listener.dropReasons()).containsExactly(DropReason.BAD_CRC);
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void emptyFramesAreCountedButNotAsErrors() {
        decoder.feed(concat(Hex.parse("00 00 00"), GOOD_WIRE));

        assertThat(decoder.dropped(DropReason.EMPTY)).isEqualTo(3);
        assertThat(decoder.droppedTotal()).isZero();
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void anUnknownFrameTypeIsDropped() {
        byte[] frame = ENCODER.encodeRaw(ProtocolVersion.MAJOR, 0x07, GOOD.toByteArray());

        decoder.feed(concat(frame, GOOD_WIRE));

        assertThat(listener.dropReasons()).containsExactly(DropReason.UNKNOWN_TYPE);
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void aFrameOfTheWrongDirectionIsDroppedBeforeParsing() {
        FrameDecoder host = FrameDecoder.forHost(MAX, listener);
        Response response = Response.newBuilder().setSeq(77).setStatus(Status.STATUS_OK).build();

        host.feed(concat(GOOD_WIRE, ENCODER.encode(response)));

        assertThat(listener.dropReasons()).containsExactly(DropReason.WRONG_DIRECTION);
        assertThat(listener.delivered).containsExactly(response);
    }

    @Test
    void aBoardDecoderTakesRequestsOnly() {
        FrameDecoder board = FrameDecoder.forBoard(MAX, listener);
        Event event = Event.newBuilder().setEventSeq(1).setSafeIdle(SafeIdleEvent.getDefaultInstance()).build();

        board.feed(concat(ENCODER.encode(event), GOOD_WIRE));

        assertThat(listener.dropReasons()).containsExactly(DropReason.WRONG_DIRECTION);
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void unknownProtobufFieldsAreAcceptedAndKept() throws IOException {
        byte[] payload = concat(GOOD.toByteArray(), unknownVarintField(1000, 12345));

        decoder.feed(ENCODER.encodeRaw(ProtocolVersion.MAJOR, FrameType.REQUEST.code(), payload));

        assertThat(listener.drops).isEmpty();
        Request request = (Request) listener.delivered.get(0);
        assertThat(request.getSeq()).isEqualTo(77);
        assertThat(request.hasHeartbeat()).isTrue();
        assertThat(request.getUnknownFields().getField(1000).getVarintList()).containsExactly(12345L);
    }

    @Test
    void anOperationFromANewerMinorVersionDecodesWithNoBody() throws IOException {
        // Field 99 would be a body added to the oneof by a later 0.x: this version sees no body
        // and a board answers STATUS_UNSUPPORTED.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(1, 78);
        out.writeByteArray(99, new byte[] {0x08, 0x01});
        out.flush();

        decoder.feed(ENCODER.encodeRaw(ProtocolVersion.MAJOR, FrameType.REQUEST.code(), bytes.toByteArray()));

        Request request = (Request) listener.delivered.get(0);
        assertThat(request.getSeq()).isEqualTo(78);
        assertThat(request.getBodyCase()).isEqualTo(Request.BodyCase.BODY_NOT_SET);
    }

    @Test
    void aPayloadThatIsNotProtobufIsDroppedAsMalformed() {
        // Field 1 as a length-delimited value that claims 127 bytes; 3 follow.
        byte[] frame = ENCODER.encodeRaw(ProtocolVersion.MAJOR, FrameType.REQUEST.code(), Hex.parse("0a 7f 01 02 03"));

        decoder.feed(concat(frame, GOOD_WIRE));

        assertThat(listener.dropReasons()).containsExactly(DropReason.MALFORMED_PAYLOAD);
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a tag of zero, 00 01",
        "wire type 7 (does not exist), 0f 01",
        "a varint of eleven bytes, 08 ff ff ff ff ff ff ff ff ff ff 01",
        "a tag cut short, 80",
        "a nested message longer than its parent, 52 05 08 01"})
    void aPayloadThatIsNotValidProtobufIsDroppedAsMalformed(String what, String payload) {
        byte[] frame = ENCODER.encodeRaw(ProtocolVersion.MAJOR, FrameType.REQUEST.code(), Hex.parse(payload));

        decoder.feed(concat(frame, GOOD_WIRE));

        assertThat(listener.dropReasons()).containsExactly(DropReason.MALFORMED_PAYLOAD);
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void aKnownFieldWithAnotherWireTypeIsKeptAsUnknownAsProtobufRequires() {
        // seq (field 1, varint) sent as a length-delimited string: not seq, so seq stays 0.
        byte[] frame = ENCODER.encodeRaw(ProtocolVersion.MAJOR, FrameType.REQUEST.code(), Hex.parse("0a 02 41 42"));

        decoder.feed(frame);

        Request request = (Request) listener.delivered.get(0);
        assertThat(request.getSeq()).isZero();
        assertThat(request.getUnknownFields().hasField(1)).isTrue();
    }

    @Test
    void aFrameOfAnotherMajorVersionGoesToOnForeignVersionWithItsPayload() {
        Request hello = Request.newBuilder().setSeq(1)
                .setHello(HelloRequest.newBuilder().setProtocolMajor(2).setSessionId(42)).build();
        byte[] frame = new FrameEncoder(MAX, 2).encode(hello);

        decoder.feed(concat(frame, GOOD_WIRE));

        assertThat(listener.delivered).containsExactly(
                new RecordingListener.Foreign(2, FrameType.REQUEST.code(), hello.toByteString()), GOOD);
        assertThat(listener.drops).isEmpty();
    }

    @Test
    void aFrameOfExactlyTheMaximumSizeDecodes() {
        Request largest = maskOfFrameSize(MAX);

        decoder.feed(ENCODER.encode(largest));

        assertThat(listener.delivered).containsExactly(largest);
        assertThat(decoder.bufferCapacity()).isLessThanOrEqualTo(Cobs.maxEncodedLength(MAX));
    }

    @Test
    void aFrameOneByteOverTheMaximumIsDroppedAsOversizedAndTheNextFrameDecodes() {
        byte[] oversized = new FrameEncoder(2 * MAX).encode(maskOfFrameSize(MAX + 1));

        decoder.feed(concat(oversized, GOOD_WIRE));

        assertThat(listener.drops).containsExactly(new Drop(DropReason.OVERSIZED, oversized.length - 1));
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void aBlockLongerThanAnyValidEncodingIsReportedBeforeItsDelimiterAndSkipped() {
        byte[] oversized = new FrameEncoder(4 * MAX).encode(maskOfFrameSize(2 * MAX));

        decoder.feed(Arrays.copyOf(oversized, oversized.length - 1));
        assertThat(listener.dropReasons()).containsExactly(DropReason.OVERSIZED);
        assertThat(decoder.bufferedBytes()).isZero();

        decoder.feed(concat(new byte[] {0}, GOOD_WIRE));
        assertThat(listener.dropReasons()).containsExactly(DropReason.OVERSIZED);
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void memoryStaysBoundedWhileAnEndlessOversizedFrameStreamsIn() {
        byte[] chunk = new byte[1000];
        Arrays.fill(chunk, (byte) 0x5A);

        for (int i = 0; i < 64 * 1024; i++) {
            decoder.feed(chunk);
            assertThat(decoder.bufferCapacity()).isLessThanOrEqualTo(Cobs.maxEncodedLength(MAX));
            assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(Cobs.maxEncodedLength(MAX));
        }
        decoder.feed(concat(new byte[] {0}, GOOD_WIRE));

        assertThat(listener.drops).containsExactly(new Drop(DropReason.OVERSIZED, 5000));
        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void aLongFrameFedInSmallPiecesStillDecodes() {
        Request message = maskRequest(patterned(3000));
        byte[] wire = ENCODER.encode(message);

        for (int i = 0; i < wire.length; i += 7) {
            decoder.feed(wire, i, Math.min(7, wire.length - i));
        }

        assertThat(listener.delivered).containsExactly(message);
    }

    @Test
    void decodedMessagesStayIntactWhenTheDecoderReusesItsBuffer() {
        Request first = maskRequest(patterned(500));
        Request second = maskRequest(new byte[500]);

        decoder.feed(concat(ENCODER.encode(first), ENCODER.encode(second)));

        assertThat(listener.delivered).containsExactly(first, second);
        assertThat(((Request) listener.delivered.get(0)).getSetUpdateMask().getMask())
                .isEqualTo(ByteString.copyFrom(patterned(500)));
    }

    @Test
    void heapAndDirectByteBuffersAreConsumedWhole() {
        ByteBuffer heap = ByteBuffer.wrap(concat(new byte[] {1, 2}, GOOD_WIRE));
        heap.position(2);
        ByteBuffer direct = ByteBuffer.allocateDirect(GOOD_WIRE.length);
        direct.put(GOOD_WIRE).flip();

        decoder.feed(heap);
        decoder.feed(direct);

        assertThat(heap.hasRemaining()).isFalse();
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(listener.delivered).containsExactly(GOOD, GOOD);
    }

    @Test
    void aListenerThatThrowsDoesNotCostTheFramesAfterIt() {
        List<Object> seen = new java.util.ArrayList<>();
        FrameDecoder throwing = new FrameDecoder(MAX, new FrameDecoder.Listener() {
            @Override
            public void onRequest(Request request) {
                seen.add(request);
                if (seen.size() == 1) {
                    throw new IllegalStateException("listener bug");
                }
            }
        });

        assertThatThrownBy(() -> throwing.feed(concat(GOOD_WIRE, GOOD_WIRE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("listener bug");
        throwing.feed(GOOD_WIRE);

        assertThat(seen).hasSize(3);
    }

    @Test
    void aLimitNearTheLargestArrayStillDecodes() {
        FrameDecoder unlimited = new FrameDecoder(Integer.MAX_VALUE, listener);

        unlimited.feed(GOOD_WIRE);

        assertThat(listener.delivered).containsExactly(GOOD);
    }

    @Test
    void aSliceOutsideTheArrayIsACallerBug() {
        assertThatThrownBy(() -> decoder.feed(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aMaximumBelowTheOverheadIsRefused() {
        assertThatThrownBy(() -> new FrameDecoder(5, listener))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFrameBytes: 5 (expected: >= 6)");
    }

    @Test
    void aDecoderThatAcceptsNothingIsRefused() {
        assertThatThrownBy(() -> new FrameDecoder(MAX, java.util.EnumSet.noneOf(FrameType.class), listener))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accepted: no frame type (expected: at least one)");
    }

    private static byte[] unknownVarintField(int number, long value) throws IOException {
        UnknownFieldSet fields = UnknownFieldSet.newBuilder()
                .addField(number, UnknownFieldSet.Field.newBuilder().addVarint(value).build()).build();
        return fields.toByteArray();
    }

    /** The decoded block (header, payload, CRC) of one wire frame. */
    static byte[] decoded(byte[] wire) {
        byte[] block = new byte[wire.length];
        int n = Cobs.decode(wire, 0, wire.length - 1, block, 0);
        return Arrays.copyOf(block, n);
    }

    /** COBS and a delimiter around a block, CRC left as it is. */
    static byte[] encodedBlock(byte[] block) {
        byte[] wire = new byte[Cobs.maxEncodedLength(block.length) + 1];
        int n = Cobs.encode(block, 0, block.length, wire, 0);
        return Arrays.copyOf(wire, n + 1);
    }

    static byte[] concat(byte[]... parts) {
        return FrameArbitraries.concat(List.of(parts));
    }
}
