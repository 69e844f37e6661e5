package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    /** Runs the command line with captured streams. */
    private static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }

    @Test
    void helpDescriptionsAreJoinedIntoParagraphsKeepingBlankAndIndentedLines() {
        assertThat(Main.paragraphs(new String[] {"First sentence broken", "across lines.", "", "Second", "paragraph:",
            "  indented item", "after it."}))
                .containsExactly("First sentence broken across lines.", "", "Second paragraph:", "  indented item", "after it.");
    }

    @Test
    void helpListsEverySubcommandAndExitsZero() {
        Result r = run("--help");
        assertThat(r.code).isZero();
        for (String command : new String[] {"train", "runs", "plot", "info", "read", "pulse", "vmm", "conformance",
            "characterize", "sim", "serve"}) {
            assertThat(r.out).as("the command list names " + command).containsPattern("(?m)^  " + command + "\\s");
        }
    }

    @Test
    void versionNamesTheWireProtocol() {
        Result r = run("--version");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("crossbar ").contains("wire protocol 0.");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertThat(run("frobnicate").code).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void unknownSchemeIsAUsageErrorListingTheKnownSchemes() {
        Result r = run("info", "gopher://x:1");
        assertThat(r.code).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err).contains("unknown board URI scheme 'gopher:'").contains("sim:").contains("tcp://");
    }

    @Test
    void unknownSimParameterIsRefusedByName() {
        Result r = run("info", "sim:?profile=taox&warp_drive=on");
        assertThat(r.code).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err).contains("warp_drive");
    }

    @Test
    void infoOnTheEmbeddedBoardPrintsGeometryAndLimits() {
        Result r = run("info", "sim:?profile=taox-2x64");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("2 x 64x64").contains("max half-select volts");
    }

    @Test
    void infoJsonHasANullLeaseOnAPlainBoard() throws Exception {
        Result r = run("info", "sim:", "--json");
        assertThat(r.code).as(r.err).isZero();
        var json = Json.MAPPER.readTree(r.out);
        assertThat(json.get("geometry").get("text").asText()).isEqualTo("32 x 64x64");
        assertThat(json.has("lease")).isTrue();
        assertThat(json.get("lease").isNull()).isTrue();
    }

    @Test
    void pulseAboveTheHalfSelectLimitIsRefusedBeforeAnythingIsSent() {
        Result r = run("pulse", "sim:?profile=ideal-2x64&seed=3", "--tile", "0", "--row", "0", "--col", "0",
                "--volts", "1.7", "--width", "100e-9");
        assertThat(r.code).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err).contains("OUT_OF_ENVELOPE").contains("half").contains("nothing sent");
    }

    @Test
    void pulseSetRaisesConductance() {
        Result r = run("pulse", "sim:?profile=ideal-2x64", "--tile", "0", "--row", "1", "--col", "2",
                "--volts", "1.2", "--width", "100e-9", "--count", "20");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("20 pulses").contains("->");
        java.util.regex.Matcher g = java.util.regex.Pattern.compile("G ([0-9.]+) ([numµ]?)S -> ([0-9.]+) ([numµ]?)S").matcher(r.out);
        assertThat(g.find()).as(r.out).isTrue();
        assertThat(siemens(g.group(3), g.group(4))).as("SET raised G: " + r.out).isGreaterThan(siemens(g.group(1), g.group(2)));
    }

    private static double siemens(String value, String prefix) {
        double scale = switch (prefix) {
            case "m" -> 1e-3;
            case "µ", "u" -> 1e-6;
            case "n" -> 1e-9;
            default -> 1;
        };
        return Double.parseDouble(value) * scale;
    }

    @Test
    void readWritesTheWholeTileAsCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t0.csv");
        Result r = run("read", "sim:?profile=ideal-2x64", "--tile", "1", "--csv", csv.toString());
        assertThat(r.code).as(r.err).isZero();
        var lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(64);
        assertThat(lines.get(0).split(",")).hasSize(64);
    }

    @Test
    void tileOutsideTheBoardIsAUsageError() {
        Result r = run("read", "sim:?profile=ideal-2x64", "--tile", "2");
        assertThat(r.code).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err).contains("tile: 2 (expected: 0..1)");
    }
}
