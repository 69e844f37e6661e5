package org.crossbarhil.conformance;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * The idempotency memory, over raw frames: a retransmitted pulse request (same session id and
 * seq) is answered from memory and applied once; the same key with another body is refused and
 * applies nothing; a new link that says Hello with the same session id finds its memory intact.
 * Evidence is the device's conductance and the ledger's device-pulse count.
 */
final class IdempotencyChecks {
    /** Pulses per request: enough that applying them twice shows in G as well as in the ledger. */
    static final int PULSES = 10;

    private IdempotencyChecks() {
    }

    static List<Check> all() {
        return List.of(
                Check.writes("idempotent-retransmission", IdempotencyChecks::retransmission),
                Check.writes("idempotency-conflict", IdempotencyChecks::conflict),
                Check.writes("session-resumes-after-reconnect", IdempotencyChecks::resume));
    }

    /** The device these checks pulse, and the polarity that has room to move it. */
    record Plan(Device device, double volts) {
    }

    static Plan plan(SuiteContext ctx) {
        Pulses.requireNominal(ctx);
        ctx.noise();
        List<Device> responsive = WriteChecks.responsive(ctx);
        Device d = responsive.isEmpty() ? WriteChecks.testDevices(ctx.sample()).get(0) : responsive.get(0);
        ctx.touch(List.of(d));
        // after the SET/RESET cycle a responsive device sits low: SET has room
        return new Plan(d, ctx.options().setVolts());
    }

    static Request pulseRequest(SuiteContext ctx, long seq, Plan p, double volts, int count) {
        return Request.newBuilder().setSeq(seq).setPulse(PulseRequest.newBuilder().setTile(ctx.sample().tile())
                .addPulses(EnvelopeChecks.devicePulse(p.device(), volts, ctx.options().widthSeconds(), count))).build();
    }

    static Response expectOk(RawSession s, Request r, String what) throws IOException {
        s.sendBytes(s.encoder().encode(r));
        Response resp = s.await(r.getSeq());
        Verdict.require(resp.getStatus() == Status.STATUS_OK, what + " was answered " + resp.getStatus() + ProtocolChecks.message(resp));
        return resp;
    }

    static String retransmission(SuiteContext ctx) throws IOException {
        Plan p = plan(ctx);
        Noise noise = ctx.noise();
        try (RawSession s = ctx.rawSession(true)) {
            double g0 = ctx.rawRead(s, p.device());
            long pulses0 = EnvelopeChecks.devicePulses(s);
            long seq = s.nextSeq();
            s.skipTo(seq + 1);
            Request pulse = pulseRequest(ctx, seq, p, p.volts(), PULSES);
            Response first = expectOk(s, pulse, "a pulse request");
            Verdict.require(!first.getReplayed(), "the first transmission of seq " + seq + " came back marked replayed");
            Verdict.require(first.getPulse().getDevicePulses() == PULSES, "asked for " + PULSES + " pulses, the board reports "
                    + first.getPulse().getDevicePulses());
            double g1 = ctx.rawRead(s, p.device());
            Response again = expectOk(s, pulse, "the retransmission");
            Verdict.require(again.getReplayed(), "the retransmission of seq " + seq + " was executed again (replayed=false)");
            Verdict.require(again.getPulse().equals(first.getPulse()), "the replayed answer differs from the first: "
                    + again.getPulse() + " vs " + first.getPulse());
            double g2 = ctx.rawRead(s, p.device());
            long applied = EnvelopeChecks.devicePulses(s) - pulses0;
            Verdict.require(applied == PULSES, "one request of " + PULSES + " pulses sent twice: the ledger counted " + applied
                    + " device pulses");
            double thr = noise.changeThreshold(g1, SuiteContext.READS);
            Verdict.require(Math.abs(g2 - g1) <= thr, String.format(Locale.ROOT, "the retransmission moved %s from %.4g S to "
                    + "%.4g S (allowed: %.3g S)", p.device(), g1, g2, thr));
            return String.format(Locale.ROOT, "%d pulses applied once (%s %.4g -> %.4g S, ledger +%d), retransmission replayed",
                    PULSES, p.device(), g0, g1, applied);
        }
    }

    static String conflict(SuiteContext ctx) throws IOException {
        Plan p = plan(ctx);
        Noise noise = ctx.noise();
        try (RawSession s = ctx.rawSession(true)) {
            long seq = s.nextSeq();
            s.skipTo(seq + 1);
            expectOk(s, pulseRequest(ctx, seq, p, p.volts(), 2), "a pulse request");
            double g0 = ctx.rawRead(s, p.device());
            long pulses0 = EnvelopeChecks.devicePulses(s);
            Request other = pulseRequest(ctx, seq, p, ctx.options().resetVolts(), PULSES);
            s.sendBytes(s.encoder().encode(other));
            Response r = s.await(seq);
            Verdict.require(r.getStatus() == Status.STATUS_IDEMPOTENCY_CONFLICT, "seq " + seq + " reused with another body was "
                    + "answered " + r.getStatus() + (r.getReplayed() ? " (replayed)" : "") + ProtocolChecks.message(r)
                    + " (expected: STATUS_IDEMPOTENCY_CONFLICT)");
            long applied = EnvelopeChecks.devicePulses(s) - pulses0;
            Verdict.require(applied == 0, "the conflicting request was refused, yet the ledger counted " + applied + " device pulses");
            double g1 = ctx.rawRead(s, p.device());
            double thr = noise.changeThreshold(g0, SuiteContext.READS);
            Verdict.require(Math.abs(g1 - g0) <= thr, String.format(Locale.ROOT, "the conflicting request was refused, yet %s went "
                    + "from %.4g S to %.4g S (allowed: %.3g S)", p.device(), g0, g1, thr));
            return "refused: " + r.getMessage();
        }
    }

    static String resume(SuiteContext ctx) throws IOException {
        Plan p = plan(ctx);
        Noise noise = ctx.noise();
        long session = SuiteContext.newSessionId();
        Request pulse;
        Response first;
        double g1;
        long next;
        try (RawSession s = ctx.rawSession(session, true)) {
            long seq = s.nextSeq();
            s.skipTo(seq + 1);
            pulse = pulseRequest(ctx, seq, p, p.volts(), PULSES);
            first = expectOk(s, pulse, "a pulse request");
            g1 = ctx.rawRead(s, p.device());
            next = s.nextSeq();
        }
        try (RawSession s = ctx.rawSession(session, true, next)) {
            HelloResponse hello = s.handshake().getHello();
            Verdict.require(hello.getSessionResumed(), "a new link saying Hello with the same session id was not told session_resumed");
            Verdict.require(Long.compareUnsigned(hello.getHighestSeqSeen(), pulse.getSeq()) >= 0, "the resumed session reports "
                    + "highest_seq_seen " + Long.toUnsignedString(hello.getHighestSeqSeen()) + ", below the pulse's seq "
                    + pulse.getSeq());
            long pulses0 = EnvelopeChecks.devicePulses(s);
            Response again = expectOk(s, pulse, "the retransmission after reconnecting");
            Verdict.require(again.getReplayed(), "after reconnecting, the retransmission of seq " + pulse.getSeq()
                    + " was executed again (replayed=false)");
            Verdict.require(again.getPulse().equals(first.getPulse()), "the replayed answer differs from the first");
            long applied = EnvelopeChecks.devicePulses(s) - pulses0;
            Verdict.require(applied == 0, "after reconnecting, the retransmission added " + applied + " device pulses to the ledger");
            double g2 = ctx.rawRead(s, p.device());
            double thr = noise.changeThreshold(g1, SuiteContext.READS);
            Verdict.require(Math.abs(g2 - g1) <= thr, String.format(Locale.ROOT, "after reconnecting, the retransmission moved %s "
                    + "from %.4g S to %.4g S (allowed: %.3g S)", p.device(), g1, g2, thr));
            return "session resumed (highest seq " + Long.toUnsignedString(hello.getHighestSeqSeen()) + "), retransmission answered "
                    + "from memory";
        }
    }
}
