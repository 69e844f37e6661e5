package org.crossbarhil.trainer.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** schema-v1.db was written by crossbar before schema versions (an Iris run of 2 epochs x 5 folds, a Braille run of 1 epoch). */
class RunSchemaTest {
    @TempDir
    Path dir;

    private Path oldFile() throws Exception {
        Path db = dir.resolve("old.db");
        try (InputStream in = RunSchemaTest.class.getResourceAsStream("schema-v1.db")) {
            Files.copy(in, db);
        }
        return db;
    }

    private static int version(Path db) throws SQLException {
        try (Connection c = RunDatabase.file(db).connect()) {
            return RunSchema.version(c);
        }
    }

    @Test
    void aFileFromBeforeVersionsIsVersionOneAndIsMigratedOnOpenKeepingItsRuns() throws Exception {
        Path db = oldFile();
        assertThat(version(db)).isEqualTo(1);
        try (RunStore s = RunStore.open(db)) {
            assertThat(s.list()).extracting(RunInfo::dataset).containsExactly("iris", "braille");
            RunInfo iris = s.run(1).orElseThrow();
            assertThat(iris.finished()).isTrue();
            assertThat(iris.testAccuracy()).as("backfilled from the summary: the mean over folds").isCloseTo(0.6667, org.assertj.core.data
                    .Offset.offset(1e-4));
            assertThat(iris.epochsDone()).isEqualTo(10);
            assertThat(iris.epochsTotal()).isEqualTo(10);
            assertThat(iris.sweepId()).isNull();
            assertThat(s.epochs(1)).hasSize(10);
            assertThat(s.events(1)).first().asString().endsWith("started");
            long id = s.createRun("{}", "braille", "sim:", "24-32-10", "manhattan", 1, 1, 1);
            s.createSweep("sw-1", "test", "{}", 1);
            assertThat(s.sweep("sw-1")).isPresent();
            assertThat(id).isEqualTo(3);
        }
        assertThat(version(db)).isEqualTo(RunSchema.CURRENT);
    }

    @Test
    void openingAMigratedFileAgainChangesNothing() throws Exception {
        Path db = oldFile();
        RunStore.open(db).close();
        long size = Files.size(db);
        try (RunStore s = RunStore.open(db)) {
            assertThat(s.list()).hasSize(2);
        }
        assertThat(version(db)).isEqualTo(RunSchema.CURRENT);
        assertThat(Files.size(db)).isEqualTo(size);
    }

    @Test
    void aNewFileStartsAtTheCurrentVersion() throws Exception {
        Path db = dir.resolve("new.db");
        RunStore.open(db).close();
        assertThat(version(db)).isEqualTo(RunSchema.CURRENT);
    }

    @Test
    void aDatabaseNewerThanThisCodeIsRefusedAndLeftAlone() throws Exception {
        Path db = dir.resolve("future.db");
        RunStore.open(db).close();
        try (Connection c = RunDatabase.file(db).connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE schema_version SET version = 99");
        }
        assertThatThrownBy(() -> RunStore.open(db)).isInstanceOf(RunStoreException.class).hasMessageContaining("schema version 99")
                .hasMessageContaining("newer crossbar");
        assertThat(version(db)).isEqualTo(99);
    }
}
