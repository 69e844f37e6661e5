package org.crossbarhil.trainer.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.crossbarhil.driver.Geometry;
import org.junit.jupiter.api.Test;

class PlacementTest {
    @Test
    void mnist196x128x10NeedsNineteenTilesOf64x64() {
        Placement p = Placement.plan(new int[] {196, 128, 10}, new Geometry(32, 64, 64));
        assertThat(p.tilesUsed()).isEqualTo(19);
        assertThat(p.layers().get(0)).hasSize(16);
        assertThat(p.layers().get(1)).hasSize(3);
    }

    @Test
    void aNetworkThatDoesNotFitIsRefusedWithTheNumberOfTilesItNeeds() {
        assertThatThrownBy(() -> Placement.plan(new int[] {196, 128, 10}, new Geometry(2, 64, 64)))
                .isInstanceOf(NetworkDoesNotFitException.class)
                .hasMessageContaining("network 196-128-10 needs 19 tiles of 64x64")
                .hasMessageContaining("but the board has 2")
                .satisfies(e -> assertThat(((NetworkDoesNotFitException) e).tilesNeeded()).isEqualTo(19));
    }

    @Test
    void blocksCoverEveryWeightAndBiasOfEachLayerExactlyOnce() {
        int[] sizes = {196, 128, 10};
        Placement p = Placement.plan(sizes, new Geometry(32, 64, 64));
        for (int l = 0; l < 2; l++) {
            int[][] seen = new int[sizes[l + 1]][sizes[l] + 1];
            for (Block b : p.layers().get(l)) {
                assertThat(b.rows()).isLessThanOrEqualTo(64);
                assertThat(b.cols()).isLessThanOrEqualTo(64);
                for (int u = b.firstUnit(); u < b.firstUnit() + b.unitCount(); u++) {
                    for (int i = b.firstInput(); i < b.firstInput() + b.inputCount(); i++) {
                        seen[u][i]++;
                    }
                }
            }
            for (int[] row : seen) {
                assertThat(row).containsOnly(1);
            }
        }
        assertThat(p.allBlocks().stream().map(Block::tile).distinct().count()).isEqualTo(19);
    }

    @Test
    void rowChunksAreBalanced() {
        List<Block> layer = Placement.plan(new int[] {196, 128, 10}, new Geometry(32, 64, 64)).layers().get(0);
        // 197 rows in four chunks of 49 or 50, not 64 + 64 + 64 + 5
        assertThat(layer.stream().mapToInt(Block::rows).min().getAsInt()).isGreaterThanOrEqualTo(49);
    }

    @Test
    void theBrailleNetworkFitsThePapersTwoArrays() {
        Placement p = Placement.plan(new int[] {24, 32, 10}, new Geometry(2, 64, 64));
        assertThat(p.tilesUsed()).isEqualTo(2);
        assertThat(p.layers().get(0).get(0).cols()).isEqualTo(64);
    }

    @Test
    void pairsSitOnNeighbouringColumns() {
        Block b = new Block(0, 3, 0, 10, 5, 4);
        assertThat(b.plusCol(5)).isEqualTo(0);
        assertThat(b.minusCol(5)).isEqualTo(1);
        assertThat(b.plusCol(8)).isEqualTo(6);
    }
}
