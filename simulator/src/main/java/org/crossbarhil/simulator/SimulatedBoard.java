package org.crossbarhil.simulator;

import java.time.Clock;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.firmware.Firmware;
import org.crossbarhil.simulator.serve.BoardConnection;
import org.crossbarhil.simulator.serve.BoardRuntime;
import org.crossbarhil.simulator.serve.Faults;
import org.crossbarhil.simulator.serve.InProcessConnector;

/**
 * A simulated board that links can attach to: in process ({@link #connector}) or from a host's
 * TCP connection or serial port ({@link #attach}). Frames are decoded on the link's thread, so
 * that an abort takes effect while a long operation runs; everything the firmware does runs on
 * the one board thread ({@link BoardRuntime}).
 *
 * <pre>
 * SimulatedBoard board = SimulatedBoard.create(SimConfig.fromParameters(Map.of("profile", "taox-2x64")));
 * board.faults().dropNextResponse(Request.BodyCase.PULSE);
 * CrossbarBoard b = ProtocolBoards.open(board.connector(), DriverOptions.defaults(), "sim:");
 * </pre>
 */
public final class SimulatedBoard {
    private final BoardRuntime runtime;

    private SimulatedBoard(SimConfig config, InstantSource clock) {
        this.runtime = new BoardRuntime(config, clock);
    }

    public static SimulatedBoard create(SimConfig config) {
        return new SimulatedBoard(config, Clock.systemUTC());
    }

    /** A board whose firmware reads time (heartbeat timeout, idempotency TTL) from {@code clock}. */
    public static SimulatedBoard create(SimConfig config, InstantSource clock) {
        return new SimulatedBoard(config, clock);
    }

    public SimConfig config() {
        return runtime.config();
    }

    /** The boot id this board drew at power-on (its Hello answers carry it). */
    public long bootId() {
        return onBoardThread(Firmware::bootId);
    }

    public Faults faults() {
        return runtime.faults();
    }

    /** In-process links to this board: bytes go through the real frame codec both ways. */
    public Connector connector() {
        return connector("sim:?profile=" + config().profile());
    }

    /** As {@link #connector()}, named {@code description} in messages. */
    public Connector connector(String description) {
        return new InProcessConnector(runtime, description);
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
        return new BoardConnection(runtime, outbound);
    }

    /** The executor of the board thread: everything that touches the firmware runs here. */
    public Executor boardThread() {
        return runtime.boardThread();
    }

    /** Runs {@code action} on the board thread and waits: how tests look at the physics. */
    public <T> T onBoardThread(Function<Firmware, T> action) {
        return runtime.onBoardThread(action);
    }

    /** Puts the board in safe idle ("shutdown"), waiting for it. */
    public void shutdown() {
        runtime.shutdown();
    }
}
