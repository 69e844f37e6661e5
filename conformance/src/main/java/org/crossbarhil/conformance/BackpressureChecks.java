package org.crossbarhil.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * docs/protocol.md section 7.1: one connection that sends without reading its answers must not
 * stop the board from serving another. Read-only: the flood is Info requests.
 */
final class BackpressureChecks {
    /** The flood: at most this many requests... */
    static final int FLOOD_REQUESTS = 20_000;
    /** ...or for at most this long, whichever ends first. */
    static final Duration FLOOD_TIME = Duration.ofSeconds(2);
    /**
     * How soon another connection must be served (Hello and one Info) during the flood and after
     * it. A board that bounds what one connection may queue has at most its
     * {@code max_requests_in_flight} of the flooder's requests ahead of the other host's: at the
     * cost of an Info (microseconds on the simulator, milliseconds on firmware) that is far below
     * a second, which leaves room for a loaded machine, a gateway's extra hop and a TLS
     * handshake; a board that queues without bound (the simulator before the rule stalled other
     * hosts for 15 s, and for minutes after the flood) misses it by far.
     */
    static final Duration SERVED_WITHIN = Duration.ofSeconds(1);
    /** How long the flooder then reads what it was answered. */
    static final Duration DRAIN = Duration.ofSeconds(2);
    private static final int FRAMES_PER_WRITE = 100;

    private BackpressureChecks() {
    }

    static List<Check> all() {
        return List.of(Check.readOnly("flood-without-reading", BackpressureChecks::floodWithoutReading));
    }

    static String floodWithoutReading(SuiteContext ctx) throws IOException {
        if (ctx.serialLine()) {
            throw Verdict.skip("a serial line carries one connection: there is no second host to serve during a flood");
        }
        try (RawSession flood = ctx.rawSession(false)) {
            long bound = Integer.toUnsignedLong(flood.handshake().getHello().getMaxRequestsInFlight());
            flood.pauseReading(true);
            int sent = 0;
            boolean cutOff = false;
            long until = System.nanoTime() + FLOOD_TIME.toNanos();
            while (sent < FLOOD_REQUESTS && System.nanoTime() < until) {
                ByteArrayOutputStream burst = new ByteArrayOutputStream();
                for (int i = 0; i < FRAMES_PER_WRITE; i++) {
                    burst.writeBytes(flood.encoder().encode(Request.newBuilder().setSeq(flood.nextSeq() + i)
                            .setInfo(InfoRequest.getDefaultInstance()).build()));
                }
                try {
                    flood.sendBytes(burst.toByteArray());
                } catch (IOException closedByBoard) {
                    cutOff = true;
                    break;
                }
                flood.skipTo(flood.nextSeq() + FRAMES_PER_WRITE);
                sent += FRAMES_PER_WRITE;
            }
            long unsent = flood.unsentBytes();

            long during = servedMillis(ctx, "while another connection floods it without reading");

            flood.pauseReading(false);
            int ok = 0;
            int refused = 0;
            if (!flood.closed()) {
                for (Response r : flood.othersUntilClosed(DRAIN)) {
                    if (r.getStatus() == Status.STATUS_OK) {
                        ok++;
                    } else {
                        Verdict.require(r.getStatus() == Status.STATUS_RESOURCE_EXHAUSTED, "a flooded Info (seq "
                                + Long.toUnsignedString(r.getSeq()) + ") was answered " + r.getStatus() + ProtocolChecks.message(r)
                                + " (expected: STATUS_OK, or STATUS_RESOURCE_EXHAUSTED beyond max_requests_in_flight)");
                        Verdict.require(!r.getMessage().isBlank(), "a flooded Info was refused " + r.getStatus()
                                + " without a message saying why");
                        refused++;
                    }
                }
            }
            flood.close();
            long after = servedMillis(ctx, "just after a flooding connection closed");
            return String.format("%d Info requests sent without reading (max_requests_in_flight %s%s); another connection "
                    + "served in %d ms during the flood, %d ms after it; the flooder then read %d answers OK, %d refused "
                    + "RESOURCE_EXHAUSTED%s", sent, bound == 0 ? "not stated" : bound, unsent > 0 ? ", " + unsent
                    + " bytes of them still unread by the board" : "", during, after, ok, refused,
                    cutOff || flood.closed() ? "; the board closed the flooding connection" : "");
        }
    }

    /** Opens a connection, says Hello and reads Info; fails unless that took at most {@link #SERVED_WITHIN}. */
    private static long servedMillis(SuiteContext ctx, String when) throws IOException {
        long start = System.nanoTime();
        try (RawSession other = ctx.rawSession(false)) {
            Response info = other.awaitOrNull(other.send(Request.newBuilder().setInfo(InfoRequest.getDefaultInstance())).getSeq(),
                    SERVED_WITHIN);
            long millis = (System.nanoTime() - start) / 1_000_000;
            Verdict.require(info != null && millis <= SERVED_WITHIN.toMillis(), "another connection " + when + " was not "
                    + "served (Hello and one Info) within " + SERVED_WITHIN.toMillis() + " ms"
                    + (info == null ? "" : ": it took " + millis + " ms"));
            Verdict.require(info.getStatus() == Status.STATUS_OK, "another connection " + when + " had its Info answered "
                    + info.getStatus() + ProtocolChecks.message(info));
            return millis;
        }
    }
}
