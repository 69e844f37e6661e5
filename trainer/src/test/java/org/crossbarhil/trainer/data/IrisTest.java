package org.crossbarhil.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IrisTest {
    @Test
    void theShippedDataHasFishers150RowsAndKnownColumnMeans() {
        Iris.Rows rows = Iris.load();
        assertThat(rows.features()).hasNumberOfRows(150);
        double[] mean = new double[4];
        for (double[] r : rows.features()) {
            for (int j = 0; j < 4; j++) {
                mean[j] += r[j] / 150;
            }
        }
        assertThat(mean[0]).isCloseTo(5.843, within(0.0005));
        assertThat(mean[1]).isCloseTo(3.057, within(0.0005));
        assertThat(mean[2]).isCloseTo(3.758, within(0.0005));
        assertThat(mean[3]).isCloseTo(1.199, within(0.0005));
        assertThat(Arrays.stream(rows.species()).filter(s -> s == 2).count()).isEqualTo(50);
    }

    @Test
    void perSpeciesMeansMatchThePublishedOnes() {
        Iris.Rows rows = Iris.load();
        double[][] expected = {{5.006, 3.428, 1.462, 0.246}, {5.936, 2.770, 4.260, 1.326}, {6.588, 2.974, 5.552, 2.026}};
        for (int s = 0; s < 3; s++) {
            for (int j = 0; j < 4; j++) {
                double sum = 0;
                for (int i = 0; i < 150; i++) {
                    sum += rows.species()[i] == s ? rows.features()[i][j] : 0;
                }
                assertThat(sum / 50).as("species %d feature %d", s, j).isCloseTo(expected[s][j], within(0.0005));
            }
        }
    }

    @Test
    void fiveFoldsAreStratifiedAndTogetherTestEveryRowOnce() {
        DataSet d = Iris.folds(5, 7);
        assertThat(d.folds()).hasSize(5);
        for (Fold f : d.folds()) {
            assertThat(f.test().size()).isEqualTo(30);
            assertThat(f.train().size()).isEqualTo(120);
            for (int c = 0; c < 3; c++) {
                int cc = c;
                assertThat(Arrays.stream(f.test().labels()).filter(l -> l == cc).count()).isEqualTo(10);
            }
            for (float[] x : f.test().inputs()) {
                for (float v : x) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void everyRowIsInExactlyOneTestFoldWithTenOfEachSpecies() {
        int[] species = Iris.load().species();
        int[] foldOf = Iris.assign(species, 5, 7);
        int[][] counts = new int[5][3];
        for (int i = 0; i < species.length; i++) {
            assertThat(foldOf[i]).isBetween(0, 4);
            counts[foldOf[i]][species[i]]++;
        }
        for (int[] f : counts) {
            assertThat(f).containsExactly(10, 10, 10);
        }
        assertThat(Iris.assign(species, 5, 8)).isNotEqualTo(foldOf);
    }

    @Test
    void foldsAreDeterministicBySeed() {
        assertThat(Iris.folds(5, 3).folds().get(2).test().labels()).containsExactly(Iris.folds(5, 3).folds().get(2).test().labels());
        assertThat(Iris.folds(5, 3).folds().get(0).test().inputs()).isDeepEqualTo(Iris.folds(5, 3).folds().get(0).test().inputs());
        assertThat(Iris.folds(5, 3).folds().get(0).test().inputs()).isNotEqualTo(Iris.folds(5, 4).folds().get(0).test().inputs());
    }

    @Test
    void aBadFoldCountIsRefused() {
        assertThatThrownBy(() -> Iris.folds(1, 1)).hasMessageContaining("iris folds: 1 (expected: 2..50)");
    }
}
