package org.crossbarhil.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.crossbarhil.protocol.v1.BoardState;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HeartbeatResponse;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadScope;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * A silent host sends the board to safe idle within its heartbeat timeout even while another host
 * session heartbeats (docs/protocol.md section 8: a timer per host session). Two raw sessions: the
 * beating one drives the board to READY with a read and then heartbeats at a third of the timeout;
 * the silent one says Hello and then nothing. The verdict is taken in board time (the heartbeats'
 * and the {@code SafeIdleEvent}'s {@code board_time_seconds}), so a loaded host that answers late
 * does not make a board look slow; the host's own clock only bounds how long the check waits.
 */
final class HeartbeatPerSessionCheck {
    static final String NAME = "heartbeat-per-session";
    /** Longest announced heartbeat timeout this check waits out; beyond it the check would slow the suite too much. */
    static final double MAX_TIMEOUT_SECONDS = 10;
    /** How late past the timeout the board may notice the silence: its timer's resolution and the link's latency. */
    static final double GRACE_SECONDS = 1.5;
    /** Host time the check waits for the board's safe idle, past twice the timeout: room for a loaded host. */
    static final double WAIT_SLACK_SECONDS = 3;
    /** The reason section 8 gives a lost heartbeat; boards may add details after it. */
    private static final String HEARTBEAT_LOST = "heartbeat lost";

    private HeartbeatPerSessionCheck() {
    }

    static String run(SuiteContext ctx) throws IOException, InterruptedException {
        if (ctx.serialLine()) {
            throw Verdict.skip("a serial line carries one host session: there is no second host to heartbeat beside a silent one");
        }
        try (RawSession beating = ctx.rawSession(false)) {
            HelloResponse hello = beating.handshake().getHello();
            double timeout = hello.getHeartbeatTimeoutSeconds();
            if (hello.getDescription().getCapabilities().getLease()) {
                throw Verdict.skip("a gateway's heartbeat_timeout_seconds is its lease term: a silent client loses the lease, "
                        + "the board is not idled for it");
            }
            if (!(timeout > 0)) {
                throw Verdict.skip("the board announces no heartbeat timeout (heartbeat_timeout_seconds " + timeout + ")");
            }
            if (timeout > MAX_TIMEOUT_SECONDS) {
                throw Verdict.skip(String.format(Locale.ROOT, "heartbeat_timeout_seconds %.1f is longer than this check waits "
                        + "(%.0f s)", timeout, MAX_TIMEOUT_SECONDS));
            }
            long beatNanos = (long) (timeout / 3 * 1e9);
            Beats beats = new Beats(beating);
            leaveSafeIdle(beats);
            double beforeSilent = beats.heartbeat().getBoardTimeSeconds();
            try (RawSession silent = ctx.rawSession(false)) {
                // the silent host's last request (its Hello) arrived before this heartbeat: its silence is at least this old
                double silentSince = beats.heartbeat().getBoardTimeSeconds();
                long waitUntil = System.nanoTime() + (long) ((2 * timeout + WAIT_SLACK_SECONDS) * 1e9);
                BoardState lastState = BoardState.BOARD_STATE_READY;
                while (true) {
                    Event e = beating.nextEvent(Duration.ofNanos(beats.last + beatNanos - System.nanoTime()));
                    if (e != null && e.hasSafeIdle()) {
                        if (!e.getSafeIdle().getReason().startsWith(HEARTBEAT_LOST)) {
                            // idled for something else (a link of an earlier check closing late): the silent timer goes on
                            leaveSafeIdle(beats);
                            continue;
                        }
                        return verdict(e, timeout, beforeSilent, silentSince, beats.longestGapSeconds);
                    }
                    if (e != null) {
                        continue;
                    }
                    if (System.nanoTime() - waitUntil > 0) {
                        double silentFor = beats.lastBoardTime - silentSince;
                        Verdict.require(lastState != BoardState.BOARD_STATE_SAFE_IDLE, String.format(Locale.ROOT, "the board "
                                + "is in safe idle %.2f s (board time) after one host went silent but sent no SafeIdleEvent "
                                + "\"%s\" (section 9: to every connection past its Hello)", silentFor, HEARTBEAT_LOST));
                        throw Verdict.fail(String.format(Locale.ROOT, "still %s %.2f s (board time) after one host went "
                                + "silent, heartbeat_timeout_seconds %.1f: another host's heartbeats kept it going (a board "
                                + "keeps a timer per host session, docs/protocol.md section 8)", lastState, silentFor, timeout));
                    }
                    lastState = beats.heartbeat().getState();
                }
            }
        }
    }

    private static String verdict(Event idle, double timeout, double beforeSilent, double silentSince, double longestGap) {
        if (longestGap >= timeout) {
            throw Verdict.skip(String.format(Locale.ROOT, "inconclusive: this host's heartbeats were %.2f s apart, longer than "
                    + "heartbeat_timeout_seconds %.1f (the machine running the suite is too loaded), so the board may "
                    + "rightly have idled for the heartbeating host", longestGap, timeout));
        }
        double after = idle.getBoardTimeSeconds() - silentSince;
        double atLeast = idle.getBoardTimeSeconds() - beforeSilent;
        Verdict.require(after <= timeout + GRACE_SECONDS, String.format(Locale.ROOT, "safe idle (\"%s\") came %.2f s (board "
                + "time) after one host went silent, heartbeat_timeout_seconds %.1f (expected: within %.1f s more)",
                idle.getSafeIdle().getReason(), after, timeout, GRACE_SECONDS));
        Verdict.require(atLeast >= timeout - 0.05, String.format(Locale.ROOT, "safe idle (\"%s\") came only %.2f s (board "
                + "time) after the silent host's Hello, heartbeat_timeout_seconds %.1f: a host that spoke within its "
                + "timeout was taken for silent", idle.getSafeIdle().getReason(), atLeast, timeout));
        return String.format(Locale.ROOT, "safe idle %.2f s (board time) after one host went silent (timeout %.1f s), while "
                + "another heartbeated every %.2f s at most", after, timeout, longestGap);
    }

    /** Drives lines with a one-device read, which leaves safe idle (section 8). */
    private static void leaveSafeIdle(Beats beats) throws IOException {
        Response read = beats.call(Request.newBuilder().setRead(ReadRequest.newBuilder().setTile(0)
                .setScope(ReadScope.READ_SCOPE_DEVICE)));
        Verdict.require(read.getStatus() == Status.STATUS_OK, "a read to leave safe idle was refused: " + read.getStatus()
                + ": " + read.getMessage());
    }

    /** The heartbeating host: every request it sends is a beat, and the longest pause between them is kept. */
    private static final class Beats {
        final RawSession session;
        long last = System.nanoTime();
        double longestGapSeconds;
        double lastBoardTime;

        Beats(RawSession session) {
            this.session = session;
        }

        Response call(Request.Builder request) throws IOException {
            long now = System.nanoTime();
            longestGapSeconds = Math.max(longestGapSeconds, (now - last) / 1e9);
            last = now;
            return session.call(request);
        }

        HeartbeatResponse heartbeat() throws IOException {
            Response r = call(Request.newBuilder().setHeartbeat(HeartbeatRequest.getDefaultInstance()));
            Verdict.require(r.getStatus() == Status.STATUS_OK, "heartbeat refused: " + r.getStatus() + ": " + r.getMessage());
            lastBoardTime = r.getHeartbeat().getBoardTimeSeconds();
            return r.getHeartbeat();
        }
    }
}
