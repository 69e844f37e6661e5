package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Command-line fixes of issue 18: unknown commands, --epochs 0, the README's pulse example, the bench commands listed. */
class CommandLineFixesTest {
    @Test
    void anUnknownCommandIsAUsageErrorNamedAsSuch() {
        CliRun r = CliRun.of("frobnicate");

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("unknown command 'frobnicate'");
    }

    @Test
    void anUnknownCommandFollowedByHelpIsAUsageErrorNotTheTopLevelHelp() {
        CliRun r = CliRun.of("evaluate", "--help");

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("unknown command 'evaluate'");
        assertThat(r.out()).doesNotContain("Usage: crossbar");
    }

    @Test
    void helpOfANewCommandIsItsOwn() {
        CliRun r = CliRun.of("ramp", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: crossbar ramp").contains("--stop-above").contains("--forming");
    }

    @Test
    void helpListsTheBenchCommands() {
        CliRun r = CliRun.of("--help");
        for (String command : new String[] {"ramp", "program", "configure", "limits", "ledger", "abort", "safe-idle", "lease",
            "monitor"}) {
            assertThat(r.out()).as("the command list names " + command).containsPattern("(?m)^  " + command + "\\s");
        }
    }

    @Test
    void theReadmesPulseExamplesMoveTheDeviceTheWayTheTextSays() throws Exception {
        List<String> examples = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(l -> l.startsWith("./crossbar pulse sim:")).toList();
        assertThat(examples).hasSize(2);
        for (String example : examples) {
            List<String> args = new ArrayList<>(List.of(example.substring("./crossbar ".length()).split("#")[0].trim().split("\\s+")));
            args.addAll(List.of("--json", "--no-record"));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode m = Json.MAPPER.readTree(r.out());
            double before = m.get("siemens_before").asDouble();
            double after = m.get("siemens_after").asDouble();
            if (m.get("volts").asDouble() > 0) {
                assertThat(after).as("SET raises G: " + example).isGreaterThan(before * 1.2);
                assertThat(example).contains(String.format(java.util.Locale.ROOT, "%.1f µS -> %.1f µS", before * 1e6, after * 1e6));
            } else {
                assertThat(after).as("RESET lowers G: " + example).isLessThan(before / 1.2);
            }
        }
    }

    @Test
    void zeroEpochsAreRefusedBeforeTraining() {
        CliRun r = CliRun.of("train", "--epochs", "0", "--run-db", "target/never-created.db");

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--epochs: 0 (expected: >= 1");
    }
}
