package org.crossbarhil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crossbarhil.trainer.RunJson;
import org.crossbarhil.trainer.TrainingConfig;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunLock;
import org.crossbarhil.trainer.runs.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure says what failed and what to do, with the documented exit code (README). */
class FailureMessagesTest {
    @Test
    void aCorruptRunDatabaseIsNamedWithWhatToDoNotAnInternalError(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("runs.db");
        Files.write(db, new byte[] {0x13, 0x37, 0x00, 0x7f, 0x42, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
            0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19});
        for (String command : new String[] {"runs", "plot"}) {
            CliRun r = command.equals("runs") ? CliRun.of("runs", "--run-db", db.toString())
                    : CliRun.of("plot", "1", "--run-db", db.toString(), "--out", dir.resolve("plots").toString());
            assertThat(r.code()).as(command).isEqualTo(Main.EXIT_FAILED);
            assertThat(r.err()).as(command).contains("cannot open run database").contains(db.toString())
                    .contains("moved aside").doesNotContain("internal error").doesNotContain("Exception");
        }
    }

    @Test
    void aBinaryLookupTableIsABadTableExitTwo(@TempDir Path dir) throws Exception {
        Path lut = dir.resolve("curves.csv");
        Files.write(lut, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1});
        CliRun r = CliRun.of("info", "sim:?device_model=lut&lut_file=" + lut);
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains(lut.toString()).contains("is not UTF-8 text").contains("crossbar characterize");
    }

    @Test
    void anOutputPathUnderARegularFileIsRefusedBeforeTheBoardIsRead(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("regular"), "x");
        CliRun r = CliRun.of("read", "sim:", "--tile", "0", "--csv", file.resolve("map.csv").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--csv").contains(file + " is a file, not a directory");
        assertThat(r.out()).as("nothing was read").isEmpty();
    }

    @Test
    void missingParentDirectoriesAreAnErrorUnlessMkdirsIsGiven(@TempDir Path dir) {
        Path csv = dir.resolve("a/b/map.csv");
        CliRun refused = CliRun.of("read", "sim:", "--tile", "0", "--csv", csv.toString());
        assertThat(refused.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(refused.err()).contains("does not exist").contains("--mkdirs");
        assertThat(Files.exists(dir.resolve("a"))).as("no directory created").isFalse();

        CliRun made = CliRun.of("read", "sim:", "--tile", "0", "--csv", csv.toString(), "--mkdirs");
        assertThat(made.code()).isZero();
        assertThat(csv).exists();
    }

    @Test
    void anOutputPathThatIsADirectoryIsRefused(@TempDir Path dir) {
        CliRun r = CliRun.of("conformance", "sim:", "--json", dir.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--json").contains("is a directory");
    }

    @Test
    void aResumeWhoseBoardRefusesTheConnectionExitsThreeAndWithNoEpochDoesNotSuggestResume(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path db = dir.resolve("runs.db");
        TrainingConfig c = TrainingConfig.builder().board("tcp://127.0.0.1:" + port).runDb(db).epochs(1).build();
        long id;
        try (RunStore store = RunStore.open(db)) {
            id = store.createRun(RunJson.write(c.plan()), "braille", c.board(), "24-32-10", "manhattan", 1, 1, 1);
            store.setStatus(id, RunInfo.INTERRUPTED);
        }
        CliRun r = CliRun.of("train", "--resume", Long.toString(id), "--run-db", db.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_LINK);
        assertThat(r.err()).contains("the link to the board failed").contains("127.0.0.1:" + port)
                .contains("no epoch was completed, so there is nothing to resume").contains("start a new run with the same options")
                .doesNotContain("--resume").doesNotContain("internal error");
    }

    @Test
    void aSecondTrainerOnARunThatTrainsIsRefusedWithWhoHoldsItExitOne(@TempDir Path dir) {
        Path db = dir.resolve("runs.db");
        try (RunStore store = RunStore.open(db)) {
            long id = store.createRun(RunJson.write(TrainingConfig.builder().runDb(db).build().plan()), "braille", "sim:", "24-32-10",
                    "manhattan", 1, 1, 1);
            try (RunLock held = store.lock(id)) {
                CliRun r = CliRun.of("train", "--resume", Long.toString(id), "--run-db", db.toString());
                assertThat(r.code()).isEqualTo(Main.EXIT_FAILED);
                assertThat(r.err()).contains("run " + id + " is being written by another trainer (pid " + held.writer().pid() + " on "
                        + held.writer().host() + " since " + held.writer().since());
                assertThat(store.events(id)).as("the refused trainer recorded nothing").isEmpty();
                CliRun listed = CliRun.of("runs", "--run-db", db.toString());
                assertThat(listed.out()).contains("running");
            }
            assertThat(CliRun.of("runs", "--run-db", db.toString()).out()).as("no writer any more").contains("interrupted");
        }
    }

    @Test
    void anUnwritableJsonPathOfTrainIsRefusedBeforeTheRunStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("regular"), "x");
        Path db = dir.resolve("runs.db");
        CliRun r = CliRun.of("train", "--board", "none", "--reference", "eqprop", "--epochs", "1", "--run-db", db.toString(),
                "--json", file.resolve("s.json").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--json").contains(file + " is a file, not a directory");
        assertThat(db).as("no run was started").doesNotExist();

        CliRun missing = CliRun.of("train", "--board", "none", "--reference", "eqprop", "--epochs", "1", "--run-db",
                dir.resolve("d/runs.db").toString());
        assertThat(missing.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.err()).contains("--run-db").contains("does not exist (create it, or pass --mkdirs)");
        assertThat(dir.resolve("d")).doesNotExist();
    }

    @Test
    void aSerialUriWrittenWithSlashesGetsAValidHint() {
        CliRun authority = CliRun.of("info", "serial:///dev/ttyUSB0");
        assertThat(authority.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(authority.err()).contains("serial:/dev/ttyUSB0").doesNotContain("serial://HOST");
        CliRun hostPort = CliRun.of("info", "serial://host:1");
        assertThat(hostPort.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(hostPort.err()).contains("expected serial:PORT (e.g. serial:/dev/ttyUSB0").doesNotContain("serial://HOST");
    }
}
