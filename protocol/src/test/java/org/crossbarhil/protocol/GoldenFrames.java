package org.crossbarhil.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.crossbarhil.protocol.v1.Activation;
import org.crossbarhil.protocol.v1.ArrayType;
import org.crossbarhil.protocol.v1.BoardDescription;
import org.crossbarhil.protocol.v1.BoardIdentity;
import org.crossbarhil.protocol.v1.Capabilities;
import org.crossbarhil.protocol.v1.Converters;
import org.crossbarhil.protocol.v1.DevicePulse;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.Geometry;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.ReadConfig;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SafeIdleEvent;
import org.crossbarhil.protocol.v1.SetUpdateMaskRequest;
import org.crossbarhil.protocol.v1.SettleBlock;
import org.crossbarhil.protocol.v1.SettleLayer;
import org.crossbarhil.protocol.v1.SettleNetworkRequest;
import org.crossbarhil.protocol.v1.SettleNetworkResponse;
import org.crossbarhil.protocol.v1.SettlePhase;
import org.crossbarhil.protocol.v1.SettleRequest;
import org.crossbarhil.protocol.v1.SettleResponse;
import org.crossbarhil.protocol.v1.SettledPhase;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;

/**
 * The golden frames: each a message, the bytes it must encode to ({@code golden/NAME.hex}) and a
 * description of both for people ({@code golden/NAME.txt}). Change a message here, then
 * regenerate the files (1.x: only new files are added, docs/protocol.md section 12; the 1.0
 * regeneration moved every frame to header version 1):
 * {@code ./mvnw -o -pl protocol test -Dtest=GoldenFramesTest -Dgolden.regenerate=true}.
 */
final class GoldenFrames {
    private GoldenFrames() {
    }

    /** One golden frame. {@code fieldsSummary} replaces the text dump of a bulky message. */
    record Golden(String name, String summary, int version, FrameType type, Message message, String fieldsSummary) {
        byte[] wire() {
            return new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, version).encode(type, message);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final long SESSION_ID = 0x0123_4567_89AB_CDEFL;

    static List<Golden> all() {
        return List.of(
                new Golden("hello_request",
                        "The host's first request on a connection: protocol 1.0, session id 0x0123456789abcdef"
                                + " (fixed64, little-endian on the wire), client name, and the largest frame it"
                                + " accepts (4 MiB). protocol_minor is 0, the proto3 default, so it is not sent.",
                        ProtocolVersion.MAJOR, FrameType.REQUEST, helloRequest(ProtocolVersion.MAJOR), null),
                new Golden("hello_response",
                        "A simulated two-tile board accepting the Hello: identity, geometry, converters,"
                                + " capabilities, hard and working limits, read defaults, frame size, idempotency"
                                + " memory and heartbeat timeout.",
                        ProtocolVersion.MAJOR, FrameType.RESPONSE, helloResponse(), null),
                new Golden("hello_request_major2",
                        "A Hello from a future host speaking protocol 2.0: header version byte 2. A 1.x board"
                                + " still reads the frozen fields and answers hello_response_version_mismatch.",
                        2, FrameType.REQUEST, helloRequest(2), null),
                new Golden("hello_response_version_mismatch",
                        "The board's refusal of hello_request_major2, stamped with its own version (1) and"
                                + " naming both versions.",
                        ProtocolVersion.MAJOR, FrameType.RESPONSE, versionMismatch(), null),
                new Golden("heartbeat_request",
                        "The smallest useful frame: a heartbeat.",
                        ProtocolVersion.MAJOR, FrameType.REQUEST, Request.newBuilder().setSeq(5)
                                .setHeartbeat(HeartbeatRequest.getDefaultInstance()).build(), null),
                new Golden("vmm_request_batched",
                        "A batched forward VMM as the trainer sends it: 32 input vectors of 64 row voltages on"
                                + " tile 0, every column read. About a third of the voltages are exactly 0 V"
                                + " (hard-sigmoid outputs clipped at 0), which puts many zero bytes into COBS.",
                        ProtocolVersion.MAJOR, FrameType.REQUEST, vmmRequest(),
                        "volts: 2048 floats (32 vectors x 64 inputs, row-major): volts[64 i + j] ="
                                + " max(0, (37 i + 11 j) mod 29 - 9) * 0.01f, i.e. 0 to 0.19 V"),
                new Golden("pulse_request",
                        "Two pulse trains on tile 1: one 100 ns SET pulse of +1.2 V on (3, 5), four 100 ns RESET"
                                + " pulses of -1.1 V on (3, 6).",
                        ProtocolVersion.MAJOR, FrameType.REQUEST, pulseRequest(), null),
                new Golden("status_out_of_envelope_response",
                        "A pulse request refused by the safety envelope: status OUT_OF_ENVELOPE with the reason;"
                                + " nothing was applied and the response has no body.",
                        ProtocolVersion.MAJOR, FrameType.RESPONSE, Response.newBuilder().setSeq(8).setStatus(Status.STATUS_OUT_OF_ENVELOPE)
                                .setMessage("pulse 0 (tile 1, row 3, col 5): |volts| 1.8 exceeds max_volts 1.5;"
                                        + " nothing applied")
                                .build(), null),
                new Golden("event_safe_idle",
                        "An unsolicited event: the board went to safe idle because the host's heartbeat stopped.",
                        ProtocolVersion.MAJOR, FrameType.EVENT, Event.newBuilder().setEventSeq(3).setBoardTimeSeconds(12.5)
                                .setSafeIdle(SafeIdleEvent.newBuilder().setReason("heartbeat lost")).build(), null),
                new Golden("update_mask_cobs_runs",
                        "A 64 x 64 update mask chosen to exercise every COBS case: 40 zero bytes (runs of code"
                                + " 0x01), 300 bytes of 0xA5 (a full 254-byte run, code 0xFF, then the rest),"
                                + " 8 zero bytes, then 164 bytes with a zero every 7th byte.",
                        ProtocolVersion.MAJOR, FrameType.REQUEST, updateMaskRequest(),
                        "mask: 512 bytes = 40 x 00, 300 x a5, 8 x 00, then byte k (k = 0..163) = 00 if k mod 7 == 0"
                                + " else k + 1"),
                new Golden("cobs_full_runs",
                        "An update mask laid out on COBS's run-length edges: a zero, 254 bytes of 0xA5 (a full"
                                + " run: code FF, which implies no zero, so the zero after it is an empty run, code 01),"
                                + " 255 bytes of 0x5A (code FF for 254 of them, then code 02 for the last one), a zero.",
                        ProtocolVersion.MAJOR, FrameType.REQUEST, maskRequest(9, 0, fullRunsMask()),
                        "mask: 512 bytes = 00, 254 x a5, 00, 255 x 5a, 00"),
                new Golden("cobs_full_run_at_end",
                        "A frame whose last run is exactly 254 bytes: 262 zero bytes, then 250 bytes of 0xC3 and"
                                + " the 4 CRC bytes (none of them 0). The canonical encoding ends with that FF run and"
                                + " no trailing 01 code.",
                        ProtocolVersion.MAJOR, FrameType.REQUEST, maskRequest(10, 1, fullRunAtEndMask()),
                        "mask: 512 bytes = 262 x 00, 250 x c3"),
                new Golden("settle_network_request",
                        "A 4-3-2 network described once for board-side settling: layer 0 (4 inputs + bias row,"
                                + " 3 pairs) on tile 0, layer 1 (3 inputs + bias row, 2 pairs) on tile 1; activity 1"
                                + " is 0.2 V (as a float, 0.2f widened), hard sigmoid on [0, 1], ADC auto-range.",
                        0, FrameType.REQUEST, settleNetworkRequest(), null),
                new Golden("settle_network_response",
                        "The board's answer: the network is number 1, and it keeps up to 8 networks.",
                        0, FrameType.RESPONSE, Response.newBuilder().setSeq(8).setStatus(Status.STATUS_OK)
                                .setSettleNetwork(SettleNetworkResponse.newBuilder().setNetworkId(1).setNetworksKept(8))
                                .build(), null),
                new Golden("settle_request",
                        "One training batch settled in one request: 2 samples of network 1, a free phase of 20"
                                + " sweeps, then two nudged phases of 8 sweeps (beta +0.5 and -0.5) from the free"
                                + " states, states averaged over the last 2 sweeps, per-sweep changes reported.",
                        0, FrameType.REQUEST, settleRequest(), null),
                new Golden("settle_response",
                        "Its answer: per phase the states of layer 0 (2 x 3) then layer 1 (2 x 2), the sweeps"
                                + " run and each sweep's largest change; the VMM vectors the board converted.",
                        0, FrameType.RESPONSE, settleResponse(), null),
                new Golden("settle_batch_too_large_response",
                        "A settle of 80,000 samples of settle_request's network and phases refused before"
                                + " anything ran: its answer would not fit the host's 4 MiB frame; the message names the"
                                + " largest batch that fits (FrameBudget.maxSettleBatch).",
                        0, FrameType.RESPONSE, Response.newBuilder().setSeq(10).setStatus(Status.STATUS_RESOURCE_EXHAUSTED)
                                .setMessage("settle of 80000 samples needs about 4800352 bytes, above the largest frame"
                                        + " of this link (4194304 bytes): nothing was run; the largest batch that fits"
                                        + " is 69899 samples")
                                .build(), null),
                new Golden("cobs_zero_at_end",
                        "A heartbeat whose CRC ends in 0x00 (seq 16 was picked for it): the decoded frame ends with"
                                + " a zero, so the encoding ends with an empty run, code 01, before the delimiter.",
                        ProtocolVersion.MAJOR, FrameType.REQUEST, Request.newBuilder().setSeq(16)
                                .setHeartbeat(HeartbeatRequest.getDefaultInstance()).build(), null));
    }

    static HelloRequest.Builder helloFields(int major) {
        return HelloRequest.newBuilder().setProtocolMajor(major).setProtocolMinor(major == ProtocolVersion.MAJOR ? ProtocolVersion.MINOR : 0)
                .setSessionId(SESSION_ID).setClientName("crossbar-java").setMaxFrameBytes(4 * 1024 * 1024);
    }

    private static Request helloRequest(int major) {
        return Request.newBuilder().setSeq(1).setHello(helloFields(major)).build();
    }

    private static Limits hardLimits() {
        return Limits.newBuilder().setMaxVolts(1.5).setMaxReadVolts(0.3).setMaxHalfSelectVolts(0.75)
                .setMinPulseSeconds(10e-9).setMaxPulseSeconds(1e-3).setMaxPulsesPerCommand(1_000_000)
                .setMaxDeviceAmperes(200e-6).setMaxLineAmperes(5e-3).build();
    }

    private static Response helloResponse() {
        BoardDescription description = BoardDescription.newBuilder()
                .setIdentity(BoardIdentity.newBuilder().setVendor("Crossbar HIL").setModel("sim-taox-2x64")
                        .setSerialNumber("SIM-0007").setFirmwareVersion("0.1.0"))
                .setGeometry(Geometry.newBuilder().setTiles(2).setRows(64).setCols(64))
                .setConverters(Converters.newBuilder().setDacBits(8).setDacFullScaleVolts(0.25).setAdcBits(10)
                        .addAdcFullScaleAmperes(200e-6).addAdcFullScaleAmperes(20e-6).setMaxReadsAveraged(16))
                .setCapabilities(Capabilities.newBuilder().setArrayType(ArrayType.ARRAY_TYPE_PASSIVE)
                        .setParallelOuterProductUpdate(true).setWriteVerify(true).setRamp(true)
                        .setTransposedVmm(true).setSimulated(true))
                .setHardLimits(hardLimits())
                .build();
        HelloResponse hello = HelloResponse.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR).setProtocolMinor(ProtocolVersion.MINOR)
                .setDescription(description)
                .setWorkingLimits(hardLimits().toBuilder().setMaxVolts(1.3).setMaxHalfSelectVolts(0.65))
                .setReadConfig(ReadConfig.newBuilder().setReadVolts(0.2).setIntegrationSeconds(1e-6)
                        .setAdcFullScaleAmperes(200e-6).setReadsAveraged(1))
                .setMaxFrameBytes(4 * 1024 * 1024).setIdempotencyTtlSeconds(600).setIdempotencyCapacity(4096)
                .setHeartbeatTimeoutSeconds(5)
                .build();
        return Response.newBuilder().setSeq(1).setStatus(Status.STATUS_OK).setHello(hello).build();
    }

    private static Response versionMismatch() {
        return Response.newBuilder().setSeq(1).setStatus(Status.STATUS_VERSION_MISMATCH)
                .setMessage("host speaks protocol 2.0, this board speaks 1.0: update the host software or the"
                        + " board firmware so that the major versions match")
                .setHello(HelloResponse.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR).setProtocolMinor(ProtocolVersion.MINOR))
                .build();
    }

    private static Request vmmRequest() {
        VmmRequest.Builder vmm = VmmRequest.newBuilder().setTile(0).setDirection(VmmDirection.VMM_DIRECTION_FORWARD)
                .setVectorCount(32).setInputOffset(0).setInputCount(64).setOutputOffset(0).setOutputCount(64);
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 64; j++) {
                vmm.addVolts(Math.max(0, (37 * i + 11 * j) % 29 - 9) * 0.01f);
            }
        }
        return Request.newBuilder().setSeq(42).setVmm(vmm).build();
    }

    private static Request settleNetworkRequest() {
        SettleNetworkRequest.Builder net = SettleNetworkRequest.newBuilder().setDriveVolts(0.2f)
                .setActivation(Activation.ACTIVATION_HARD_SIGMOID).setClipLow(0f).setClipHigh(1f)
                .addLayers(SettleLayer.newBuilder().setInputs(4).setUnits(3).setWeightScale(25_000)
                        .addBlocks(SettleBlock.newBuilder().setTile(0).setFirstInput(0).setInputCount(5).setFirstUnit(0)
                                .setUnitCount(3)))
                .addLayers(SettleLayer.newBuilder().setInputs(3).setUnits(2).setWeightScale(28_867.5)
                        .addBlocks(SettleBlock.newBuilder().setTile(1).setFirstInput(0).setInputCount(4).setFirstUnit(0)
                                .setUnitCount(2)));
        return Request.newBuilder().setSeq(8).setSettleNetwork(net).build();
    }

    private static Request settleRequest() {
        SettleRequest.Builder settle = SettleRequest.newBuilder().setNetworkId(1).setBatchSize(2)
                .addAllInputs(List.of(0f, 0.25f, 0.5f, 1f, 1f, 0.75f, 0f, 0f))
                .addAllTargets(List.of(1f, 0f, 0f, 1f))
                .addPhases(SettlePhase.newBuilder().setIterations(20).setAverageLast(2))
                .addPhases(SettlePhase.newBuilder().setBeta(0.5).setIterations(8).setAverageLast(2))
                .addPhases(SettlePhase.newBuilder().setBeta(-0.5).setIterations(8).setAverageLast(2))
                .setReportChanges(true);
        return Request.newBuilder().setSeq(9).setSettle(settle).build();
    }

    private static Response settleResponse() {
        SettleResponse.Builder out = SettleResponse.newBuilder().setVmmVectors(2 * (1 + 20 * 3 + 16 * 3));
        int[] sweeps = {20, 8, 8};
        for (int p = 0; p < 3; p++) {
            SettledPhase.Builder phase = SettledPhase.newBuilder().setIterationsRun(sweeps[p]);
            for (int i = 0; i < 10; i++) {
                phase.addStates(((i * 7 + p * 3) % 9) * 0.125f);
            }
            for (int t = 0; t < sweeps[p]; t++) {
                phase.addChanges(t == 0 ? 1f : 1f / (1 << Math.min(t, 20)));
            }
            out.addPhases(phase);
        }
        return Response.newBuilder().setSeq(9).setStatus(Status.STATUS_OK).setSettle(out).build();
    }

    private static Request pulseRequest() {
        return Request.newBuilder().setSeq(7).setPulse(PulseRequest.newBuilder().setTile(1)
                .addPulses(DevicePulse.newBuilder().setRow(3).setCol(5).setVolts(1.2).setWidthSeconds(100e-9).setCount(1))
                .addPulses(DevicePulse.newBuilder().setRow(3).setCol(6).setVolts(-1.1).setWidthSeconds(100e-9).setCount(4)))
                .build();
    }

    private static Request updateMaskRequest() {
        byte[] mask = new byte[512];
        int k = 40;
        for (int i = 0; i < 300; i++) {
            mask[k++] = (byte) 0xA5;
        }
        k += 8;
        for (int i = 0; k < mask.length; i++) {
            mask[k++] = i % 7 == 0 ? 0 : (byte) (i + 1);
        }
        return Request.newBuilder().setSeq(9)
                .setSetUpdateMask(SetUpdateMaskRequest.newBuilder().setTile(0).setMask(ByteString.copyFrom(mask)))
                .build();
    }

    private static Request maskRequest(long seq, int tile, byte[] mask) {
        return Request.newBuilder().setSeq(seq)
                .setSetUpdateMask(SetUpdateMaskRequest.newBuilder().setTile(tile).setMask(ByteString.copyFrom(mask)))
                .build();
    }

    private static byte[] fullRunsMask() {
        byte[] mask = new byte[512];
        Arrays.fill(mask, 1, 255, (byte) 0xA5);
        Arrays.fill(mask, 256, 511, (byte) 0x5A);
        return mask;
    }

    private static byte[] fullRunAtEndMask() {
        byte[] mask = new byte[512];
        Arrays.fill(mask, 262, 512, (byte) 0xC3);
        return mask;
    }

    /** The {@code NAME.txt} text: what the frame is, its fields, and its bytes step by step. */
    static String describe(Golden golden) {
        byte[] payload = golden.message().toByteArray();
        byte[] block = new byte[payload.length + FrameEncoder.OVERHEAD_BYTES];
        block[0] = (byte) golden.version();
        block[1] = (byte) golden.type().code();
        System.arraycopy(payload, 0, block, 2, payload.length);
        CRC32C crc = new CRC32C();
        crc.update(block, 0, block.length - 4);
        long crcValue = crc.getValue();
        for (int i = 0; i < 4; i++) {
            block[block.length - 4 + i] = (byte) (crcValue >>> (8 * i));
        }
        byte[] wire = golden.wire();

        StringBuilder text = new StringBuilder();
        text.append(golden.name()).append(": ").append(golden.summary()).append("\n\n");
        text.append("header: version ").append(golden.version()).append(", type 0x")
                .append(String.format("%02x", golden.type().code())).append(" (").append(golden.type())
                .append(", message crossbar.v1.").append(golden.message().getDescriptorForType().getName()).append(")\n");
        text.append("fields (protobuf text format):\n");
        text.append(indent(fieldsText(golden)));
        text.append("\npayload: ").append(payload.length).append(" bytes of protobuf");
        if (payload.length <= 128) {
            text.append(":\n").append(indent(wrap(Hex.spaced(payload, 0, payload.length))));
        } else {
            text.append("\n");
        }
        text.append(String.format("CRC-32C of header + payload: 0x%08x, stored little-endian: %s%n", crcValue,
                Hex.spaced(block, block.length - 4, block.length)));
        text.append("decoded frame (header + payload + CRC): ").append(block.length).append(" bytes\n");
        text.append("on the wire (COBS + 0x00 delimiter): ").append(wire.length).append(" bytes");
        if (wire.length <= 140) {
            text.append(":\n").append(indent(wrap(Hex.spaced(wire, 0, wire.length))));
        } else {
            text.append("\n");
        }
        return text.toString();
    }

    private static String fieldsText(Golden golden) {
        if (golden.fieldsSummary() == null) {
            return TextFormat.printer().printToString(golden.message());
        }
        Message withoutBulk = golden.name().startsWith("vmm")
                ? ((Request) golden.message()).toBuilder().setVmm(((Request) golden.message()).getVmm().toBuilder().clearVolts()).build()
                : ((Request) golden.message()).toBuilder()
                        .setSetUpdateMask(((Request) golden.message()).getSetUpdateMask().toBuilder().clearMask()).build();
        return TextFormat.printer().printToString(withoutBulk) + "# and " + golden.fieldsSummary() + "\n";
    }

    private static String wrap(String spacedHex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spacedHex.length(); i += 16 * 3) {
            out.append(spacedHex, i, Math.min(spacedHex.length(), i + 16 * 3 - 1)).append('\n');
        }
        return out.toString();
    }

    private static String indent(String text) {
        return text.lines().map(line -> "  " + line).reduce("", (a, b) -> a + b + "\n");
    }
}
