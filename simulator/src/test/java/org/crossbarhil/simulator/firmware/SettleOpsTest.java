package org.crossbarhil.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.Activation;
import org.crossbarhil.protocol.v1.BoardState;
import org.crossbarhil.protocol.v1.Ledger;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SettleBlock;
import org.crossbarhil.protocol.v1.SettleLayer;
import org.crossbarhil.protocol.v1.SettleNetworkRequest;
import org.crossbarhil.protocol.v1.SettlePhase;
import org.crossbarhil.protocol.v1.SettleRequest;
import org.crossbarhil.protocol.v1.SettleResponse;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.crossbarhil.protocol.v1.VmmResponse;
import org.junit.jupiter.api.Test;

/** docs/protocol.md section 3.5 on the simulator: what a settle computes, and what it refuses before running. */
class SettleOpsTest {
    private static final float V = 0.2f;
    private static final double K = 2_000;
    /** A fixed ADC range that resolves these small blocks: auto-range starts on the largest, where they read as 0. */
    private static final double RANGE = 200e-6;

    private final FirmwareHarness h = FirmwareHarness.of("profile", "taox-2x64", "seed", "4");

    /** One layer of 4 inputs and 3 units on tile 0: rows 0..4 (4 the bias), columns 0..5. */
    private static SettleNetworkRequest.Builder oneLayer(float clipLow, float clipHigh) {
        return SettleNetworkRequest.newBuilder().setDriveVolts(V).setActivation(Activation.ACTIVATION_HARD_SIGMOID).setClipLow(clipLow)
                .setClipHigh(clipHigh).setAdcFullScaleAmperes(RANGE).addLayers(layer(4, 3, K, block(0, 0, 5, 0, 3)));
    }

    private static SettleLayer.Builder layer(int inputs, int units, double k, SettleBlock.Builder... blocks) {
        SettleLayer.Builder l = SettleLayer.newBuilder().setInputs(inputs).setUnits(units).setWeightScale(k);
        for (SettleBlock.Builder b : blocks) {
            l.addBlocks(b);
        }
        return l;
    }

    private static SettleBlock.Builder block(int tile, int firstInput, int inputCount, int firstUnit, int unitCount) {
        return SettleBlock.newBuilder().setTile(tile).setFirstInput(firstInput).setInputCount(inputCount).setFirstUnit(firstUnit)
                .setUnitCount(unitCount);
    }

    private long define(FirmwareHarness on, SettleNetworkRequest.Builder n) {
        return on.ok(on.request().setSettleNetwork(n)).getSettleNetwork().getNetworkId();
    }

    private static final float[] X = {0f, 0.25f, 0.5f, 1f, 1f, 0.75f, 0f, 0.125f};

    private static SettleRequest.Builder free(long id, int iterations) {
        SettleRequest.Builder b = SettleRequest.newBuilder().setNetworkId(id).setBatchSize(2)
                .addPhases(SettlePhase.newBuilder().setIterations(iterations));
        for (float x : X) {
            b.addInputs(x);
        }
        return b;
    }

    private Ledger ledger(FirmwareHarness on) {
        return on.ok(on.ledger(false)).getLedger().getLedger();
    }

    @Test
    void aOneLayerFreePhaseIsTheClippedDifferenceOfAForwardVmmOnTheSameBoard() {
        FirmwareHarness twin = FirmwareHarness.of("profile", "taox-2x64", "seed", "4");
        SettleResponse settled = h.ok(h.request().setSettle(free(define(h, oneLayer(-1, 1)), 3))).getSettle();
        // the host's way on an identical board: one forward VMM on the same range
        VmmRequest.Builder vmm = VmmRequest.newBuilder().setTile(0).setDirection(VmmDirection.VMM_DIRECTION_FORWARD).setVectorCount(2)
                .setInputCount(5).setOutputCount(6).setAdcFullScaleAmperes(RANGE);
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 4; i++) {
                vmm.addVolts(X[s * 4 + i] * V);
            }
            vmm.addVolts(V);
        }
        VmmResponse host = twin.ok(twin.request().setVmm(vmm)).getVmm();
        float scale = (float) (K / V);
        float[] expected = new float[6];
        for (int s = 0; s < 2; s++) {
            for (int u = 0; u < 3; u++) {
                float hsu = scale * (host.getAmperes(s * 6 + 2 * u) - host.getAmperes(s * 6 + 2 * u + 1));
                expected[s * 3 + u] = Math.max(-1f, Math.min(1f, hsu));
            }
        }

        assertThat(settled.getPhasesCount()).isOne();
        assertThat(settled.getPhases(0).getStatesList()).containsExactly(box(expected));
        assertThat(box(expected)).as("states that say something: not all 0, not all clipped").anySatisfy(v -> assertThat(Math.abs(v))
                .isStrictlyBetween(0f, 1f));
        assertThat(settled.getPhases(0).getIterationsRun()).isEqualTo(3);
        assertThat(settled.getVmmVectors()).as("one layer: the input drive alone is converted").isEqualTo(2);
        Ledger a = ledger(h);
        Ledger b = ledger(twin);
        assertThat(a.getVmmVectors()).isEqualTo(b.getVmmVectors());
        assertThat(a.getConversions()).isEqualTo(b.getConversions());
        assertThat(a.getBusySeconds()).isEqualTo(b.getBusySeconds());
    }

    private static Float[] box(float[] v) {
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }

    @Test
    void aToleranceStopsAPhaseAtTheFirstSweepThatChangesNothingAndChangesAreReported() {
        long id = define(h, oneLayer(-1, 1));
        SettleResponse r = h.ok(h.request().setSettle(free(id, 20).setTolerance(1e-6f).setReportChanges(true))).getSettle();

        // one layer settles in one sweep: the second changes nothing
        assertThat(r.getPhases(0).getIterationsRun()).isEqualTo(2);
        assertThat(r.getPhases(0).getChangesList()).hasSize(2);
        assertThat(r.getPhases(0).getChanges(0)).isPositive();
        assertThat(r.getPhases(0).getChanges(1)).isZero();
    }

    @Test
    void aNudgedPhaseStartsFromTheFreeStatesAndSolvesTheOutputsFixedPoint() {
        long id = define(h, oneLayer(-1, 1));
        SettleRequest.Builder r = free(id, 2).addPhases(SettlePhase.newBuilder().setBeta(0.5).setIterations(2));
        for (int i = 0; i < 6; i++) {
            r.addTargets(i % 2);
        }
        SettleResponse out = h.ok(h.request().setSettle(r)).getSettle();

        for (int i = 0; i < 6; i++) {
            float free = out.getPhases(0).getStates(i);
            float b = 0.5f;
            assertThat(out.getPhases(1).getStates(i)).isEqualTo(Math.max(-1f, Math.min(1f, (free + b * (i % 2)) * (1f / (1f + b)))));
        }
    }

    @Test
    void aTwoLayerNetworkAcrossTwoTilesSettlesWithFeedback() {
        SettleNetworkRequest.Builder net = SettleNetworkRequest.newBuilder().setDriveVolts(V).setActivation(Activation.ACTIVATION_HARD_SIGMOID)
                .setClipHigh(1).addLayers(layer(4, 3, K, block(0, 0, 5, 0, 3))).addLayers(layer(3, 2, K, block(1, 0, 4, 0, 2)));
        SettleResponse r = h.ok(h.request().setSettle(free(define(h, net), 5).setReportChanges(true))).getSettle();

        assertThat(r.getPhases(0).getStatesCount()).isEqualTo(2 * (3 + 2));
        assertThat(r.getPhases(0).getStatesList()).allSatisfy(s -> assertThat(s).isBetween(0f, 1f));
        // the drive, then per sweep layer 1's forward VMM and its feedback into layer 0 where that is non-zero, and reconversions
        long again = 2L * r.getAdcReconversions();
        assertThat(r.getVmmVectors()).isBetween(2 + 5 * 2 + again, 2 + 5 * 2 * 2 + again);
    }

    @Test
    void aBoardWithoutTheCapabilityAnswersUnsupported() {
        FirmwareHarness without = FirmwareHarness.of("profile", "taox-2x64", "settle", "off");

        Response define = without.send(without.request().setSettleNetwork(oneLayer(0, 1)));
        Response settle = without.send(without.request().setSettle(free(1, 1)));

        assertThat(define.getStatus()).isEqualTo(Status.STATUS_UNSUPPORTED);
        assertThat(define.getMessage()).contains("Capabilities.settle is false");
        assertThat(settle.getStatus()).isEqualTo(Status.STATUS_UNSUPPORTED);
    }

    @Test
    void theNinthNetworkPushesTheFirstOutAndItsSettlesAreRefusedAsUnknown() {
        long first = define(h, oneLayer(0, 1));
        for (int i = 1; i < SettleNetworks.KEPT; i++) {
            define(h, oneLayer(0, 1));
        }
        assertThat(h.send(h.request().setSettle(free(first, 1))).getStatus()).isEqualTo(Status.STATUS_OK);
        long ninth = define(h, oneLayer(0, 1));

        Response r = h.send(h.request().setSettle(free(first, 1)));
        assertThat(ninth).isEqualTo(first + SettleNetworks.KEPT);
        assertThat(r.getStatus()).isEqualTo(Status.STATUS_FAILED_PRECONDITION);
        assertThat(r.getMessage()).contains("network " + first + " is not defined").contains("define it again");
    }

    @Test
    void blocksThatLeaveAWeightUncoveredAreRefused() {
        Response r = h.send(h.request().setSettleNetwork(SettleNetworkRequest.newBuilder().setDriveVolts(V)
                .setActivation(Activation.ACTIVATION_HARD_SIGMOID).setClipHigh(1).addLayers(layer(4, 3, K, block(0, 0, 4, 0, 3)))));

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).isEqualTo("settle_network: layer 0: its blocks cover 12 of 15 weights (5 inputs with the bias x 3 units)");
    }

    @Test
    void twoBlocksOnOneTileAreRefused() {
        Response r = h.send(h.request().setSettleNetwork(SettleNetworkRequest.newBuilder().setDriveVolts(V)
                .setActivation(Activation.ACTIVATION_HARD_SIGMOID).setClipHigh(1)
                .addLayers(layer(4, 3, K, block(0, 0, 3, 0, 3), block(0, 3, 2, 0, 3)))));

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).contains("tile 0 already holds another block");
    }

    @Test
    void aDriveAboveMaxReadVoltsIsRefusedAtDefinitionAndAnInputAboveItAtTheSettle() {
        Response network = h.send(h.request().setSettleNetwork(oneLayer(0, 10)));
        long id = define(h, oneLayer(0, 1));
        long vectors = ledger(h).getVmmVectors();
        SettleRequest.Builder high = free(id, 1).setInputs(0, 10f);
        Response settle = h.send(h.request().setSettle(high));

        assertThat(network.getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(network.getMessage()).contains("max_read_volts").contains("nothing applied");
        assertThat(settle.getStatus()).isEqualTo(Status.STATUS_OUT_OF_ENVELOPE);
        assertThat(ledger(h).getVmmVectors()).isEqualTo(vectors);
    }

    @Test
    void aBatchWhoseAnswerExceedsTheFrameIsRefusedNamingTheLargestThatFits() {
        // the golden settle_batch_too_large_response: settle_request's 4-3-2 network and three phases, 80,000 samples
        SettleNetworkRequest.Builder net = SettleNetworkRequest.newBuilder().setDriveVolts(V).setActivation(Activation.ACTIVATION_HARD_SIGMOID)
                .setClipHigh(1).addLayers(layer(4, 3, K, block(0, 0, 5, 0, 3))).addLayers(layer(3, 2, K, block(1, 0, 4, 0, 2)));
        long id = define(h, net);
        SettleRequest.Builder r = SettleRequest.newBuilder().setNetworkId(id).setBatchSize(80_000)
                .addPhases(SettlePhase.newBuilder().setIterations(20).setAverageLast(2))
                .addPhases(SettlePhase.newBuilder().setBeta(0.5).setIterations(8).setAverageLast(2))
                .addPhases(SettlePhase.newBuilder().setBeta(-0.5).setIterations(8).setAverageLast(2));
        for (int i = 0; i < 80_000 * 4; i++) {
            r.addInputs(0.5f);
        }
        for (int i = 0; i < 80_000 * 2; i++) {
            r.addTargets(1f);
        }
        long vectors = ledger(h).getVmmVectors();

        Response refused = h.send(h.request().setSettle(r));

        assertThat(refused.getStatus()).isEqualTo(Status.STATUS_RESOURCE_EXHAUSTED);
        assertThat(refused.getMessage()).isEqualTo("settle of 80000 samples needs about 4800352 bytes, above the largest frame of this"
                + " link (4194304 bytes): nothing was run; the largest batch that fits is 69899 samples");
        assertThat(ledger(h).getVmmVectors()).isEqualTo(vectors);
    }

    @Test
    void anAbortThatArrivedFirstStopsTheSettleBeforeItConvertsAnything() {
        long id = define(h, oneLayer(0, 1));
        Request settle = h.request().setSettle(free(id, 50)).build();
        Request abort = h.request().setAbort(AbortRequest.newBuilder().setReason("operator")).build();
        long vectors = ledger(h).getVmmVectors();
        long settleArrival = h.firmware.arrive(settle);
        long abortArrival = h.firmware.arrive(abort);

        Response s = h.connection.handle(settle, settleArrival);
        h.connection.handle(abort, abortArrival);

        assertThat(s.getStatus()).isEqualTo(Status.STATUS_ABORTED);
        assertThat(s.getMessage()).contains("after 0 sweeps").contains("nothing was applied");
        assertThat(ledger(h).getVmmVectors()).isEqualTo(vectors);
        assertThat(h.firmware.state()).isEqualTo(BoardState.BOARD_STATE_SAFE_IDLE);
    }

    @Test
    void inputsOfAnotherLengthThanTheBatchAreRefused() {
        long id = define(h, oneLayer(0, 1));
        Response r = h.send(h.request().setSettle(free(id, 1).setBatchSize(3)));

        assertThat(r.getStatus()).isEqualTo(Status.STATUS_INVALID_ARGUMENT);
        assertThat(r.getMessage()).isEqualTo("settle: 8 inputs for 3 samples of 4 (expected: 12)");
    }
}
