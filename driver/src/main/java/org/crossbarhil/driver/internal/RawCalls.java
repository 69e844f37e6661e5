package org.crossbarhil.driver.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * The calls behind {@link org.crossbarhil.driver.RawUpstream}: requests relayed as they are over a
 * {@link LinkSession}, a board refusal turned back into an ordinary answer.
 */
public final class RawCalls {
    private RawCalls() {
    }

    /** Sends a raw request; a board refusal comes back as an ordinary answer. */
    public static CompletableFuture<Response> send(LinkSession session, Request body, boolean onLinkThread) {
        ProtocolOperation op;
        try {
            op = ProtocolOperation.of(body);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Call<Response> call = new Call<>(op, body, r -> r, op == ProtocolOperation.ABORT);
        call.completeOnLinkThread = onLinkThread;
        return asAnswer(session.submit(call), op, () -> call.seq);
    }

    /** Asks the board again, with the same key and bytes, for a write whose outcome is unknown. */
    public static CompletableFuture<Response> resolve(LinkSession session, long seq) {
        CompletableFuture<Object> again = session.resolve(seq);
        @SuppressWarnings("unchecked")
        CompletableFuture<Response> answer = (CompletableFuture<Response>) (CompletableFuture<?>) again;
        return asAnswer(answer, null, () -> seq);
    }

    public static Request subscribe(Duration telemetryInterval) {
        return Wire.subscribe(true, telemetryInterval);
    }

    /**
     * Puts the board in safe idle (best effort, bounded wait) and closes the session; true when
     * the board confirmed safe idle, false when it could not be asked or did not answer OK.
     */
    public static boolean closeInSafeIdle(LinkSession session) {
        CompletableFuture<?>[] asked = new CompletableFuture<?>[1];
        session.close(s -> asked[0] = s.submit(new Call<>(ProtocolOperation.SAFE_IDLE, Wire.safeIdle(), r -> r, false)));
        CompletableFuture<?> f = asked[0];
        return f != null && f.isDone() && !f.isCompletedExceptionally() && f.join() instanceof Response
                && ((Response) f.join()).getStatus() == Status.STATUS_OK;
    }

    /** A board refusal becomes an ordinary answer; only the failure to get one fails the future. */
    private static CompletableFuture<Response> asAnswer(CompletableFuture<Response> f, ProtocolOperation op,
            java.util.function.LongSupplier seq) {
        return f.handle((response, failure) -> {
            if (failure == null) {
                return response;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof BoardStatusException) {
                BoardStatusException refused = (BoardStatusException) cause;
                return Response.newBuilder().setSeq(seq.getAsLong()).setStatus(wireStatus(refused.status()))
                        .setMessage(boardMessage(op, refused)).build();
            }
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new CompletionException(cause);
        });
    }

    private static Status wireStatus(BoardStatus s) {
        try {
            return Status.valueOf("STATUS_" + s.name());
        } catch (IllegalArgumentException unknown) {
            return Status.STATUS_INTERNAL;
        }
    }

    /** The board's own message, without the driver's "op refused by the board: STATUS: " prefix. */
    public static String boardMessage(ProtocolOperation op, BoardStatusException e) {
        String m = e.getMessage();
        if (m == null) {
            return "";
        }
        String marker = " refused by the board: " + e.status() + ": ";
        int at = m.indexOf(marker);
        if (at >= 0 && (op == null || m.startsWith(op.wireName() + marker))) {
            m = m.substring(at + marker.length());
        }
        return m.equals("(no message)") ? "" : m;
    }

}
