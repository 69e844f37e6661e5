package org.crossbarhil.trainer;

import java.util.List;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.trainer.board.Block;
import org.crossbarhil.trainer.board.NetworkState;
import org.crossbarhil.trainer.board.TileSnapshot;
import org.crossbarhil.trainer.board.WeightMapping;

/**
 * Progress of a run, for progress bars, logs and live dashboards. Called on the training thread;
 * keep it quick. Every method has an empty default, so a listener takes only what it shows.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    /** A step outside the epochs: "calibrating devices", "probing device health", "float reference", ... */
    default void stage(String message) {
    }

    /**
     * The board the run opened, before any work on it: a listener may subscribe to its events
     * (fault, safe idle) to show them; it must not drive the board, which belongs to the run.
     */
    default void boardOpened(CrossbarBoard board) {
    }

    /** Samples done in the current epoch (after each batch). */
    default void batch(EpochProgress progress) {
    }

    /** An epoch finished and was recorded. */
    default void epoch(EpochReport report) {
    }

    /**
     * An epoch of the float reference that runs alongside a board run finished (1-based
     * {@code epoch} within its fold). Not recorded epoch by epoch; only its final result is.
     */
    default void referenceEpoch(int fold, int epoch, double trainAccuracy, double testAccuracy) {
    }

    /**
     * The conductances the run measured anyway (the initial programming, {@code epoch} 0, and
     * each epoch's checkpoint), with the health map and weight mappings of the network: no extra
     * board reads are made for listeners.
     */
    default void conductances(ConductanceReport report) {
    }

    /** Where training stands within a run. {@code epochIndex} counts from 0 over all folds. */
    record EpochProgress(int fold, int folds, int epoch, int epochs, int samplesDone, int samplesTotal, int epochIndex, int epochsTotal,
            long updatePulses, double elapsedSeconds) {
    }

    /**
     * One recorded epoch (1-based {@code epoch} within its fold).
     *
     * @param energyJoules    board ledger energy of the epoch (0 for a float epoch)
     * @param hardwareSeconds modelled board busy time of the epoch
     * @param samples         training samples of the epoch, to turn the two above into per-sample figures
     */
    record EpochReport(int fold, int folds, int epoch, int epochs, int epochIndex, int epochsTotal, double trainLoss, double trainAccuracy,
            double testLoss, double testAccuracy, long updatePulses, long writeVerifyPulses, int refreshedPairs, double wallSeconds,
            double etaSeconds, double energyJoules, double hardwareSeconds, int samples) {
    }

    /**
     * Measured conductances of every block of the network after {@code epoch} (0: as initially
     * programmed) of {@code fold} (1-based).
     */
    record ConductanceReport(int fold, int epoch, List<BlockConductances> blocks, NetworkState state) {
        public ConductanceReport {
            blocks = List.copyOf(blocks);
        }

        /** Whether the health probe found this device of a block stuck (block-local row and column). */
        public boolean faulty(BlockConductances b, int row, int col) {
            var bits = state.faulty().get(b.block().tile());
            return bits != null && bits.get(row * state.tileCols() + col);
        }
    }

    /** One block's measured conductances, and the mapping that turns its pairs into weights. */
    record BlockConductances(Block block, TileSnapshot snapshot, WeightMapping mapping) {
        /** The block's weights, row-major: one per input row and output unit, w = k · (G⁺ − G⁻). */
        public float[] weights() {
            int units = block.unitCount();
            float[] w = new float[block.rows() * units];
            for (int r = 0; r < block.rows(); r++) {
                for (int u = 0; u < units; u++) {
                    w[r * units + u] = (float) mapping.weight(snapshot.get(r, 2 * u), snapshot.get(r, 2 * u + 1));
                }
            }
            return w;
        }
    }
}
