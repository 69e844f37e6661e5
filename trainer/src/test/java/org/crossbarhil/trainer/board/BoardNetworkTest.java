package org.crossbarhil.trainer.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.crossbarhil.trainer.nn.ActivityDifference;
import org.crossbarhil.trainer.nn.FloatSynapses;
import org.junit.jupiter.api.Test;

class BoardNetworkTest {
    private static final int[] SIZES = {6, 4, 3};

    private static List<float[][]> weights(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return List.of(FloatSynapses.random(6, 4, 1, r).weightsAndBias(), FloatSynapses.random(4, 3, 1, r).weightsAndBias());
    }

    private static BoardNetwork create(FakeBoard board, BoardSettings settings, List<float[][]> w) {
        return BoardNetwork.create(board, SIZES, settings, w, new double[] {1 / Math.sqrt(6), 0.5}, new BoardCounters());
    }

    @Test
    void calibrationMeasuresTheFakeDevicesWindowAndSteps() {
        FakeBoard board = FakeBoard.ideal(2, 16, 16);
        DeviceWindow w = create(board, BoardSettings.DEFAULTS, weights(1)).state().window();
        assertThat(w.low()).isCloseTo(FakeBoard.G_MIN, within(2e-6));
        assertThat(w.high()).isCloseTo(FakeBoard.G_MAX, within(2e-6));
        // soft bounds: a SET step at mid-window is STEP x (Gmax - G)
        assertThat(w.setStep()).isCloseTo(FakeBoard.STEP * (FakeBoard.G_MAX - w.reference()), within(2e-7));
        assertThat(w.resetStep()).isGreaterThan(w.setStep());
    }

    @Test
    void programmedWeightsComeBackThroughForwardAndTransposedVmms() {
        FakeBoard board = FakeBoard.ideal(2, 16, 16);
        List<float[][]> w = weights(2);
        BoardNetwork net = create(board, BoardSettings.DEFAULTS, w);
        FloatSynapses ref = new FloatSynapses(6, 4, w.get(0));
        float[][] x = {{0.1f, 0.9f, 0.3f, 0f, 1f, 0.5f}, {1f, 1f, 0f, 0f, 0.2f, 0.7f}};
        float[][] board1 = net.layers().get(0).forward(x);
        float[][] float1 = ref.forward(x);
        // write-verify tolerance is 1% of the window: weights come back within about k x 1 uS each
        double tol = 6 * net.layers().get(0).mapping().k() * 1.2e-6;
        for (int s = 0; s < 2; s++) {
            for (int j = 0; j < 4; j++) {
                assertThat(board1[s][j]).isCloseTo(float1[s][j], within((float) tol));
            }
        }
        float[][] y = {{0.2f, 1f, 0f, 0.6f}};
        float[][] boardT = net.layers().get(0).backward(y);
        float[][] floatT = ref.backward(y);
        for (int i = 0; i < 6; i++) {
            assertThat(boardT[0][i]).isCloseTo(floatT[0][i], within((float) tol));
        }
    }

    @Test
    void theStochasticUpdateMovesWeightsByTheRequestedAmountOnAverage() {
        FakeBoard board = FakeBoard.ideal(2, 16, 16);
        List<float[][]> zero = List.of(new float[4][7], new float[3][5]);
        BoardNetwork net = create(board, BoardSettings.DEFAULTS, zero);
        BoardSynapses layer = net.layers().get(0);
        float[][] before = layer.forward(new float[][] {{1, 0, 0, 0, 0, 0}});
        // ΔW = rate · Δa bᵀ with Δa = (+0.5, −0.5, 0, 0), b = e_0: unit 0 up, unit 1 down, 40 times
        float rate = (float) (layer.mapping().pairStep() * 0.5);
        float[][] x = {{1, 0, 0, 0, 0, 0}};
        for (int n = 0; n < 40; n++) {
            layer.update(new ActivityDifference(new float[][] {{0.75f, 0.25f, 0.5f, 0.5f}}, x, new float[][] {{0.25f, 0.75f, 0.5f, 0.5f}},
                    x, true, rate));
        }
        float[][] after = layer.forward(x);
        // the weight from input 0 and the bias (an input held at 1) both move: twice 40 x rate x 0.5
        double expected = 2 * 40 * rate * 0.5;
        assertThat(after[0][0] - before[0][0]).isCloseTo((float) expected, within((float) (0.5 * expected)));
        assertThat(after[0][1] - before[0][1]).isCloseTo((float) -expected, within((float) (0.5 * expected)));
        assertThat(Math.abs(after[0][2] - before[0][2])).isLessThan((float) (0.2 * expected));
        // one request per term and block: 40 samples, one term (clamped input), one block
        assertThat(board.outerProductRequests()).isEqualTo(40);
    }

    @Test
    void hiddenLayersPulseTwoTermsPerSample() {
        FakeBoard board = FakeBoard.ideal(2, 16, 16);
        BoardNetwork net = create(board, BoardSettings.DEFAULTS, weights(3));
        float[][] a = {{0.6f, 0.2f, 0.1f}};
        float[][] b = {{0.5f, 0.5f, 0.2f, 0.9f}};
        float[][] am = {{0.4f, 0.2f, 0.1f}};
        float[][] bm = {{0.5f, 0.4f, 0.2f, 0.9f}};
        net.layers().get(1).update(new ActivityDifference(a, b, am, bm, false, 0.01f));
        assertThat(board.outerProductRequests()).isEqualTo(2);
    }

    @Test
    void stuckDevicesAreFoundAndTheirPairsNeutralisedAndMasked() {
        FakeBoard board = new FakeBoard(2, 16, 16, 11, 0.05, 0.0, true, true);
        BoardNetwork net = create(board, BoardSettings.DEFAULTS, weights(4));
        HealthMap health = HealthMap.of(net.state().faulty(), 16, net.state().devicesProbed());
        int stuck = 0;
        for (Block b : net.placement().allBlocks()) {
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < b.cols(); c++) {
                    assertThat(health.isFaulty(b.tile(), r, c)).as("tile %d (%d, %d)", b.tile(), r, c).isEqualTo(board.isStuck(b.tile(), r, c));
                    if (board.isStuck(b.tile(), r, c)) {
                        stuck++;
                        int partner = c % 2 == 0 ? c + 1 : c - 1;
                        if (!board.isStuck(b.tile(), r, partner)) {
                            double gap = Math.abs(board.conductance(b.tile(), r, c) - board.conductance(b.tile(), r, partner));
                            assertThat(gap).as("neutralised pair at tile %d row %d").isLessThan(2e-6);
                        }
                        BitSet mask = board.mask(b.tile());
                        assertThat(mask.get(r * 16 + c)).isTrue();
                        assertThat(mask.get(r * 16 + partner)).isTrue();
                    }
                }
            }
        }
        assertThat(stuck).isPositive();
    }

    @Test
    void withoutParallelUpdatesTheManhattanRuleIsUsedAndSaysWhy() {
        FakeBoard board = new FakeBoard(2, 16, 16, 5, 0, 0, false, false);
        BoardNetwork net = create(board, BoardSettings.DEFAULTS, weights(5));
        assertThat(net.state().update()).isEqualTo(UpdateRule.MANHATTAN);
        assertThat(net.state().updateNote()).contains("no parallel outer-product update");
        BoardSynapses layer = net.layers().get(0);
        float[][] x = {{1, 0, 0, 0, 0, 0}};
        float before = layer.forward(x)[0][0];
        float rate = (float) (layer.mapping().pairStep() * 0.5);
        for (int n = 0; n < 10; n++) {
            layer.update(new ActivityDifference(new float[][] {{0.75f, 0.5f, 0.5f, 0.5f}}, x, new float[][] {{0.25f, 0.5f, 0.5f, 0.5f}},
                    x, true, rate));
        }
        // 10 x 0.25 pair steps accumulate in the residual and go out as whole pulses: 2 or 3 steps for
        // the weight and as many for the bias (an input held at 1)
        double moved = layer.forward(x)[0][0] - before;
        assertThat(moved / layer.mapping().pairStep()).isBetween(3.5, 6.5);
    }

    @Test
    void refreshRecentresASaturatedPairAndKeepsItsWeight() {
        FakeBoard board = FakeBoard.ideal(2, 16, 16);
        BoardNetwork net = create(board, BoardSettings.DEFAULTS, weights(6));
        Block b = net.placement().layers().get(0).get(0);
        WeightMapping m = net.layers().get(0).mapping();
        // both devices of pair (input 0, unit 0) pushed up near the top: small weight, saturated common mode
        board.setConductance(b.tile(), 0, b.plusCol(0), 96e-6);
        board.setConductance(b.tile(), 0, b.minusCol(0), 94e-6);
        PairProgrammer.RefreshResult r = net.refresh();
        assertThat(r.pairsRefreshed()).isGreaterThanOrEqualTo(1);
        double gp = board.conductance(b.tile(), 0, b.plusCol(0));
        double gm = board.conductance(b.tile(), 0, b.minusCol(0));
        assertThat((gp + gm) / 2).isCloseTo(m.reference(), within(3e-6));
        assertThat(m.weight(gp, gm)).isCloseTo(m.weight(96e-6, 94e-6), within(m.k() * 3e-6));
    }
}
