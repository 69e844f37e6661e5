package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossbarhil.trainer.board.TileSnapshot;
import org.crossbarhil.trainer.runs.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ramp and program on sim:: the long writes, with their stop conditions, reports and refusals. */
class RampProgramCommandTest {
    private static final String BOARD = "sim:?profile=taox-2x64&seed=9";

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        String[] withDb = new String[args.length + 2];
        System.arraycopy(args, 0, withDb, 0, args.length);
        withDb[args.length] = "--run-db";
        withDb[args.length + 1] = dir.resolve("runs.db").toString();
        return CliRun.of(withDb);
    }

    @Test
    void aRampStopsOnceTheConductanceRisesAboveTheStopCondition() throws Exception {
        JsonNode before = Json.MAPPER.readTree(run("read", BOARD, "--tile", "0", "--json").out());
        double g0 = before.get("siemens").get(2).get(2).asDouble();
        double stopAbove = g0 * 1.1;
        Path csv = dir.resolve("ramp.csv");

        CliRun r = run("ramp", BOARD, "--tile", "0", "--row", "2", "--col", "2", "--start-volts", "0.6", "--stop-volts", "1.2",
                "--step-volts", "0.02", "--stop-above", String.valueOf(stopAbove), "--csv", csv.toString(), "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode m = Json.MAPPER.readTree(r.out());
        assertThat(m.get("stop_condition_met").asBoolean()).isTrue();
        JsonNode points = m.get("points");
        assertThat(points.size()).isLessThan(31);
        assertThat(points.get(points.size() - 1).get("siemens").asDouble()).isGreaterThan(stopAbove);
        assertThat(points.get(points.size() - 2).get("siemens").asDouble()).isLessThanOrEqualTo(stopAbove);
        assertThat(Files.readAllLines(csv)).hasSize(points.size() + 1).first().isEqualTo("volts,siemens");
        assertThat(r.err()).contains("ramp: up to 31 steps");
    }

    @Test
    void aRampBeyondTheWorkingLimitIsRefusedBeforeAnythingIsPulsed() throws Exception {
        JsonNode ledgerBefore = Json.MAPPER.readTree(run("ledger", BOARD, "--json").out());

        CliRun r = run("ramp", BOARD, "--tile", "0", "--row", "0", "--col", "0", "--start-volts", "0.5", "--stop-volts", "3",
                "--step-volts", "0.1");

        assertThat(r.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("OUT_OF_ENVELOPE").contains("exceeds the working max_half_select_volts 0.6 V");
        assertThat(Json.MAPPER.readTree(run("ledger", BOARD, "--json").out()).get("device_pulses").asLong()).isZero();
        assertThat(ledgerBefore.get("device_pulses").asLong()).isZero();
    }

    @Test
    void aStepPointingAwayFromTheStopIsAUsageError() {
        CliRun r = run("ramp", BOARD, "--tile", "0", "--row", "0", "--col", "0", "--start-volts", "0.5", "--stop-volts", "1",
                "--step-volts", "-0.1");

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("stepVolts -0.1");
    }

    @Test
    void programWritesTheTargetsFromAReadCsvAndReportsTheErrorPerDevice() throws Exception {
        Path targets = dir.resolve("targets.csv");
        Files.write(targets, List.of("2.0E-5,3.0E-5,4.0E-5", "5.0E-5,2.5E-5,3.5E-5"));
        Path report = dir.resolve("report.csv");

        CliRun r = run("program", BOARD, "--tile", "1", "--targets", targets.toString(), "--tolerance", "2e-6", "--max-pulses", "200",
                "--report", report.toString(), "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode m = Json.MAPPER.readTree(r.out());
        assertThat(m.get("devices").asInt()).isEqualTo(6);
        assertThat(m.get("converged").asInt()).isEqualTo(6);
        assertThat(m.get("max_abs_error_siemens").asDouble()).isLessThanOrEqualTo(2e-6);
        List<String> rows = Files.readAllLines(report);
        assertThat(rows.get(0)).isEqualTo(ProgramCommand.REPORT_HEADER);
        assertThat(rows).hasSize(7);
        assertThat(rows.get(2)).startsWith("0,1,3.0E-5,");

    }

    @Test
    void aNonPositiveTargetIsRefusedWithItsPlaceBeforeTheBoardIsOpened() throws Exception {
        Path targets = dir.resolve("targets.csv");
        Files.write(targets, List.of("2.0E-5,3.0E-5", "5.0E-5,-1"));

        CliRun r = run("program", BOARD, "--tile", "1", "--targets", targets.toString());

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("row 1, column 1: -1.0 (expected: a conductance > 0 siemens)");
    }

    @Test
    void moreVerifyPulsesThanOneCommandMayApplyAreRefusedWithTheLimit() throws Exception {
        Path targets = dir.resolve("targets.csv");
        Files.write(targets, List.of("2.0E-5"));

        CliRun r = run("program", BOARD, "--tile", "1", "--targets", targets.toString(), "--max-pulses", "100000000");

        assertThat(r.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("OUT_OF_ENVELOPE").contains("max_pulses_per_command");
    }

    @Test
    void programTakesItsTargetsFromARecordedRunsConductances() throws Exception {
        long id;
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            id = store.createRun("{}", "braille", BOARD, "4-2", "manhattan", 1, 1, 1);
            store.saveConductances(id, "final", 1, 1, List.of(new TileSnapshot(1, 2, 2, new float[] {2e-5f, 3e-5f, 4e-5f, 5e-5f})));
        }

        CliRun r = run("program", BOARD, "--tile", "1", "--from-run", String.valueOf(id), "--max-pulses", "200", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode m = Json.MAPPER.readTree(r.out());
        assertThat(m.get("source").asText()).isEqualTo("run " + id + " final");
        assertThat(m.get("devices").asInt()).isEqualTo(4);
        assertThat(m.get("converged").asInt()).isEqualTo(4);
    }

    @Test
    void aRunWithoutTheLabelledMapIsNamedWithTheLabelsItHas() {
        long id;
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            id = store.createRun("{}", "braille", BOARD, "4-2", "manhattan", 1, 1, 1);
            store.saveConductances(id, "initial", 1, 1, List.of(new TileSnapshot(0, 1, 1, new float[] {2e-5f})));
        }

        CliRun r = run("program", BOARD, "--tile", "0", "--from-run", String.valueOf(id));

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("no conductances labelled 'final' (recorded: initial)");
    }
}
