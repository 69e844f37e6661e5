package org.crossbarhil.trainer.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.trainer.RecordedNetwork;
import org.crossbarhil.trainer.board.TileSnapshot;
import org.crossbarhil.trainer.runs.EpochRecord;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunStore;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG figures of a recorded run: accuracy and loss curves, a conductance heatmap and histogram per
 * tile (the final maps, or the latest checkpoint of an unfinished run), and, when a refresh
 * changed pairs, the refresh figure: pair common modes before and after, and each pair's weight
 * after against before (refresh must move the common mode and keep the weight).
 */
public final class RunPlots {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    /** A common-mode change larger than this (several read-noise sigmas at mid-window) counts as moved by the refresh. */
    private static final double MOVED_SIEMENS = 2e-6;

    private RunPlots() {
    }

    /** Writes every figure the run has data for into {@code out}; returns the files written. */
    public static List<Path> write(RunStore store, long runId, Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        RunInfo run = store.run(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId + " in " + store.file()));
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        List<EpochRecord> epochs = store.epochs(runId);
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("run " + runId + " has no completed epoch to plot yet");
        }
        written.add(curves(epochs, run, out, true));
        written.add(curves(epochs, run, out, false));
        List<TileSnapshot> maps = store.conductances(runId, "final");
        String which = "final";
        if (maps.isEmpty()) {
            maps = store.conductances(runId, "checkpoint");
            which = "latest checkpoint";
        }
        for (TileSnapshot t : maps) {
            written.add(heatmap(t, runId, which, out));
            written.add(histogram(t, runId, which, out));
        }
        List<TileSnapshot> before = store.conductances(runId, "refresh-before");
        List<TileSnapshot> after = store.conductances(runId, "refresh-after");
        if (!before.isEmpty() && !after.isEmpty() && run.stateJson() != null) {
            written.addAll(refresh(RecordedNetwork.of(run.stateJson()), before, after, runId, out));
        }
        return written;
    }

    private static Path curves(List<EpochRecord> epochs, RunInfo run, Path out, boolean accuracy) throws IOException {
        String what = accuracy ? "accuracy" : "loss";
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("run " + run.id() + ": " + what + " (" + run.dataset() + ", "
                + run.network() + ", " + run.board() + ")").xAxisTitle(run.folds() > 1 ? "epoch (folds in sequence)" : "epoch")
                .yAxisTitle(accuracy ? "accuracy" : "loss (mean ½‖y − s_L‖²)").build();
        double[] x = new double[epochs.size()];
        double[] train = new double[epochs.size()];
        double[] test = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            EpochRecord e = epochs.get(i);
            x[i] = (e.fold() - 1) * run.epochs() + e.epoch();
            train[i] = accuracy ? e.trainAccuracy() : e.trainLoss();
            test[i] = accuracy ? e.testAccuracy() : e.testLoss();
        }
        c.addSeries("train (during the epoch)", x, train).setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("test", x, test).setMarker(SeriesMarkers.DIAMOND);
        Path p = out.resolve("run-" + run.id() + "-" + what + ".png");
        BitmapEncoder.saveBitmap(c, p.toString(), BitmapEncoder.BitmapFormat.PNG);
        return p;
    }

    private static Path heatmap(TileSnapshot t, long runId, String which, Path out) throws IOException {
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(WIDTH).title("run " + runId + ", tile " + t.tile() + ": "
                + which + " conductances (µS)").xAxisTitle("column").yAxisTitle("row").build();
        List<Integer> cols = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < t.cols(); i++) {
            cols.add(i);
        }
        for (int i = 0; i < t.rows(); i++) {
            rows.add(i);
        }
        List<Number[]> data = new ArrayList<>();
        for (int r = 0; r < t.rows(); r++) {
            for (int col = 0; col < t.cols(); col++) {
                data.add(new Number[] {col, r, Math.round(t.get(r, col) * 1e7) / 10.0});
            }
        }
        c.getStyler().setShowValue(false);
        c.getStyler().setPlotContentSize(1.0);
        c.getStyler().setXAxisDecimalPattern("0");
        c.addSeries("G", cols, rows, data);
        Path p = out.resolve("run-" + runId + "-tile-" + t.tile() + "-heatmap.png");
        BitmapEncoder.saveBitmap(c, p.toString(), BitmapEncoder.BitmapFormat.PNG);
        return p;
    }

    private static Path histogram(TileSnapshot t, long runId, String which, Path out) throws IOException {
        List<Double> micro = new ArrayList<>();
        for (float g : t.siemens()) {
            micro.add(g * 1e6);
        }
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("run " + runId + ", tile " + t.tile() + ": " + which
                + " conductance histogram").xAxisTitle("G (µS)").yAxisTitle("devices").build();
        addHistogram(c, "devices", micro, 50);
        Path p = out.resolve("run-" + runId + "-tile-" + t.tile() + "-histogram.png");
        BitmapEncoder.saveBitmap(c, p.toString(), BitmapEncoder.BitmapFormat.PNG);
        return p;
    }

    private static void addHistogram(XYChart c, String name, List<Double> values, int bins) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (max <= min) {
            max = min + 1;
        }
        Histogram h = new Histogram(values, bins, min, max);
        XYSeries s = c.addSeries(name, h.getxAxisData(), h.getyAxisData());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static List<Path> refresh(RecordedNetwork net, List<TileSnapshot> before, List<TileSnapshot> after, long runId, Path out)
            throws IOException {
        List<Path> written = new ArrayList<>();
        XYChart modes = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("run " + runId
                + ": common mode (G⁺ + G⁻)/2 of the pairs the refresh moved").xAxisTitle("(G⁺ + G⁻)/2 (µS)").yAxisTitle("pairs").build();
        List<Double> mb = new ArrayList<>();
        List<Double> ma = new ArrayList<>();
        for (int l = 0; l < net.sizes().length - 1; l++) {
            float[] b = net.commonModes(before, l);
            float[] a = net.commonModes(after, l);
            for (int i = 0; i < b.length; i++) {
                // pairs the refresh left alone differ only by read noise: show the ones it moved
                if (Math.abs(a[i] - b[i]) > MOVED_SIEMENS) {
                    mb.add(b[i] * 1e6);
                    ma.add(a[i] * 1e6);
                }
            }
        }
        if (mb.isEmpty()) {
            mb.add(net.state().window().reference() * 1e6);
            ma.add(net.state().window().reference() * 1e6);
        }
        addHistogram(modes, "before refresh (" + mb.size() + " pairs)", mb, 60);
        addHistogram(modes, "after refresh", ma, 60);
        double ref = net.state().window().reference() * 1e6;
        modes.addSeries("G_ref", new double[] {ref, ref}, new double[] {0, Math.max(1, mb.size() / 10.0)}).setMarker(SeriesMarkers.NONE);
        Path p1 = out.resolve("run-" + runId + "-refresh-common-mode.png");
        BitmapEncoder.saveBitmap(modes, p1.toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(p1);

        XYChart weights = new XYChartBuilder().width(WIDTH).height(WIDTH).title("run " + runId
                + ": each pair's weight after refresh against before").xAxisTitle("weight before refresh").yAxisTitle("weight after refresh")
                .build();
        weights.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        weights.getStyler().setMarkerSize(3);
        List<float[][]> wb = net.weights(before);
        List<float[][]> wa = net.weights(after);
        double lo = 0;
        double hi = 0;
        for (int l = 0; l < wb.size(); l++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int j = 0; j < wb.get(l).length; j++) {
                for (int i = 0; i < wb.get(l)[j].length; i++) {
                    x.add((double) wb.get(l)[j][i]);
                    y.add((double) wa.get(l)[j][i]);
                    lo = Math.min(lo, wb.get(l)[j][i]);
                    hi = Math.max(hi, wb.get(l)[j][i]);
                }
            }
            weights.addSeries("layer " + (l + 1), x, y);
        }
        XYSeries diag = weights.addSeries("unchanged", new double[] {lo, hi}, new double[] {lo, hi});
        diag.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diag.setMarker(SeriesMarkers.NONE);
        Path p2 = out.resolve("run-" + runId + "-refresh-weights.png");
        BitmapEncoder.saveBitmap(weights, p2.toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(p2);
        return written;
    }
}
