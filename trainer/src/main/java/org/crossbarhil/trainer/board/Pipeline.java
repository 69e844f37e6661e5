package org.crossbarhil.trainer.board;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.crossbarhil.driver.Futures;

/**
 * Keeps up to {@code depth} board requests in flight (over a network link that hides the round
 * trip) and hands each result to its consumer in submission order. Not thread-safe: one trainer
 * thread submits.
 */
final class Pipeline {
    private final int depth;
    private final Deque<Pending<?>> pending = new ArrayDeque<>();

    private record Pending<T>(CompletableFuture<T> future, Consumer<T> consumer) {
        void finish() {
            consumer.accept(Futures.await(future));
        }
    }

    Pipeline(int depth) {
        this.depth = Math.max(1, depth);
    }

    <T> void submit(Supplier<CompletableFuture<T>> request, Consumer<T> consumer) {
        while (pending.size() >= depth) {
            pending.removeFirst().finish();
        }
        pending.addLast(new Pending<>(request.get(), consumer));
    }

    /** Waits for every request in flight. */
    void drain() {
        while (!pending.isEmpty()) {
            pending.removeFirst().finish();
        }
    }
}
