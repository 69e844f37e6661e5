package org.crossbarhil.trainer.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossbarhil.driver.Geometry;
import org.crossbarhil.trainer.RunJson;
import org.crossbarhil.trainer.board.DeviceWindow;
import org.crossbarhil.trainer.board.NetworkState;
import org.crossbarhil.trainer.board.Placement;
import org.crossbarhil.trainer.board.TileSnapshot;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.board.WeightMapping;
import org.crossbarhil.trainer.runs.EpochRecord;
import org.crossbarhil.trainer.runs.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlotsTest {
    @TempDir
    Path dir;

    private static TileSnapshot map(int tile, int rows, int cols, float offset) {
        float[] g = new float[rows * cols];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (20e-6 + (i % 7) * 5e-6 + offset);
        }
        return new TileSnapshot(tile, rows, cols, g);
    }

    @Test
    void curvesHeatmapsHistogramsAndTheRefreshFigureArePngFiles() throws IOException {
        int[] sizes = {3, 2};
        Placement placement = Placement.plan(sizes, new Geometry(1, 8, 8));
        DeviceWindow window = new DeviceWindow(5e-6, 90e-6, 2e-6, 95e-6, 47e-6, 1e-6, 1.3e-6, 16, 0);
        NetworkState state = new NetworkState(window, Map.of(), 8, 8, List.of(WeightMapping.fromInit(0.5, 4, window)), UpdateRule.STOCHASTIC, "");
        try (RunStore store = RunStore.open(dir.resolve("r.db"))) {
            long id = store.createRun("{}", "braille", "sim:", "3-2", "stochastic", 1, 2, 1);
            store.saveState(id, RunJson.writeState(state, sizes, placement.allBlocks()));
            store.recordEpoch(id, new EpochRecord(1, 1, 0.3, 0.7, 0.3, 0.72, 10, 0, 0, 0, 0, 1, "{}"));
            store.recordEpoch(id, new EpochRecord(1, 2, 0.2, 0.8, 0.2, 0.81, 10, 0, 1, 0, 0, 1, "{}"));
            store.saveConductances(id, "final", 1, 2, List.of(map(0, 4, 4, 0)));
            store.saveConductances(id, "refresh-before", 1, 1, List.of(map(0, 4, 4, 10e-6f)));
            store.saveConductances(id, "refresh-after", 1, 1, List.of(map(0, 4, 4, 0)));
            List<Path> files = RunPlots.write(store, id, dir.resolve("plots"));
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("run-1-accuracy.png", "run-1-loss.png",
                    "run-1-tile-0-heatmap.png", "run-1-tile-0-histogram.png", "run-1-refresh-common-mode.png", "run-1-refresh-weights.png");
            for (Path f : files) {
                byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(f), 4);
                assertThat(head).as(f.toString()).containsExactly(0x89, 'P', 'N', 'G');
            }
        }
    }

    @Test
    void aRunWithoutEpochsHasNothingToPlot() {
        try (RunStore store = RunStore.open(dir.resolve("r.db"))) {
            long id = store.createRun("{}", "braille", "sim:", "3-2", "stochastic", 1, 2, 1);
            assertThatThrownBy(() -> RunPlots.write(store, id, dir)).hasMessageContaining("has no completed epoch to plot yet");
            assertThatThrownBy(() -> RunPlots.write(store, 99, dir)).hasMessageContaining("no run 99");
        }
    }
}
