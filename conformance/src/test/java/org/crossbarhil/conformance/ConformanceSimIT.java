package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Links;
import org.junit.jupiter.api.Test;

/** The whole suite against the in-process simulated board. */
class ConformanceSimIT {
    @Test
    void theFullSuitePassesAgainstTheInProcessSimulator() {
        ConformanceReport report = FullRuns.run("sim:?profile=taox-2x64&seed=11", "1:2-5,3-6");

        FullRuns.assertEveryCheckPassed(report);
        assertThat(report.check("idempotent-retransmission").status()).isEqualTo(CheckStatus.PASS);
        assertThat(report.check(RestoreCheck.NAME).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aReadOnlyRunAppliesNoPulse() {
        Connector sim = Links.connector(BoardUri.parse("sim:?profile=taox-2x64&seed=12"));

        ConformanceReport report = ConformanceSuite.run(sim, "sim:", DriverOptions.defaults(), ConformanceOptions.readOnly(),
                ConformanceListener.NONE);

        assertThat(report.failed()).as(report.checks().toString()).isZero();
        try (CrossbarBoard b = ProtocolBoards.open(sim, DriverOptions.defaults(), "sim:")) {
            assertThat(b.ledger().devicePulses()).isZero();
            assertThat(b.ledger().deviceReads()).isPositive();
        }
    }
}
