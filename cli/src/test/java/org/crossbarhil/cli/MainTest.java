package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @Test
    void helpDescriptionsAreJoinedIntoParagraphsKeepingBlankAndIndentedLines() {
        assertThat(Main.paragraphs(new String[] {"First sentence broken", "across lines.", "", "Second", "paragraph:",
            "  indented item", "after it."}))
                .containsExactly("First sentence broken across lines.", "", "Second paragraph:", "  indented item", "after it.");
    }

    @Test
    void helpListsEverySubcommandAndExitsZero() {
        CliRun r = CliRun.of("--help");
        assertThat(r.code()).isZero();
        for (String command : new String[] {"train", "runs", "plot", "info", "read", "pulse", "vmm", "conformance",
            "characterize", "sim", "serve"}) {
            assertThat(r.out()).as("the command list names " + command).containsPattern("(?m)^  " + command + "\\s");
        }
    }

    @Test
    void versionNamesTheWireProtocol() {
        CliRun r = CliRun.of("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("crossbar ").contains("wire protocol 1.");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertThat(CliRun.of("frobnicate").code()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void unknownSchemeIsAUsageErrorListingTheKnownSchemes() {
        CliRun r = CliRun.of("info", "gopher://x:1");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("unknown board URI scheme 'gopher:'").contains("sim:").contains("tcp://");
    }

    @Test
    void unknownSimParameterIsRefusedByName() {
        CliRun r = CliRun.of("info", "sim:?profile=taox&warp_drive=on");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("warp_drive");
    }

    @Test
    void infoOnTheEmbeddedBoardPrintsGeometryAndLimits() {
        CliRun r = CliRun.of("info", "sim:?profile=taox-2x64");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 x 64x64").contains("max half-select volts");
    }

    @Test
    void infoJsonHasANullLeaseOnAPlainBoard() throws Exception {
        CliRun r = CliRun.of("info", "sim:", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        var json = Json.MAPPER.readTree(r.out());
        assertThat(json.get("geometry").get("text").asText()).isEqualTo("32 x 64x64");
        assertThat(json.has("lease")).isTrue();
        assertThat(json.get("lease").isNull()).isTrue();
    }

    @Test
    void pulseAboveTheHalfSelectLimitIsRefusedBeforeAnythingIsSent() {
        CliRun r = CliRun.of("pulse", "sim:?profile=ideal-2x64&seed=3", "--tile", "0", "--row", "0", "--col", "0",
                "--volts", "1.7", "--width", "100e-9");
        assertThat(r.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("OUT_OF_ENVELOPE").contains("half").contains("nothing sent");
    }

    @Test
    void pulseSetRaisesConductance() {
        CliRun r = CliRun.of("pulse", "sim:?profile=ideal-2x64", "--tile", "0", "--row", "1", "--col", "2",
                "--volts", "1.2", "--width", "100e-9", "--count", "20");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("20 pulses").contains("->");
        java.util.regex.Matcher g = java.util.regex.Pattern.compile("G ([0-9.]+) ([numµ]?)S -> ([0-9.]+) ([numµ]?)S").matcher(r.out());
        assertThat(g.find()).as(r.out()).isTrue();
        assertThat(siemens(g.group(3), g.group(4))).as("SET raised G: " + r.out()).isGreaterThan(siemens(g.group(1), g.group(2)));
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
        CliRun r = CliRun.of("read", "sim:?profile=ideal-2x64", "--tile", "1", "--csv", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        var lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(64);
        assertThat(lines.get(0).split(",")).hasSize(64);
    }

    @Test
    void tileOutsideTheBoardIsAUsageError() {
        CliRun r = CliRun.of("read", "sim:?profile=ideal-2x64", "--tile", "2");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("tile: 2 (expected: 0..1)");
    }
}
