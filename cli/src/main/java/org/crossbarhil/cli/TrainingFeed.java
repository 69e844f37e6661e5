package org.crossbarhil.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.crossbarhil.dashboard.Feed;
import org.crossbarhil.dashboard.TrainingView;
import org.crossbarhil.driver.BoardEvent;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.trainer.ProgressListener;

/**
 * Turns a run's progress into the dashboard's events ({@link TrainingView})  for its feeds (the
 * local page, a gateway's page, or both), and passes every call on to the terminal's listener.
 * Batch progress is sent at most every 250 ms: a page needs no more, and MNIST has hundreds of
 * batches an epoch.
 */
final class TrainingFeed implements ProgressListener {
    static final int HISTOGRAM_BINS = 40;
    private static final long PROGRESS_EVERY_NANOS = Duration.ofMillis(250).toNanos();

    private final ProgressListener terminal;
    private final List<Feed> feeds;
    private final int epochsPerFold;
    private final long t0 = System.nanoTime();
    private long lastProgress = Long.MIN_VALUE;

    TrainingFeed(ProgressListener terminal, List<Feed> feeds, TrainingView.Run run, int epochsPerFold) {
        this.terminal = terminal;
        this.feeds = List.copyOf(feeds);
        this.epochsPerFold = epochsPerFold;
        publish("run", run);
    }

    private void publish(String kind, Object data) {
        for (Feed f : feeds) {
            f.publish(kind, data);
        }
    }

    private double elapsed() {
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public void stage(String message) {
        terminal.stage(message);
        publish("stage", new TrainingView.Stage(elapsed(), message));
    }

    @Override
    public void boardOpened(CrossbarBoard board) {
        terminal.boardOpened(board);
        // faults, safe idle, limits and lease changes: what an operator watching the run must see
        board.subscribe(this::boardEvent, null);
    }

    void boardEvent(BoardEvent e) {
        if (e.kind() == BoardEvent.Kind.TELEMETRY) {
            return;
        }
        String message = e.message() == null ? "" : e.message();
        if (e.kind() == BoardEvent.Kind.LIMITS_CHANGED && e.workingLimits() != null) {
            message = (message.isEmpty() ? "" : message + "; ") + "working limits " + e.workingLimits();
        }
        publish("safety", new TrainingView.Safety(elapsed(), e.kind().name(), message));
    }

    @Override
    public void batch(EpochProgress p) {
        terminal.batch(p);
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_EVERY_NANOS || p.samplesDone() == p.samplesTotal()) {
            lastProgress = now;
            publish("progress", new TrainingView.Progress(p.fold(), p.folds(), p.epoch(), p.epochs(), p.samplesDone(), p.samplesTotal(),
                    p.epochIndex(), p.epochsTotal(), p.updatePulses(), p.elapsedSeconds()));
        }
    }

    @Override
    public void epoch(EpochReport r) {
        terminal.epoch(r);
        double n = Math.max(1, r.samples());
        publish("epoch", new TrainingView.Epoch(r.fold(), r.epoch(), r.epochIndex(), r.epochsTotal(), r.trainLoss(), r.trainAccuracy(),
                r.testLoss(), r.testAccuracy(), r.updatePulses(), r.writeVerifyPulses(), r.refreshedPairs(), r.updatePulses() / n,
                r.energyJoules() / n, r.hardwareSeconds() / n, r.wallSeconds(), r.etaSeconds()));
    }

    @Override
    public void referenceEpoch(int fold, int epoch, double trainAccuracy, double testAccuracy) {
        terminal.referenceEpoch(fold, epoch, trainAccuracy, testAccuracy);
        publish("reference", new TrainingView.Reference(fold, epoch, (fold - 1) * epochsPerFold + epoch - 1, trainAccuracy,
                testAccuracy));
    }

    @Override
    public void conductances(ConductanceReport report) {
        terminal.conductances(report);
        publish("conductances", view(report));
    }

    /** Heatmaps per block (tile), a weight histogram per layer, and the health map of the devices in use. */
    static TrainingView.Conductances view(ConductanceReport report) {
        List<TrainingView.Heatmap> tiles = new ArrayList<>();
        List<TrainingView.Heatmap> health = new ArrayList<>();
        Map<Integer, List<float[]>> weightsByLayer = new TreeMap<>();
        int faulty = 0;
        for (BlockConductances b : report.blocks()) {
            String name = "tile " + b.block().tile() + " (layer " + (b.block().layer() + 1) + ")";
            int rows = b.snapshot().rows();
            int cols = b.snapshot().cols();
            tiles.add(TrainingView.Heatmap.of(name, rows, cols, b.snapshot().siemens()));
            float[] stuck = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    if (report.faulty(b, r, c)) {
                        stuck[r * cols + c] = 1;
                        faulty++;
                    }
                }
            }
            health.add(new TrainingView.Heatmap(name, rows, cols, 0, 1, stuck));
            weightsByLayer.computeIfAbsent(b.block().layer(), l -> new ArrayList<>()).add(b.weights());
        }
        List<TrainingView.Histogram> weights = new ArrayList<>();
        weightsByLayer.forEach((layer, parts) -> {
            int n = parts.stream().mapToInt(p -> p.length).sum();
            float[] all = new float[n];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            weights.add(TrainingView.Histogram.of("layer " + (layer + 1), all, HISTOGRAM_BINS));
        });
        return new TrainingView.Conductances(report.fold(), report.epoch(), tiles, weights, health, faulty, report.state().devicesProbed());
    }
}
