package org.crossbarhil.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.simulator.SimulatedBoard;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.physics.EnergyLedger;
import org.crossbarhil.simulator.serve.Faults;

/**
 * The real simulated board behind the gateway under test, tapped (after OkHttp MockWebServer's
 * {@code takeRequest}): every request that reaches it is recorded as it arrives, so that a test
 * can tell what the gateway passed on and what it kept back. Its faults are the simulator's own.
 */
final class TappedBoard implements Connector {
    /** No noise, ideal converters, linear devices: an answer can be checked against the conductances exactly. */
    static final SimConfig IDEAL = SimConfig.fromParameters(Map.of("profile", "ideal-2x64", "seed", "7"));

    private final SimConfig config;
    private volatile SimulatedBoard board;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final List<Link> links = new CopyOnWriteArrayList<>();

    TappedBoard() {
        this.config = IDEAL;
        this.board = SimulatedBoard.create(config);
    }

    // ---- the gateway's links ----

    /** An in-process link, its requests recorded on their way in. */
    @Override
    public Link connect(LinkHandler host, Duration timeout) throws IOException {
        Link link = board.connector().connect(host, timeout);
        Tap tap = new Tap();
        Link tapped = new Link() {
            @Override
            public void send(byte[] frame) throws IOException {
                tap.feed(frame, 0, frame.length);
                link.send(frame);
            }

            @Override
            public String describe() {
                return link.describe();
            }

            @Override
            public void close() {
                link.close();
            }
        };
        links.add(tapped);
        return tapped;
    }

    @Override
    public String describe() {
        return "sim:?profile=" + config.profile() + " (tapped)";
    }

    /** The board's end of a link a TCP server accepted, its requests recorded on their way in. */
    LinkHandler accept(Link link) {
        links.add(link);
        LinkHandler boardEnd = board.attach(link);
        Tap tap = new Tap();
        return new LinkHandler() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                tap.feed(data, offset, length);
                boardEnd.onBytes(data, offset, length);
            }

            @Override
            public void onClosed(Throwable cause) {
                boardEnd.onClosed(cause);
            }
        };
    }

    /** Decodes one link's bytes a second time, for the record. */
    private final class Tap {
        private final FrameDecoder decoder = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
            @Override
            public void onRequest(Request request) {
                received.add(request);
            }
        });

        synchronized void feed(byte[] data, int offset, int length) {
            decoder.feed(data, offset, length);
        }
    }

    // ---- the switches ----

    Faults faults() {
        return board.faults();
    }

    /**
     * A power cycle: every link drops and the board comes back with its firmware's memory empty
     * (this one also with its devices as at power-on: a new simulated board of the same seed).
     */
    void powerCycle() {
        board = SimulatedBoard.create(config);
        for (Link l : links) {
            l.close();
        }
        links.clear();
    }

    // ---- what happened ----

    /** Requests of this kind that reached the board, retransmissions included. */
    int received(Request.BodyCase kind) {
        int n = 0;
        for (Request r : received) {
            if (r.getBodyCase() == kind) {
                n++;
            }
        }
        return n;
    }

    /** What the board executed, from its ledger (once it has done whatever it is busy with). */
    EnergyLedger.Totals ledger() {
        return board.onBoardThread(fw -> fw.array().ledger().totals());
    }

    /** A device's true conductance. */
    float siemens(int tile, int row, int col) {
        return board.onBoardThread(fw -> fw.array().tile(tile).conductance(row, col));
    }
}
