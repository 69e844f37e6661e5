package org.crossbarhil.dashboard;

import java.util.List;
import java.util.Set;

/**
 * What a training page shows, as the events it is sent (the kind named on each record). The
 * trainer is not known here: cli turns its progress into these.
 */
public final class TrainingView {
    /** Kinds whose every event a page is sent; the others only as latest. */
    public static final Set<String> HISTORY = Set.of("epoch", "reference", "safety", "stage", "run.epoch", "run.reference", "run.safety",
            "run.stage");

    private TrainingView() {
    }

    /** {@code run}: what is trained where. */
    public record Run(String dataset, String board, String update, int epochsPerFold, String reference, String client) {
    }

    /** {@code stage}: a step outside the epochs. */
    public record Stage(double elapsedSeconds, String message) {
    }

    /** {@code progress}: where the epoch under way stands (throttled). */
    public record Progress(int fold, int folds, int epoch, int epochs, int samplesDone, int samplesTotal, int epochIndex, int epochsTotal,
            long updatePulses, double elapsedSeconds) {
    }

    /** {@code epoch}: one recorded epoch, with per-sample board figures and the time left. */
    public record Epoch(int fold, int epoch, int epochIndex, int epochsTotal, double trainLoss, double trainAccuracy, double testLoss,
            double testAccuracy, long updatePulses, long writeVerifyPulses, int refreshedPairs, double pulsesPerSample,
            double energyJoulesPerSample, double hardwareSecondsPerSample, double wallSeconds, double etaSeconds) {
    }

    /** {@code reference}: one epoch of the float reference run alongside. */
    public record Reference(int fold, int epoch, int epochIndex, double trainAccuracy, double testAccuracy) {
    }

    /** {@code conductances}: heatmaps of every tile, weight histograms per layer, health map. */
    public record Conductances(int fold, int epoch, List<Heatmap> tiles, List<Histogram> weights, List<Heatmap> health, int faultyDevices,
            int devicesProbed) {
        public Conductances {
            tiles = List.copyOf(tiles);
            weights = List.copyOf(weights);
            health = List.copyOf(health);
        }
    }

    /** {@code safety}: a board fault, safe idle or lease change the board reported. */
    public record Safety(double elapsedSeconds, String kind, String message) {
    }

    /** A grid of values, row-major, with its range (for the colour scale). */
    public record Heatmap(String name, int rows, int cols, float min, float max, float[] values) {
        public Heatmap {
            if (values.length != rows * cols) {
                throw new IllegalArgumentException("heatmap " + name + ": " + values.length + " values for " + rows + "x" + cols);
            }
        }

        public static Heatmap of(String name, int rows, int cols, float[] values) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return new Heatmap(name, rows, cols, values.length == 0 ? 0 : min, values.length == 0 ? 0 : max, values.clone());
        }
    }

    /** Counts of values in equal bins over [min, max]. */
    public record Histogram(String name, double min, double max, int[] counts) {
        /** Bins {@code values} into {@code bins} equal bins spanning their range (expected: bins > 0). */
        public static Histogram of(String name, float[] values, int bins) {
            if (bins <= 0) {
                throw new IllegalArgumentException("histogram " + name + ": " + bins + " bins (expected: > 0)");
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            int[] counts = new int[bins];
            if (values.length == 0) {
                return new Histogram(name, 0, 0, counts);
            }
            double width = (max - min) / bins;
            for (float v : values) {
                int i = width == 0 ? 0 : (int) ((v - min) / width);
                counts[Math.min(bins - 1, i)]++;
            }
            return new Histogram(name, min, max, counts);
        }
    }
}
