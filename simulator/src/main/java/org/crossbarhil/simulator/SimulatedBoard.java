package org.crossbarhil.simulator;

import java.time.Clock;
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
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.firmware.Firmware;
import org.crossbarhil.simulator.serve.BoardConnection;
import org.crossbarhil.simulator.serve.Faults;
import org.crossbarhil.simulator.serve.InProcessConnector;

/**
 * A simulated board that links can attach to: the firmware, its single board thread, and the
 * fault switchboard. Everything the firmware does runs on the board thread, one request at a
 * time, so callbacks never re-enter a caller; frames are decoded on the link's thread, so that an
 * abort takes effect while a long operation runs.
 *
 * <p>The board thread ends by itself after a few idle seconds and comes back with the next task,
 * and the heartbeat ticker runs only while links are attached, so a board nobody closes costs
 * nothing but memory (the board's state lives on: a host that reconnects finds its idempotency
 * memory and its devices as it left them).
 *
 * <pre>
 * SimulatedBoard board = SimulatedBoard.create(SimConfig.fromParameters(Map.of("profile", "taox-2x64")));
 * board.faults().dropNextResponse(Request.BodyCase.PULSE);
 * CrossbarBoard b = ProtocolBoards.open(board.connector(), DriverOptions.defaults(), "sim:");
 * </pre>
 */
public final class SimulatedBoard {
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

    private SimulatedBoard(SimConfig config, InstantSource clock) {
        this.firmware = new Firmware(config, clock);
        this.boardThread = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DAEMONS);
        this.boardThread.allowCoreThreadTimeOut(true);
    }

    public static SimulatedBoard create(SimConfig config) {
        return new SimulatedBoard(config, Clock.systemUTC());
    }

    /** A board whose firmware reads time (heartbeat timeout, idempotency TTL) from {@code clock}. */
    public static SimulatedBoard create(SimConfig config, InstantSource clock) {
        return new SimulatedBoard(config, clock);
    }

    public SimConfig config() {
        return firmware.config();
    }

    public Faults faults() {
        return faults;
    }

    /** In-process links to this board: bytes go through the real frame codec both ways. */
    public Connector connector() {
        return new InProcessConnector(this, "sim:?profile=" + config().profile());
    }

    /**
     * Attaches a link whose peer is a host (a TCP connection, a serial port): the returned handler
     * takes the bytes that arrive, responses go out through {@code outbound}.
     */
    public LinkHandler attach(Link outbound) {
        return attach(CompletableFuture.completedFuture(outbound));
    }

    /** As {@link #attach(Link)}, for links that need their handler before they exist (serial ports). */
    public BoardConnection attach(CompletableFuture<Link> outbound) {
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
        return new BoardConnection(this, outbound);
    }

    /** Called by a connection once its link has closed. */
    public void detached() {
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
    public Firmware firmware() {
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
