package org.crossbarhil.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.crossbarhil.protocol.Cobs;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.FrameType;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.rules.LimitChanges;
import org.crossbarhil.protocol.v1.BoardDescription;
import org.crossbarhil.protocol.v1.Converters;
import org.crossbarhil.protocol.v1.Geometry;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Limits;
import org.crossbarhil.protocol.v1.ReadConfig;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * Checks of the wire protocol itself, over raw links: what the handshake reports, refusal of a
 * foreign version, no service before Hello, resynchronisation after garbage, and silence for a
 * frame whose CRC is wrong. None of them changes a device.
 */
final class ProtocolChecks {
    /** A major version no board will ever speak. */
    static final int FOREIGN_MAJOR = 99;
    /** How long to listen for answers that must not come. */
    static final Duration SILENCE = Duration.ofMillis(300);

    private ProtocolChecks() {
    }

    static List<Check> all() {
        return List.of(
                Check.readOnly("handshake", ProtocolChecks::handshake),
                Check.readOnly("version-mismatch-frame", ctx -> versionMismatch(ctx, FOREIGN_MAJOR)),
                Check.readOnly("version-mismatch-hello", ctx -> versionMismatch(ctx, ProtocolVersion.MAJOR)),
                Check.readOnly("request-before-hello", ProtocolChecks::requestBeforeHello),
                Check.readOnly("resync-after-garbage", ProtocolChecks::resyncAfterGarbage),
                Check.readOnly("bad-crc-ignored", ProtocolChecks::badCrcIgnored));
    }

    /** Every field a host relies on is present and sane, and the working limits are within the hard ones. */
    static String handshake(SuiteContext ctx) {
        HelloResponse h = ctx.handshake().getHello();
        List<String> problems = handshakeProblems(h);
        Verdict.require(problems.isEmpty(), String.join("; ", problems));
        BoardDescription d = h.getDescription();
        return "protocol " + Handshake.version(h.getProtocolMajor(), h.getProtocolMinor()) + ", " + d.getIdentity().getModel()
                + " firmware " + d.getIdentity().getFirmwareVersion() + ", " + geometry(d.getGeometry());
    }

    private static String geometry(Geometry g) {
        return Integer.toUnsignedString(g.getTiles()) + " x " + Integer.toUnsignedString(g.getRows()) + "x"
                + Integer.toUnsignedString(g.getCols());
    }

    /** What is wrong with a board's Hello answer; uint32 fields are read as the unsigned numbers they are. */
    static List<String> handshakeProblems(HelloResponse h) {
        List<String> p = new ArrayList<>();
        if (h.getProtocolMajor() != ProtocolVersion.MAJOR) {
            p.add("protocol_major " + Integer.toUnsignedString(h.getProtocolMajor()) + " (expected: " + ProtocolVersion.MAJOR + ")");
        }
        BoardDescription d = h.getDescription();
        if (d.getIdentity().getModel().isBlank() || d.getIdentity().getFirmwareVersion().isBlank()) {
            p.add("identity lacks a model or firmware version");
        }
        if (d.getGeometry().getTiles() == 0 || d.getGeometry().getRows() == 0 || d.getGeometry().getCols() == 0) {
            p.add("geometry " + geometry(d.getGeometry()) + " (expected: all >= 1)");
        }
        Converters c = d.getConverters();
        // 0 bits is an ideal converter (a simulator's): no quantisation
        if (Integer.compareUnsigned(c.getDacBits(), 32) > 0 || Integer.compareUnsigned(c.getAdcBits(), 32) > 0) {
            p.add("converter bits DAC " + Integer.toUnsignedString(c.getDacBits()) + ", ADC " + Integer.toUnsignedString(c.getAdcBits())
                    + " (expected: 0..32, 0 = ideal)");
        }
        if (!(c.getDacFullScaleVolts() > 0)) {
            p.add("dac_full_scale_volts " + c.getDacFullScaleVolts() + " (expected: > 0)");
        }
        if (c.getAdcFullScaleAmperesCount() == 0 || c.getAdcFullScaleAmperesList().stream().anyMatch(a -> !(a > 0) || a.isInfinite())) {
            p.add("adc_full_scale_amperes " + c.getAdcFullScaleAmperesList() + " (expected: at least one, all > 0)");
        }
        if (c.getMaxReadsAveraged() == 0) {
            p.add("max_reads_averaged 0 (expected: >= 1)");
        }
        limitsProblems("hard", d.getHardLimits(), p);
        limitsProblems("working", h.getWorkingLimits(), p);
        List<String> beyond = LimitChanges.loosened(d.getHardLimits(), h.getWorkingLimits());
        if (!beyond.isEmpty()) {
            p.add("working limits beyond the hard ones: " + String.join(", ", beyond));
        }
        if (Integer.toUnsignedLong(h.getMaxFrameBytes()) < ProtocolVersion.MIN_MAX_FRAME_BYTES) {
            p.add("max_frame_bytes " + Integer.toUnsignedString(h.getMaxFrameBytes()) + " (expected: >= "
                    + ProtocolVersion.MIN_MAX_FRAME_BYTES + ")");
        }
        if (!(h.getIdempotencyTtlSeconds() > 0) || h.getIdempotencyCapacity() == 0) {
            p.add("idempotency memory ttl " + h.getIdempotencyTtlSeconds() + " s, capacity "
                    + Integer.toUnsignedString(h.getIdempotencyCapacity()) + " (expected: > 0 s, >= 1)");
        }
        if (!(h.getHeartbeatTimeoutSeconds() >= 0)) {
            p.add("heartbeat_timeout_seconds " + h.getHeartbeatTimeoutSeconds() + " (expected: >= 0)");
        }
        if (h.getSessionResumed()) {
            p.add("session_resumed is set for a session id never used before");
        }
        ReadConfig rc = h.getReadConfig();
        if (!(rc.getReadVolts() > 0) || rc.getReadVolts() > h.getWorkingLimits().getMaxReadVolts()) {
            p.add("read_volts " + rc.getReadVolts() + " (expected: > 0 and <= working max_read_volts "
                    + h.getWorkingLimits().getMaxReadVolts() + ")");
        }
        if (!(rc.getIntegrationSeconds() > 0)) {
            p.add("integration_seconds " + rc.getIntegrationSeconds() + " (expected: > 0)");
        }
        if (c.getAdcFullScaleAmperesCount() > 0 && c.getAdcFullScaleAmperesList().stream()
                .noneMatch(a -> Math.abs(a - rc.getAdcFullScaleAmperes()) <= 1e-9 * a)) {
            p.add("configured ADC range " + rc.getAdcFullScaleAmperes() + " A is not one of " + c.getAdcFullScaleAmperesList());
        }
        if (rc.getReadsAveraged() == 0 || Integer.compareUnsigned(rc.getReadsAveraged(), c.getMaxReadsAveraged()) > 0) {
            p.add("reads_averaged " + Integer.toUnsignedString(rc.getReadsAveraged()) + " (expected: 1.."
                    + Integer.toUnsignedString(c.getMaxReadsAveraged()) + ")");
        }
        return p;
    }

    private static void limitsProblems(String which, Limits l, List<String> p) {
        double[] positive = {l.getMaxVolts(), l.getMaxReadVolts(), l.getMaxHalfSelectVolts(), l.getMinPulseSeconds(),
            l.getMaxPulseSeconds(), l.getMaxDeviceAmperes(), l.getMaxLineAmperes()};
        for (double v : positive) {
            if (!(v > 0) || Double.isInfinite(v)) {
                p.add(which + " limits have a value that is not > 0 and finite: " + oneLine(l));
                return;
            }
        }
        if (l.getMinPulseSeconds() > l.getMaxPulseSeconds()) {
            p.add(which + " min_pulse_seconds " + l.getMinPulseSeconds() + " > max_pulse_seconds " + l.getMaxPulseSeconds());
        }
        if (l.getMaxPulsesPerCommand() == 0) {
            p.add(which + " max_pulses_per_command 0 (expected: >= 1)");
        }
        if (l.getMaxReadVolts() > l.getMaxVolts() || l.getMaxHalfSelectVolts() > l.getMaxVolts()) {
            p.add(which + " read or half-select limit above max_volts: " + oneLine(l));
        }
        if (!(l.getEnergyBudgetJoules() >= 0) || Double.isInfinite(l.getEnergyBudgetJoules())) {
            p.add(which + " energy_budget_joules " + l.getEnergyBudgetJoules() + " (expected: >= 0)");
        }
    }

    static String oneLine(Limits l) {
        return "max " + l.getMaxVolts() + " V, read " + l.getMaxReadVolts() + " V, half-select " + l.getMaxHalfSelectVolts()
                + " V, width " + l.getMinPulseSeconds() + ".." + l.getMaxPulseSeconds() + " s, "
                + Integer.toUnsignedString(l.getMaxPulsesPerCommand())
                + " pulses/command, " + l.getMaxDeviceAmperes() + " A/device, " + l.getMaxLineAmperes() + " A/line";
    }

    /**
     * A Hello from the future is refused by status: stamped with a foreign major in the frame
     * header (the board cannot even parse it as its own) or only in the Hello body.
     */
    static String versionMismatch(SuiteContext ctx, int frameVersion) throws IOException {
        try (RawSession s = ctx.rawLink()) {
            Request hello = Request.newBuilder().setSeq(1).setHello(HelloRequest.newBuilder()
                    .setProtocolMajor(FOREIGN_MAJOR).setProtocolMinor(0).setSessionId(SuiteContext.newSessionId())
                    .setClientName("crossbar-conformance")).build();
            FrameEncoder encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, frameVersion);
            s.sendBytes(encoder.encode(hello));
            Response r = s.awaitOrNull(1, ctx.timeout());
            String how = frameVersion == ProtocolVersion.MAJOR ? "a Hello asking for protocol " + FOREIGN_MAJOR
                    : "a Hello framed as protocol " + FOREIGN_MAJOR;
            Verdict.require(r != null, "no answer within " + ctx.timeout().toMillis() + " ms to " + how
                    + " (expected: STATUS_VERSION_MISMATCH)");
            Verdict.require(r.getStatus() == Status.STATUS_VERSION_MISMATCH, how + " was answered " + r.getStatus()
                    + " (expected: STATUS_VERSION_MISMATCH)" + message(r));
            Verdict.require(!r.getMessage().isBlank(), how + " was refused without a message saying why");
            return "refused: " + r.getMessage();
        }
    }

    /** Before the handshake the board serves nothing, then a Hello on the same link works. */
    static String requestBeforeHello(SuiteContext ctx) throws IOException {
        if (ctx.serialLine()) {
            throw Verdict.skip("a serial line has no connection boundary: the board cannot tell this host's new link from the "
                    + "last one, so only a board fresh from power-on refuses requests before Hello");
        }
        try (RawSession s = ctx.rawLink()) {
            Response r = s.call(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance()));
            Verdict.require(r.getStatus() == Status.STATUS_FAILED_PRECONDITION, "Info before Hello was answered " + r.getStatus()
                    + " (expected: STATUS_FAILED_PRECONDITION)" + message(r));
            s.hello(SuiteContext.newSessionId(), ctx.token(), false);
            Response after = s.call(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance()));
            Verdict.require(after.getStatus() == Status.STATUS_OK, "Info after Hello was answered " + after.getStatus() + message(after));
            return "refused before Hello (" + r.getMessage() + "), served after";
        }
    }

    /** Random bytes (zeros included), a delimiter, then a good frame: the good frame is answered, nothing else. */
    static String resyncAfterGarbage(SuiteContext ctx) throws IOException {
        try (RawSession s = ctx.rawSession(false)) {
            byte[] garbage = new byte[600];
            new Random(7).nextBytes(garbage);
            // end the garbage inside a would-be block, so only the delimiter can resynchronise
            garbage[garbage.length - 2] = 0x55;
            garbage[garbage.length - 1] = 0;
            long seq = s.nextSeq();
            byte[] good = s.encoder().encode(Request.newBuilder().setSeq(seq).setInfo(InfoRequest.getDefaultInstance()).build());
            byte[] stream = new byte[garbage.length + good.length];
            System.arraycopy(garbage, 0, stream, 0, garbage.length);
            System.arraycopy(good, 0, stream, garbage.length, good.length);
            s.skipTo(seq + 1);
            s.sendBytes(stream);
            Response r = s.awaitOrNull(seq, ctx.timeout());
            Verdict.require(r != null, "no answer to a good frame sent after " + garbage.length + " bytes of garbage");
            Verdict.require(r.getStatus() == Status.STATUS_OK, "the frame after the garbage was answered " + r.getStatus() + message(r));
            List<Response> stray = s.othersSince(SILENCE);
            Verdict.require(stray.isEmpty(), "the board answered garbage: " + stray.size() + " unexpected response(s), first: seq "
                    + (stray.isEmpty() ? 0 : stray.get(0).getSeq() + " " + stray.get(0).getStatus()));
            // the link still works for ordinary traffic
            Response again = s.call(Request.newBuilder().setHeartbeat(HeartbeatRequest.getDefaultInstance()));
            Verdict.require(again.getStatus() == Status.STATUS_OK, "heartbeat after resync answered " + again.getStatus());
            return garbage.length + " bytes of garbage dropped, next frame answered";
        }
    }

    /** A frame whose CRC is wrong is never answered; the next good one is. */
    static String badCrcIgnored(SuiteContext ctx) throws IOException {
        try (RawSession s = ctx.rawSession(false)) {
            long bad = s.nextSeq();
            Request corrupt = Request.newBuilder().setSeq(bad).setHeartbeat(HeartbeatRequest.getDefaultInstance()).build();
            s.skipTo(bad + 1);
            s.sendBytes(withBadCrc(corrupt));
            Response good = s.call(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance()));
            Verdict.require(good.getStatus() == Status.STATUS_OK, "the good frame after a bad-CRC frame was answered "
                    + good.getStatus() + message(good));
            List<Response> stray = s.othersSince(SILENCE);
            for (Response r : stray) {
                Verdict.require(r.getSeq() != bad, "the board answered a frame whose CRC was wrong (seq " + bad + ", "
                        + r.getStatus() + ")");
            }
            Verdict.require(stray.isEmpty(), stray.size() + " unexpected response(s) after a bad-CRC frame");
            return "frame with a wrong CRC-32C ignored, next frame answered";
        }
    }

    /** The frame the encoder would write, with every bit of its CRC-32C inverted. */
    static byte[] withBadCrc(Request request) {
        byte[] payload = request.toByteArray();
        byte[] block = new byte[payload.length + FrameEncoder.OVERHEAD_BYTES];
        block[0] = (byte) ProtocolVersion.MAJOR;
        block[1] = (byte) FrameType.REQUEST.code();
        System.arraycopy(payload, 0, block, 2, payload.length);
        CRC32C crc = new CRC32C();
        crc.update(block, 0, block.length - 4);
        int value = ~(int) crc.getValue();
        int at = block.length - 4;
        block[at] = (byte) value;
        block[at + 1] = (byte) (value >>> 8);
        block[at + 2] = (byte) (value >>> 16);
        block[at + 3] = (byte) (value >>> 24);
        byte[] wire = new byte[Cobs.maxEncodedLength(block.length) + 1];
        int n = Cobs.encode(block, 0, block.length, wire, 0);
        wire[n] = 0;
        return java.util.Arrays.copyOf(wire, n + 1);
    }

    static String message(Response r) {
        return r.getMessage().isBlank() ? "" : ": " + r.getMessage();
    }
}
