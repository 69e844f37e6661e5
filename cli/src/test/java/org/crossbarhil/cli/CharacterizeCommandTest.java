package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossbarhil.simulator.physics.LookupTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharacterizeCommandTest {
    private static final String BOARD = "sim:?profile=taox-2x64&seed=3";

    private static List<String> dataRows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#") && !l.equals(CharacterizeCommand.HEADER)).toList();
    }

    @Test
    void writesCurvesTheSimulatorsLookupTableModelLoads(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("curves.csv");

        ConformanceCli.Run r = ConformanceCli.run("characterize", BOARD, "--region", "0:0-1,0-1", "--pulses", "20", "--out", csv.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("wrote " + csv + ": 8 curves (4 devices, 20 pulses each)");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("# crossbar characterize " + BOARD + " --region 0:0-1,0-1");
        assertThat(lines.get(1)).isEqualTo("tile,row,col,polarity,volts,width_seconds,pulse,siemens");
        assertThat(dataRows(csv)).hasSize(4 * 2 * 21);
        assertThat(dataRows(csv).get(0)).startsWith("0,0,0,set,1.2,1.0E-7,0,");
        assertThat(dataRows(csv).get(21)).startsWith("0,0,0,reset,-1.1,1.0E-7,0,");
        try (Reader in = Files.newBufferedReader(csv)) {
            LookupTable table = LookupTable.parse(in, csv.toString());
            assertThat(table.conditions()).hasSize(2);
            assertThat(table.conditions()).allSatisfy(c -> assertThat(c.transitions()).isEqualTo(4 * 20));
            assertThat(table.gHigh()).isGreaterThan(table.gLow());
        }
    }

    @Test
    void setTrainsRaiseAndResetTrainsLowerTheConductance(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("curves.csv");

        ConformanceCli.Run r = ConformanceCli.run("characterize", BOARD, "--region", "1:4,4", "--pulses", "40", "--out", csv.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> rows = dataRows(csv);
        double setStart = siemens(rows.get(0));
        double setEnd = siemens(rows.get(40));
        double resetEnd = siemens(rows.get(81));
        assertThat(setEnd).isGreaterThan(setStart);
        assertThat(resetEnd).isLessThan(setEnd);
    }

    private static double siemens(String row) {
        String[] cells = row.split(",");
        return Double.parseDouble(cells[cells.length - 1]);
    }

    @Test
    void everyAmplitudeAndWidthGetsItsOwnCurves(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("curves.csv");

        ConformanceCli.Run r = ConformanceCli.run("characterize", BOARD, "--region", "0:3,3", "--set-volts", "1.1,1.2",
                "--reset-volts", "-1.1", "--width", "100e-9,200e-9", "--pulses", "5", "--out", csv.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> rows = dataRows(csv);
        assertThat(rows).hasSize(2 * 3 * 6);
        assertThat(rows).filteredOn(l -> l.contains(",set,1.1,2.0E-7,")).hasSize(6);
        assertThat(rows).filteredOn(l -> l.contains(",reset,-1.1,2.0E-7,")).hasSize(6);
    }

    @Test
    void anAmplitudeAboveTheWorkingLimitIsRefusedBeforeAnythingIsPulsed(@TempDir Path dir) {
        Path csv = dir.resolve("curves.csv");

        ConformanceCli.Run r = ConformanceCli.run("characterize", BOARD, "--region", "0:0,0", "--set-volts", "1.2,9",
                "--out", csv.toString());

        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("9.0 V exceeds the board's working max_volts");
        assertThat(csv).doesNotExist();
    }

    @Test
    void aPositiveResetVoltageIsRefused(@TempDir Path dir) {
        ConformanceCli.Run r = ConformanceCli.run("characterize", BOARD, "--region", "0:0,0", "--reset-volts", "1.1",
                "--out", dir.resolve("c.csv").toString());

        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--reset-volts: 1.1 (expected: < 0 volts)");
    }

    @Test
    void aRegionBeyondTheTileIsRefused(@TempDir Path dir) {
        ConformanceCli.Run r = ConformanceCli.run("characterize", BOARD, "--region", "0:60-70,0", "--out", dir.resolve("c.csv").toString());

        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("exceeds the tile of 64x64");
    }

    @Test
    void helpExplainsTheUnits() {
        ConformanceCli.Run r = ConformanceCli.run("characterize", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("volts", "seconds", "siemens", "--pulses", "--out");
    }
}
