package org.crossbarhil.driver.internal;

import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.OutcomeUnknownException;
import org.crossbarhil.protocol.ProtocolVersion;

/**
 * The exceptions a request can end with, worded in one place. Messages carry state, after
 * HikariCP's timeout messages: operation and seq, elapsed time, requests in flight, the link,
 * and for a write whose fate is unknown what to do next.
 */
final class Failures {
    private Failures() {
    }

    /** No attempt window brought a response. {@code where} is "(in flight: N, link: L)". */
    static BoardLinkException timedOut(Call<?> call, long elapsedMs, int retransmissions, String where, String extra) {
        if (call.neverRepeatBlindly) {
            return new OutcomeUnknownException(call + " outcome unknown: no response after " + elapsedMs + " ms and "
                    + retransmissions + " retransmissions " + where + extra + "; it may or may not have been applied: call "
                    + "resolveOutcome(" + call.seq + ") once the link is back, never resend it as a new request",
                    call.seq, null);
        }
        return new BoardLinkException(call + " timed out after " + elapsedMs + " ms and " + retransmissions
                + " retransmissions " + where + extra);
    }

    /** The request never left: the link was not up during any of its attempt windows. */
    static BoardLinkException neverSent(Call<?> call, String down, long elapsedMs, String where) {
        return new BoardLinkException(call.op + " not sent: " + down + " and the request waited " + elapsedMs + " ms "
                + where + "; nothing was applied");
    }

    /** The session gave up (closed, reconnect window passed): what that means for one request. */
    static BoardLinkException abandoned(Call<?> call, String reason) {
        if (call.everSent && call.neverRepeatBlindly) {
            return new OutcomeUnknownException(call + " outcome unknown: " + reason
                    + "; it may or may not have been applied: call resolveOutcome(" + call.seq
                    + ") if the board comes back with this session, never resend it as a new request", call.seq, null);
        }
        if (call.everSent) {
            return new BoardLinkException(call + " failed: " + reason);
        }
        return new BoardLinkException(call.op + " not sent: " + reason + "; nothing was applied");
    }

    /** A write that went out before the board lost its memory: sending it again could apply it twice. */
    static OutcomeUnknownException notResent(Call<?> call, String memoryLost) {
        return new OutcomeUnknownException(call + " outcome unknown: " + memoryLost
                + "; it was not sent again: " + readBack(call) + " to learn its effect", call.seq, null, false);
    }

    static OutcomeUnknownException unresolvable(Call<?> call, String memoryLost) {
        return new OutcomeUnknownException(call + " cannot be resolved: " + memoryLost
                + "; " + readBack(call) + " to learn its effect", call.seq, null, false);
    }

    /** Where the effect of a write shows. */
    private static String readBack(Call<?> call) {
        switch (call.op) {
            case LEDGER:
                return "read the ledger";
            case SET_LIMITS:
                return "get the limits";
            case CONFIGURE:
                return "refresh the board info (its read configuration)";
            default:
                return "read the devices it targets";
        }
    }

    /** A response that cannot belong to the request: for a write, its effect is unknown. */
    static BoardLinkException protocolError(Call<?> call, String what, String link) {
        String message = "protocol error: " + call + " " + what + " (link: " + link + ")";
        return call.neverRepeatBlindly
                ? new OutcomeUnknownException(message + "; the write may have been applied", call.seq, null)
                : new BoardLinkException(message);
    }

    static BoardStatusException versionMismatch(String what) {
        return new BoardStatusException(BoardStatus.VERSION_MISMATCH, "hello", what + "; this driver speaks protocol "
                + ProtocolVersion.string() + " and major versions must match: use board firmware and a driver of the "
                + "same major version");
    }

    static String reason(Throwable cause) {
        return cause == null ? "closed by the peer" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
