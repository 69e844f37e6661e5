package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.crossbarhil.conformance.MisbehavingBoard.Misbehaviour;
import org.crossbarhil.driver.Region;
import org.crossbarhil.simulator.SimulatedBoard;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;

/** The suite must fail, naming the check, against boards that break the protocol's promises. */
class MisbehavingBoardIT {
    private static ConformanceReport run(Misbehaviour misbehaviour, String... checks) {
        SimulatedBoard sim = SimulatedBoard.create(SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "5")));
        MisbehavingBoard board = new MisbehavingBoard(sim, misbehaviour);
        ConformanceOptions.Builder options = ConformanceOptions.builder().allowWrites(true).region(Region.parse("0:0-3,0-3"));
        for (String check : checks) {
            options.only(check);
        }
        return ConformanceSuite.run(board, board.describe(), FullRuns.DRIVER, options.build(), ConformanceListener.NONE);
    }

    private static CheckStatus status(ConformanceReport r, String check) {
        return r.check(check).status();
    }

    @Test
    void aBoardThatExecutesRetransmissionsAgainFailsTheIdempotencyChecks() {
        ConformanceReport r = run(Misbehaviour.EXECUTES_RETRANSMISSIONS);

        assertThat(r.check("idempotent-retransmission").line()).startsWith("FAIL idempotent-retransmission: the retransmission of seq")
                .contains("was executed again (replayed=false)");
        assertThat(status(r, "idempotency-conflict")).isEqualTo(CheckStatus.FAIL);
        assertThat(status(r, "session-resumes-after-reconnect")).isEqualTo(CheckStatus.FAIL);
        assertThat(status(r, "handshake")).isEqualTo(CheckStatus.PASS);
        assertThat(status(r, "pulse-set-raises-g")).isEqualTo(CheckStatus.PASS);
        assertThat(r.failed()).as(r.checks().toString()).isEqualTo(3);
    }

    @Test
    void aBoardThatIgnoresItsEnvelopeFailsTheEnvelopeChecks() {
        ConformanceReport r = run(Misbehaviour.IGNORES_ENVELOPE, "envelope-read-volts", "envelope-pulse-volts",
                "envelope-pulses-per-command", "idempotent-retransmission");

        assertThat(r.check("envelope-read-volts").line())
                .startsWith("FAIL envelope-read-volts: a read above max_read_volts was answered STATUS_OK (accepted)");
        assertThat(status(r, "envelope-pulse-volts")).isEqualTo(CheckStatus.FAIL);
        assertThat(status(r, "envelope-pulses-per-command")).isEqualTo(CheckStatus.FAIL);
        assertThat(status(r, "idempotent-retransmission")).isEqualTo(CheckStatus.PASS);
        assertThat(status(r, RestoreCheck.NAME)).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aBoardThatAppliesWhatItRefusesFailsOnTheLedgerAndTheDevice() {
        ConformanceReport r = run(Misbehaviour.APPLIES_WHAT_IT_REFUSES, "envelope-pulse-volts", "envelope-pulse-width-max",
                "envelope-read-volts");

        assertThat(r.check("envelope-pulse-volts").line()).startsWith("FAIL envelope-pulse-volts: a SET pulse above max_volts was "
                + "refused, yet the ledger counted 10 device pulses");
        assertThat(status(r, "envelope-pulse-width-max")).isEqualTo(CheckStatus.FAIL);
        assertThat(status(r, "envelope-read-volts")).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void theSameRelayWithoutAMisbehaviourPasses() {
        // control: the relay itself is transparent, so the failures above are the misbehaviours'
        ConformanceReport r = run(null, "envelope-pulse-volts", "idempotent-retransmission", "session-resumes-after-reconnect");

        assertThat(r.failed()).as(r.checks().toString()).isZero();
        assertThat(r.checks()).extracting(CheckResult::line).contains("PASS envelope-pulse-volts", "PASS idempotent-retransmission",
                "PASS session-resumes-after-reconnect");
    }
}
