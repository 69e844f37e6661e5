package org.crossbarhil.driver.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one session: one timer thread for attempt timers and the heartbeat, and a small
 * pool that completes futures, resends and reconnects, so a caller's continuation never runs on a
 * link thread, where a blocking call would deadlock it. No lock of its own: the executors are
 * thread-safe.
 */
final class SessionThreads {
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService workers;

    SessionThreads(String uri) {
        this.timers = new ScheduledThreadPoolExecutor(1, daemon("crossbar-timer " + uri));
        this.timers.setRemoveOnCancelPolicy(true);
        this.workers = Executors.newCachedThreadPool(daemon("crossbar-worker " + uri));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + " #" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Rejects new tasks once the session closed ({@link RejectedExecutionException}). */
    ScheduledExecutorService timers() {
        return timers;
    }

    /** Runs the task on a worker; once the session closed, on this thread, so it still runs. */
    void runOnWorker(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }

    void shutdown() {
        timers.shutdownNow();
        workers.shutdown();
    }
}
