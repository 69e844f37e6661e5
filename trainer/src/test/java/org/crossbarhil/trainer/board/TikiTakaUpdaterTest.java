package org.crossbarhil.trainer.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.crossbarhil.driver.Geometry;
import org.junit.jupiter.api.Test;

class TikiTakaUpdaterTest {
    @Test
    void theBrailleNetworksFastPairsSitBelowLayerOneAndBesideLayerTwo() {
        Placement p = Placement.plan(new int[] {24, 32, 10}, new Geometry(2, 64, 64));
        Map<Block, TikiTakaUpdater.Offset> fast = TikiTakaUpdater.plan(p.allBlocks(), p.geometry());
        Block first = p.layers().get(0).get(0);
        Block second = p.layers().get(1).get(0);
        // 25 rows x 64 columns: A on rows 25..49; 33 rows x 20 columns: A on columns 20..39
        assertThat(fast.get(first)).isEqualTo(new TikiTakaUpdater.Offset(25, 0));
        assertThat(fast.get(second)).isEqualTo(new TikiTakaUpdater.Offset(0, 20));
        assertThat(TikiTakaUpdater.envelope(second, fast.get(second)).cols()).isEqualTo(40);
    }

    @Test
    void aTileWithNoRoomForTheFastArrayIsRefusedNamingTheAlternatives() {
        Placement p = Placement.plan(new int[] {196, 128, 10}, new Geometry(32, 64, 64));
        assertThatThrownBy(() -> TikiTakaUpdater.plan(p.allBlocks(), p.geometry()))
                .isInstanceOf(NetworkDoesNotFitException.class)
                .hasMessageContaining("tiki-taka keeps a second (fast) array")
                .hasMessageContaining("choose --update stochastic or manhattan");
    }

    @Test
    void ruleLabelsParseBackAndUnknownOnesAreRefusedListingTheKnown() {
        for (UpdateRule r : UpdateRule.values()) {
            assertThat(UpdateRule.parse(r.label())).isEqualTo(r);
        }
        assertThat(UpdateRule.MANHATTAN.parallel()).isFalse();
        assertThatThrownBy(() -> UpdateRule.parse("sgd")).hasMessage("update rule 'sgd' (expected: stochastic, tiki-taka, manhattan)");
    }
}
