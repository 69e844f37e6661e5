package org.crossbarhil.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.simulator.SimulatedBoard;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;

/**
 * Protocol section 6, "Reconnect": when the board does not resume the session (it restarted), a
 * write that was sent but not answered is never sent again; it stays outcome unknown. Driver and
 * firmware together, through the real frame codec.
 */
class ReconnectWithoutResumeTest {
    /** One board address whose board is replaced, as by a power cycle, between two links. */
    private static final class RestartingConnector implements Connector {
        final AtomicReference<SimulatedBoard> board = new AtomicReference<>();

        @Override
        public Link connect(LinkHandler handler, Duration timeout) throws IOException {
            return board.get().connector().connect(handler, timeout);
        }

        @Override
        public String describe() {
            return "restarting simulated board";
        }
    }

    private static SimulatedBoard freshBoard() {
        return SimulatedBoard.create(SimConfig.fromParameters(Map.of("profile", "ideal-2x64")));
    }

    private static long devicePulses(SimulatedBoard board) {
        return board.onBoardThread(fw -> fw.array().ledger().totals().devicePulses());
    }

    @Test
    void anUnansweredPulseIsNotSentAgainToABoardThatDidNotResumeTheSession() {
        SimulatedBoard before = freshBoard();
        SimulatedBoard after = freshBoard();
        RestartingConnector connector = new RestartingConnector();
        connector.board.set(before);
        // The pulse runs, then the link drops before its answer: the board "restarts" meanwhile.
        before.faults().disconnectAfterNextRequest(Request.BodyCase.PULSE);
        DriverOptions options = DriverOptions.builder().requestTimeout(Duration.ofMillis(500)).build();
        try (CrossbarBoard b = ProtocolBoards.open(connector, options, "sim:")) {
            connector.board.set(after);

            assertThatThrownBy(() -> b.pulse(0, List.of(new DevicePulse(7, 7, 1.2, 100e-9, 2))))
                    .isInstanceOf(BoardRestartedException.class)
                    .hasMessageContaining("found boot id");
            b.acknowledgeRestart();

            assertThat(devicePulses(before)).isEqualTo(2);
            assertThat(devicePulses(after)).isZero();
            assertThat(b.ledger().devicePulses()).isZero();
        }
    }
}
