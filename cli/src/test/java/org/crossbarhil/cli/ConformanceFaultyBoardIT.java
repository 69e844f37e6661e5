package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Links;
import org.junit.jupiter.api.Test;

/** The suite must fail, naming the check, against boards that break the protocol's promises. */
class ConformanceFaultyBoardIT {
    private static Connector simulator() {
        return Links.connector(BoardUri.parse("sim:?profile=taox-2x64&seed=5"));
    }

    @Test
    void aBoardThatExecutesRetransmissionsAgainFailsTheIdempotencyChecks() {
        try (FaultyBoard board = new FaultyBoard(simulator(), FaultyBoard.Fault.EXECUTES_RETRANSMISSIONS)) {
            ConformanceCli.Run r = ConformanceCli.run("conformance", board.uri(), "--allow-writes", "--region", "0:0-3,0-3");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_FAILED);
            assertThat(r.out()).contains("FAIL idempotent-retransmission: the retransmission of seq")
                    .contains("was executed again (replayed=false)")
                    .contains("FAIL idempotency-conflict:")
                    .contains("FAIL session-resumes-after-reconnect:")
                    .contains("PASS handshake")
                    .contains("PASS pulse-set-raises-g")
                    .containsPattern("\\d+ passed, 3 failed, \\d+ skipped");
        }
    }

    @Test
    void aBoardThatIgnoresItsEnvelopeFailsTheEnvelopeChecks() {
        try (FaultyBoard board = new FaultyBoard(simulator(), FaultyBoard.Fault.IGNORES_ENVELOPE)) {
            ConformanceCli.Run r = ConformanceCli.run("conformance", board.uri(), "--allow-writes", "--region", "0:0-3,0-3",
                    "--check", "envelope-read-volts", "--check", "envelope-pulse-volts", "--check", "envelope-pulses-per-command",
                    "--check", "idempotent-retransmission");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_FAILED);
            assertThat(r.out()).contains("FAIL envelope-read-volts: a read above max_read_volts was answered STATUS_OK (accepted)")
                    .contains("FAIL envelope-pulse-volts:")
                    .contains("FAIL envelope-pulses-per-command:")
                    .contains("PASS idempotent-retransmission")
                    .contains("PASS region-restored");
        }
    }

    @Test
    void aBoardThatAppliesWhatItRefusesFailsOnTheLedgerAndTheDevice() {
        try (FaultyBoard board = new FaultyBoard(simulator(), FaultyBoard.Fault.APPLIES_WHAT_IT_REFUSES)) {
            ConformanceCli.Run r = ConformanceCli.run("conformance", board.uri(), "--allow-writes", "--region", "0:0-3,0-3",
                    "--check", "envelope-pulse-volts", "--check", "envelope-pulse-width-max", "--check", "envelope-read-volts");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_FAILED);
            assertThat(r.out()).contains("FAIL envelope-pulse-volts: a SET pulse above max_volts was refused, yet the ledger counted 10 "
                    + "device pulses")
                    .contains("FAIL envelope-pulse-width-max:")
                    .contains("PASS envelope-read-volts");
        }
    }

    @Test
    void theSameRelayWithoutAFaultPasses() {
        // control: the relay itself is transparent, so the failures above are the faults'
        try (FaultyBoard board = new FaultyBoard(simulator(), null)) {
            ConformanceCli.Run r = ConformanceCli.run("conformance", board.uri(), "--allow-writes", "--region", "0:0-3,0-3",
                    "--check", "envelope-pulse-volts", "--check", "idempotent-retransmission", "--check", "session-resumes-after-reconnect");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("PASS envelope-pulse-volts", "PASS idempotent-retransmission",
                    "PASS session-resumes-after-reconnect");
        }
    }
}
