package org.crossbarhil.trainer.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.crossbarhil.trainer.board.TileSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path dir;

    @Test
    void aRunItsEpochsAndItsMapsSurviveReopeningTheFile() {
        Path db = dir.resolve("runs.db");
        long id;
        try (RunStore s = RunStore.open(db)) {
            id = s.createRun("{\"a\":1}", "braille", "sim:", "24-32-10", "stochastic", 7, 5, 1);
            s.recordEpoch(id, new EpochRecord(1, 1, 0.3, 0.8, 0.25, 0.85, 1000, 20, 3, 1e-6, 1e-3, 2.0, "{}"));
            s.recordEpoch(id, new EpochRecord(1, 2, 0.2, 0.9, 0.15, 0.92, 900, 10, 1, 1e-6, 1e-3, 2.0, "{}"));
            s.saveConductances(id, "checkpoint", 1, 2, List.of(new TileSnapshot(0, 2, 2, new float[] {1e-6f, 2e-6f, 3e-6f, 4e-6f})));
            s.saveWeights(id, "checkpoint", List.<float[][]>of(new float[][] {{1, 2, 3}, {4, 5, 6}}));
            s.addEvent(id, "hello");
        }
        try (RunStore s = RunStore.open(db)) {
            RunInfo r = s.run(id).orElseThrow();
            assertThat(r.status()).as("recorded running, but no writer holds it").isEqualTo(RunInfo.INTERRUPTED);
            assertThat(r.lastEpoch()).isEqualTo(2);
            assertThat(r.testAccuracy()).isEqualTo(0.92);
            assertThat(s.epochs(id)).extracting(EpochRecord::epoch).containsExactly(1, 2);
            assertThat(s.conductances(id, "checkpoint").get(0).get(1, 0)).isEqualTo(3e-6f);
            assertThat(s.weights(id, "checkpoint").get(0)[1]).containsExactly(4, 5, 6);
            assertThat(s.events(id)).singleElement().asString().endsWith(" hello");
            assertThat(s.list()).hasSize(1);
        }
    }

    @Test
    void savingMapsUnderALabelReplacesTheOldOnes() {
        try (RunStore s = RunStore.open(dir.resolve("r.db"))) {
            long id = s.createRun("{}", "iris", "sim:", "4-8-3", "manhattan", 1, 2, 5);
            s.saveConductances(id, "checkpoint", 1, 1, List.of(new TileSnapshot(0, 1, 1, new float[] {1f}),
                    new TileSnapshot(1, 1, 1, new float[] {2f})));
            s.saveConductances(id, "checkpoint", 1, 2, List.of(new TileSnapshot(0, 1, 1, new float[] {5f})));
            assertThat(s.conductances(id, "checkpoint")).singleElement().satisfies(t -> assertThat(t.siemens()).containsExactly(5f));
        }
    }

    @Test
    void anUnknownRunIsEmptyAndStatusesChange() {
        try (RunStore s = RunStore.open(dir.resolve("r.db"))) {
            assertThat(s.run(42)).isEmpty();
            long id = s.createRun("{}", "iris", "sim:", "4-8-3", "stochastic", 1, 2, 5);
            s.setStatus(id, RunInfo.INTERRUPTED);
            assertThat(s.run(id).orElseThrow().status()).isEqualTo(RunInfo.INTERRUPTED);
        }
    }

    @Test
    void aDatabaseInAMissingDirectoryIsRefusedWithItsPath() {
        assertThatThrownBy(() -> RunStore.open(dir.resolve("nope/runs.db"))).isInstanceOf(RunStoreException.class)
                .hasMessageContaining("nope").hasMessageContaining("does not exist");
    }

    @Test
    void aCrossValidatedRunsResultIsTheMeanOverFoldsNotTheLastFold() {
        try (RunStore s = RunStore.open(dir.resolve("r.db"))) {
            long id = s.createRun("{}", "iris", "sim:", "4-8-3", "manhattan", 1, 2, 3);
            double[][] acc = {{0.5, 0.9}, {0.6, 0.8}, {0.7, 1.0}};
            for (int f = 0; f < 3; f++) {
                for (int e = 0; e < 2; e++) {
                    s.recordEpoch(id, new EpochRecord(f + 1, e + 1, 0, 0, 0, acc[f][e], 0, 0, 0, 0, 0, 0, "{}"));
                }
            }
            RunInfo r = s.run(id).orElseThrow();
            assertThat(r.testAccuracy()).as("mean of each fold's last epoch").isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(r.epochsDone()).isEqualTo(6);
            assertThat(r.epochsTotal()).as("the same unit: epochs over all folds").isEqualTo(6);
            s.saveSummary(id, "{}", 0.875);
            assertThat(s.run(id).orElseThrow().testAccuracy()).as("a recorded result wins").isEqualTo(0.875);
        }
    }

    @Test
    void anUnfinishedRunCountsOnlyTheEpochsRecorded() {
        try (RunStore s = RunStore.open(dir.resolve("r.db"))) {
            long id = s.createRun("{}", "iris", "sim:", "4-8-3", "manhattan", 1, 200, 5);
            s.recordEpoch(id, new EpochRecord(1, 200, 0, 0, 0, 1.0, 0, 0, 0, 0, 0, 0, "{}"));
            s.recordEpoch(id, new EpochRecord(2, 3, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, "{}"));
            RunInfo r = s.run(id).orElseThrow();
            assertThat(r.epochsDone()).isEqualTo(203);
            assertThat(r.epochsTotal()).isEqualTo(1000);
            assertThat(r.testAccuracy()).isEqualTo(0.75);
        }
    }

    @Test
    void filtersSelectByDatasetStatusSweepAndCreationTime() {
        try (RunStore s = RunStore.open(dir.resolve("r.db"))) {
            s.createSweep("sw-a", "a", "{}", 2);
            long iris = s.createRun("{}", "iris", "sim:", "4-8-3", "manhattan", 1, 2, 5);
            long braille = s.createRun(new RunStore.NewRun("{}", "braille", "sim:?seed=4", "24-32-10", "manhattan", 4, 1, 1, "{\"seed\":4}",
                    "sw-a", 1, new Provenance("0.1.0", "SIM-1", "fw-2", "taox", 4L, "bench-1", "ada")));
            s.setStatus(braille, RunInfo.COMPLETED);
            assertThat(s.list(new RunFilter("IRIS", null, null, null))).extracting(RunInfo::id).containsExactly(iris);
            assertThat(s.list(new RunFilter(null, "completed", null, null))).extracting(RunInfo::id).containsExactly(braille);
            assertThat(s.list(new RunFilter(null, "interrupted", null, null))).as("no writer holds it").extracting(RunInfo::id)
                    .containsExactly(iris);
            assertThat(s.list(RunFilter.sweep("sw-a"))).singleElement().satisfies(r -> {
                assertThat(r.sweepPoint()).isEqualTo(1);
                assertThat(r.settingsJson()).isEqualTo("{\"seed\":4}");
                assertThat(r.provenance()).isEqualTo(new Provenance("0.1.0", "SIM-1", "fw-2", "taox", 4L, "bench-1", "ada"));
            });
            assertThat(s.list(new RunFilter(null, null, null, java.time.Instant.now().plusSeconds(60)))).isEmpty();
            assertThat(s.list(new RunFilter(null, null, null, java.time.Instant.now().minusSeconds(60)))).hasSize(2);
        }
    }

    @Test
    void anUnknownStatusIsRefusedNamingTheValidOnes() {
        assertThatThrownBy(() -> new RunFilter(null, "done", null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'done'").hasMessageContaining("running, interrupted, failed or completed");
    }
}
