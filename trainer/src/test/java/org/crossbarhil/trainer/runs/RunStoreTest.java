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
}
