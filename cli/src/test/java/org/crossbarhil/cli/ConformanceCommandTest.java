package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.conformance.ConformanceSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crossbar conformance}: flags, usage errors, the printed lines, the JSON report and the
 * exit code. The suite itself is tested in the conformance module, against every kind of board.
 */
class ConformanceCommandTest {
    @Test
    void theReportIsPrintedAndWrittenAsJsonAndAPassingRunExitsZero(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");

        ConformanceCli.Run r = ConformanceCli.run("conformance", "sim:?profile=taox-2x64&seed=11", "--check", "handshake",
                "--check", "bad-crc-ignored", "--json", json.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PASS handshake", "PASS bad-crc-ignored", "2 passed, 0 failed, 0 skipped", "wrote " + json);
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertThat(report.get("board").asText()).isEqualTo("sim:?profile=taox-2x64&seed=11");
        List<String> names = new ArrayList<>();
        for (JsonNode c : report.get("checks")) {
            names.add(c.get("name").asText());
            assertThat(c.get("status").asText()).isEqualTo("PASS");
            assertThat(c.has("detail")).isTrue();
        }
        assertThat(names).containsExactly("handshake", "bad-crc-ignored");
        assertThat(report.get("passed").asLong()).isEqualTo(2);
        assertThat(report.get("failed").asLong()).isZero();
        assertThat(report.get("skipped").asLong()).isZero();
    }

    @Test
    void aFailingCheckIsPrintedWithItsReasonAndTheRunExitsOne() {
        // 0.5 V is below the simulated devices' SET threshold: the pulses leave G where it was (and cannot restore it)
        ConformanceCli.Run r = ConformanceCli.run("conformance", "sim:?profile=taox-2x64&seed=12", "--allow-writes", "--region",
                "0:0-3,0-3", "--check", "pulse-set-raises-g", "--set-volts", "0.5");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.out()).contains("FAIL pulse-set-raises-g: 30 SET pulses of 0.5 V moved only 0 of 4 devices")
                .containsPattern("(?m)^\\d+ passed, [1-9]\\d* failed, 0 skipped$");
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
}
