package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.conformance.ConformanceListener;
import org.crossbarhil.conformance.ConformanceOptions;
import org.crossbarhil.conformance.ConformanceReport;
import org.crossbarhil.conformance.ConformanceSuite;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Links;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole suite, writes and forming allowed, against the in-process simulated board. */
class ConformanceSimIT {
    @Test
    void theFullSuitePassesAgainstTheInProcessSimulator(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("report.json");

        ConformanceCli.Run r = ConformanceCli.run("conformance", "sim:?profile=taox-2x64&seed=11", "--allow-writes",
                "--allow-forming", "--region", "1:2-5,3-6", "--json", json.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        ConformanceItSupport.assertEveryCheckPassed(r, json);
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

    @Test
    void writesWithoutARegionAreAUsageError() {
        ConformanceCli.Run r = ConformanceCli.run("conformance", "sim:", "--allow-writes");

        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--allow-writes needs --region TILE:R0-R1,C0-C1");
        assertThat(r.out()).doesNotContain("PASS");
    }

    @Test
    void aRegionOutsideTheBoardIsAUsageError() {
        ConformanceCli.Run r = ConformanceCli.run("conformance", "sim:?profile=taox-2x64", "--allow-writes", "--region", "2:0-3,0-3");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("tile: 2 (expected: 0..1)");
    }

    @Test
    void listChecksNamesEveryCheckInOrder() {
        ConformanceCli.Run r = ConformanceCli.run("conformance", "--list-checks");

        List<String> lines = new ArrayList<>(List.of(r.out().strip().split("\\R")));
        assertThat(lines).isEqualTo(ConformanceSuite.checkNames());
    }

    @Test
    void conformanceHelpExplainsUnitsAndSafety() {
        ConformanceCli.Run r = ConformanceCli.run("conformance", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--allow-writes", "--allow-forming", "--region", "--json", "volts", "seconds", "Read-only by default");
    }

    /** Shared by the ITs of each board kind. */
    static final class ConformanceItSupport {
        private ConformanceItSupport() {
        }

        static void assertEveryCheckPassed(ConformanceCli.Run r, Path json) throws IOException {
            assertThat(r.out()).contains("PASS handshake", "PASS idempotent-retransmission", "PASS region-restored")
                    .containsPattern("(?m)^\\d+ passed, 0 failed, \\d+ skipped$")
                    .doesNotContain("FAIL ");
            JsonNode report = Json.MAPPER.readTree(json.toFile());
            assertThat(report.get("failed").asLong()).isZero();
            List<String> names = new ArrayList<>();
            for (JsonNode c : report.get("checks")) {
                names.add(c.get("name").asText());
                assertThat(c.get("status").asText()).as(c.toString()).isIn("PASS", "SKIP");
                if (c.get("status").asText().equals("SKIP")) {
                    // the simulator offers every capability: only what a serial line cannot show may be skipped
                    assertThat(c.get("name").asText()).as(c.toString()).isEqualTo("request-before-hello");
                    assertThat(report.get("board").asText()).startsWith("serial:");
                }
            }
            assertThat(names).isEqualTo(ConformanceSuite.checkNames());
            assertThat(report.get("passed").asLong() + report.get("skipped").asLong()).isEqualTo(names.size());
        }
    }
}
