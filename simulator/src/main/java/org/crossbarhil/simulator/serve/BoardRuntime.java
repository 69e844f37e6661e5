package org.crossbarhil.simulator.serve;

import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.firmware.Firmware;

/**
 * What every link attached to one simulated board shares: the firmware, its single board thread,
 * the fault switchboard and the heartbeat ticker. Everything the firmware does runs on the board
 * thread, one request at a time, so callbacks never re-enter a caller.
 *
 * <p>The board thread ends by itself after a few idle seconds and comes back with the next task,
 * and the ticker runs only while links are attached, so a board nobody closes costs nothing but
 * memory (the board's state lives on: a host that reconnects finds its idempotency memory and its
 * devices as it left them).
 */
public final class BoardRuntime {
    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "crossbar-sim-board");
        t.setDaemon(true);
        return t;
    };

    private final Firmware firmware;
    private final ThreadPoolExecutor boardThread;
    private final Faults faults = new Faults();
    private final Object lifecycle = new Object();
    private int attached;
    private ScheduledExecutorService ticker;

    public BoardRuntime(SimConfig config, InstantSource clock) {
        this.firmware = new Firmware(config, clock);
        this.boardThread = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DAEMONS);
        this.boardThread.allowCoreThreadTimeOut(true);
    }

    public SimConfig config() {
        return firmware.config();
    }

    public Faults faults() {
        return faults;
    }

    /** Called by a connection as it attaches: the first one starts the heartbeat ticker. */
    void attached() {
        synchronized (lifecycle) {
            if (attached++ == 0) {
                ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread th = new Thread(r, "crossbar-sim-ticker");
                    th.setDaemon(true);
                    return th;
                });
                long period = (long) (Firmware.TICK_SECONDS * 1000);
                t.scheduleAtFixedRate(() -> boardThread.execute(firmware::tick), period, period, TimeUnit.MILLISECONDS);
                ticker = t;
            }
        }
    }

    /** Called by a connection once its link has closed: the last one stops the ticker. */
    void detached() {
        synchronized (lifecycle) {
            if (--attached == 0 && ticker != null) {
                ticker.shutdownNow();
                ticker = null;
            }
        }
    }

    /** The executor of the board thread: everything that touches the firmware runs here. */
    public Executor boardThread() {
        return boardThread;
    }

    /** The firmware, for code already on the board thread (connections). */
    Firmware firmware() {
        return firmware;
    }

    /** Runs {@code action} on the board thread and waits: how tests look at the physics. */
    public <T> T onBoardThread(Function<Firmware, T> action) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> action.apply(firmware), boardThread);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the board thread", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IllegalStateException(c);
        }
    }

    /** Puts the board in safe idle ("shutdown"), waiting for it. */
    public void shutdown() {
        onBoardThread(fw -> {
            fw.shutdown();
            return null;
        });
    }
}
