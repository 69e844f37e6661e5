package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Command-line fixes of issue 18: unknown commands, --epochs 0, every bench command listed. */
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
    void zeroEpochsAreRefusedBeforeTraining() {
        CliRun r = CliRun.of("train", "--epochs", "0", "--run-db", "target/never-created.db");

        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--epochs: 0 (expected: >= 1");
    }
}
