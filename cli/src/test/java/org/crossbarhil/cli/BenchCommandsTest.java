package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.crossbarhil.trainer.runs.MeasurementLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-request bench commands (read, pulse, vmm, configure, limits, ledger, abort, safe-idle, monitor) on sim:. */
class BenchCommandsTest {
    private static final String BOARD = "sim:?profile=taox-2x64&seed=5";

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        String[] withDb = new String[args.length + 2];
        System.arraycopy(args, 0, withDb, 0, args.length);
        withDb[args.length] = "--run-db";
        withDb[args.length + 1] = dir.resolve("runs.db").toString();
        return CliRun.of(withDb);
    }

    private static JsonNode json(CliRun r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void readPrintsTheMapAsJson() throws Exception {
        JsonNode m = json(run("read", BOARD, "--tile", "1", "--json"));

        assertThat(m.get("tile").asInt()).isEqualTo(1);
        assertThat(m.get("siemens")).hasSize(64);
        assertThat(m.get("siemens").get(0)).hasSize(64);
        assertThat(m.get("siemens").get(3).get(5).asDouble()).isPositive();
    }

    @Test
    void aSetPulseTrainRaisesTheConductanceItReportsAsJson() throws Exception {
        JsonNode m = json(run("pulse", BOARD, "--tile", "0", "--row", "3", "--col", "5", "--volts", "1.2", "--width", "100e-9",
                "--count", "10", "--json"));

        assertThat(m.get("count").asInt()).isEqualTo(10);
        assertThat(m.get("siemens_after").asDouble()).isGreaterThan(m.get("siemens_before").asDouble());
    }

    @Test
    void aPulseAboveTheWorkingLimitIsRefusedWithTheLimitExitOne() {
        CliRun r = run("pulse", BOARD, "--tile", "0", "--row", "0", "--col", "0", "--volts", "5", "--width", "100e-9");

        assertThat(r.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("OUT_OF_ENVELOPE").contains("max_volts");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void vmmPrintsCurrentsAsJson() throws Exception {
        JsonNode m = json(run("vmm", BOARD, "--tile", "0", "--volts", "0.1,0.2,-0.1", "--json"));

        assertThat(m.get("direction").asText()).isEqualTo("forward");
        assertThat(m.get("amperes")).hasSize(64);
        assertThat(m.get("adc_full_scale_amperes").asDouble()).isPositive();
    }

    @Test
    void configureChangesOnlyTheReadPathValuesGiven() throws Exception {
        JsonNode before = json(run("configure", BOARD, "--json"));
        JsonNode after = json(run("configure", BOARD, "--reads-averaged", "4", "--json"));

        assertThat(after.get("reads_averaged").asInt()).isEqualTo(4);
        assertThat(after.get("read_volts").asDouble()).isEqualTo(before.get("read_volts").asDouble());
    }

    @Test
    void aReadVoltageAboveTheWorkingLimitIsRefusedByTheBoardExitOne() {
        CliRun r = run("configure", BOARD, "--read-volts", "1.5");

        assertThat(r.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("OUT_OF_ENVELOPE").contains("max_read_volts");
    }

    @Test
    void aNegativeReadVoltageIsAUsageError() {
        CliRun r = run("configure", BOARD, "--read-volts", "-0.2");

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--read-volts: -0.2 (expected: > 0)");
    }

    @Test
    void limitsShowsHardAndWorkingAndSetTightensTheWorkingOnes() throws Exception {
        JsonNode shown = json(CliRun.of("limits", BOARD, "--json"));
        assertThat(shown.get("hard").get("max_volts").asDouble()).isGreaterThanOrEqualTo(shown.get("working").get("max_volts").asDouble());

        JsonNode set = json(run("limits", "set", BOARD, "--max-volts", "1.0", "--json"));

        assertThat(set.get("working").get("max_volts").asDouble()).isEqualTo(1.0);
        assertThat(set.get("working").get("max_read_volts").asDouble()).isEqualTo(shown.get("working").get("max_read_volts").asDouble());
    }

    @Test
    void aWorkingLimitBeyondTheHardOneIsRefusedWithTheBoardsMessage() {
        CliRun r = run("limits", "set", BOARD, "--max-volts", "9");

        assertThat(r.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("max_volts").contains("hard limit").startsWith("crossbar limits set: ");
    }

    @Test
    void limitsSetWithoutALimitIsAUsageError() {
        CliRun r = run("limits", "set", BOARD);

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("no limit given").startsWith("crossbar limits set: ")
                .contains("Try 'crossbar limits set --help'.");
    }

    @Test
    void ledgerShowsTheTotalsAndResetZeroesThem() throws Exception {
        JsonNode shown = json(run("ledger", BOARD, "--json"));
        assertThat(shown.get("reset").asBoolean()).isFalse();
        assertThat(shown.get("requests").asLong()).isNotNegative();

        CliRun reset = run("ledger", BOARD, "--reset");
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("ledger reset to zero");
    }

    @Test
    void abortAndSafeIdleLeaveTheBoardInSafeIdle() throws Exception {
        JsonNode aborted = json(run("abort", BOARD, "--reason", "test", "--json"));
        assertThat(aborted.get("operation_stopped").asBoolean()).isFalse();

        JsonNode idle = json(run("safe-idle", BOARD, "--json"));
        assertThat(idle.get("state").asText()).isEqualTo("SAFE_IDLE");
    }

    @Test
    void monitorPrintsTelemetryAsJsonLinesForItsDuration() throws Exception {
        CliRun r = CliRun.of("monitor", BOARD, "--duration", "1.5", "--telemetry", "0.1", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(Json.MAPPER.readTree(line).get("kind").asText()).isEqualTo("TELEMETRY");
        }
    }

    @Test
    void monitorRefusesANegativeDuration() {
        CliRun r = CliRun.of("monitor", BOARD, "--duration", "-1");

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--duration: -1.0");
    }

    @Test
    void everyBenchCommandIsLoggedWithItsCommandLineExitCodeAndResult() throws Exception {
        run("read", BOARD, "--tile", "0");
        run("pulse", BOARD, "--tile", "0", "--row", "0", "--col", "0", "--volts", "5", "--width", "100e-9");
        run("ledger", BOARD, "--reset", "--no-record");

        try (MeasurementLog log = MeasurementLog.open(dir.resolve("runs.db"))) {
            List<MeasurementLog.Entry> entries = log.list();
            assertThat(entries).extracting(MeasurementLog.Entry::command).containsExactly("read", "pulse");
            assertThat(entries.get(0).commandLine()).startsWith("crossbar read " + BOARD + " --tile 0");
            assertThat(entries.get(0).board()).isEqualTo(BOARD);
            assertThat(entries.get(0).exitCode()).isZero();
            assertThat(Json.MAPPER.readTree(entries.get(0).resultJson()).get("siemens")).hasSize(64);
            assertThat(entries.get(1).exitCode()).isEqualTo(Main.EXIT_FAILED);
            assertThat(Json.MAPPER.readTree(entries.get(1).resultJson()).get("error").asText()).contains("max_volts");
        }
        CliRun listed = CliRun.of("runs", "--measurements", "--run-db", dir.resolve("runs.db").toString());
        assertThat(listed.code()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("read").contains("pulse");
    }

    @Test
    void aMissingRunDatabaseDirectoryIsRefusedBeforeTheBoardIsTouched() {
        CliRun r = CliRun.of("pulse", BOARD, "--tile", "0", "--row", "0", "--col", "0", "--volts", "1.2", "--width", "100e-9",
                "--run-db", dir.resolve("missing/runs.db").toString());

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--run-db").contains("does not exist");
        assertThat(r.out()).isEmpty();
    }
}
