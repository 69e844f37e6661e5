package org.crossbarhil.driver.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Response;

/**
 * What the host knows of the board's idempotency memory (docs/protocol.md section 6): how long
 * the board remembers a key (the ttl from Hello), whether it is still the memory a write went out
 * under (the epoch, which moves on when a reconnect finds the session unknown: the board
 * restarted), and the writes whose outcome is unknown, which may be asked again only with their
 * own key and bytes ({@link #resolve}).
 *
 * <p>Locks: each unresolved write's entry, held while deciding how to resolve it and submitting
 * the re-ask, so two resolves of one seq send it once. Lock order: the entry, then the link lock
 * ({@link LinkLifecycle}), then the tracker's ({@link RequestEngine}); nothing holding either of
 * those takes an entry. {@link UnresolvedWrites}' own monitor is always taken last and holds
 * nothing else. The epoch changes only under the link lock, where each call is stamped with it
 * as it first goes out, so a call always carries the epoch of the link it went out on.
 */
final class BoardMemory {
    private final UnresolvedWrites unresolved = new UnresolvedWrites();
    private volatile int epoch;
    private volatile Duration ttl = Duration.ZERO;

    /** Takes the ttl the board states in a Hello answer (on every handshake). */
    void learn(HelloResponse hello) {
        ttl = Duration.ofNanos((long) (Math.max(0, hello.getIdempotencyTtlSeconds()) * 1e9));
    }

    /** The board did not resume the session: what it remembered is gone. Only under the link lock. */
    void forget() {
        epoch++;
    }

    int epoch() {
        return epoch;
    }

    /** A board that remembers nothing would execute a repeated write again. */
    boolean keepsNothing() {
        return ttl.isZero();
    }

    /** Why the board can no longer answer this write from memory, or null when it can. */
    String lostFor(Call<?> call) {
        if (call.memoryEpoch != epoch) {
            return "the board did not resume this session (it restarted?) and its idempotency memory is gone";
        }
        Duration t = ttl;
        if (t.isZero()) {
            return "the board keeps no idempotency memory (ttl 0)";
        }
        long elapsed = System.nanoTime() - call.firstSentNanos;
        // Keep a margin: the board's clock started when the request reached it, ours when it left.
        if (elapsed > t.toNanos() * 9 / 10) {
            return "it was first sent " + elapsed / 1_000_000 + " ms ago, close to or past the board's idempotency ttl of "
                    + t.toMillis() + " ms";
        }
        return null;
    }

    /** Keeps a write that failed as outcome unknown, so it can be resolved later. */
    void remember(Call<?> call) {
        unresolved.add(call);
    }

    /** Keeps a response that came after its caller gave up; false when no unresolved write has its seq. */
    boolean offerLate(Response response) {
        return unresolved.offerLate(response);
    }

    /** Asks again, with the same key and bytes, for a write whose outcome is unknown. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<Object> resolve(long seq, RequestEngine engine) {
        UnresolvedWrites.Entry entry = unresolved.get(seq);
        if (entry == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("seq " + seq
                    + " is not an unresolved write of this board (unresolved: " + unresolved.seqs() + ")"));
        }
        Call<?> original = entry.call;
        synchronized (entry) {
            if (entry.resolving != null && !entry.resolving.isDone()) {
                return entry.resolving;
            }
            Call<Object> again = Call.again(original.op, original.body, (Function) original.mapper, seq, original.frame,
                    original.memoryEpoch, original.firstSentNanos);
            again.everSent = true;
            Response late = entry.late;
            if (late != null) {
                unresolved.remove(seq);
                again.settled = true;
                engine.deliver(again, late);
                entry.resolving = again.future;
                return again.future;
            }
            String lost = lostFor(original);
            if (lost != null) {
                unresolved.remove(seq);
                return CompletableFuture.failedFuture(Failures.unresolvable(original, lost));
            }
            if (engine.awaits(seq)) {
                return CompletableFuture.failedFuture(new IllegalStateException("seq " + seq + " is already awaited"));
            }
            entry.resolving = again.future;
            engine.submit(again).whenComplete((v, e) -> {
                if (e == null || e instanceof BoardStatusException) {
                    unresolved.remove(seq);
                }
            });
            return again.future;
        }
    }
}
