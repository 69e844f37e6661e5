package org.crossbarhil.trainer.board;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossbarhil.driver.DeviceTarget;

/**
 * Measures the devices instead of assuming them: a sample of devices is RESET and SET to
 * saturation (the window), then brought to the reference conductance by write-verify and given a
 * few SET and a few RESET pulses (the step at the reference). Devices that barely move are left
 * out of the statistics (the health map deals with them). The sampled devices are reprogrammed
 * afterwards by the initialisation, so calibration leaves no trace in the weights.
 */
public final class Calibration {
    /** Pulses that saturate a soft-bounds device from anywhere (about 100-200 pulses span the range). */
    static final int SATURATING_PULSES = 600;
    static final int STEP_PULSES = 8;

    private Calibration() {
    }

    /**
     * @param blocks           the network's blocks; devices are sampled in those of the first 8
     * @param referenceFraction where G_ref sits in the window: 0 = low edge, 1 = high edge
     */
    public static DeviceWindow measure(TileIo io, List<Block> blocks, int devicesPerTile, double referenceFraction) {
        List<Float> lows = new ArrayList<>();
        List<Float> highs = new ArrayList<>();
        List<int[]> sample = new ArrayList<>();
        long before = io.counters().probePulses.get() + io.counters().writeVerifyPulses.get();
        int tilesSampled = 0;
        for (Block b : blocks) {
            if (tilesSampled++ >= 8) {
                break;
            }
            int n = Math.min(devicesPerTile, b.rows() * b.cols());
            int[] rows = new int[n];
            int[] cols = new int[n];
            for (int d = 0; d < n; d++) {
                // spread over the block: a stride coprime with the block size visits rows and columns evenly
                long idx = (long) d * (b.rows() * b.cols()) / n;
                rows[d] = (int) (idx / b.cols());
                cols[d] = (int) (idx % b.cols());
            }
            float[] low = io.pulseThenRead(b.tile(), rows, cols, false, SATURATING_PULSES);
            float[] high = io.pulseThenRead(b.tile(), rows, cols, true, SATURATING_PULSES);
            for (int d = 0; d < n; d++) {
                lows.add(low[d]);
                highs.add(high[d]);
                sample.add(new int[] {b.tile(), rows[d], cols[d], Float.floatToIntBits(low[d]), Float.floatToIntBits(high[d])});
            }
        }
        double medianSpan = median(spans(lows, highs));
        List<Float> okLows = new ArrayList<>();
        List<Float> okHighs = new ArrayList<>();
        List<int[]> ok = new ArrayList<>();
        for (int i = 0; i < lows.size(); i++) {
            if (highs.get(i) - lows.get(i) > 0.25 * medianSpan) {
                okLows.add(lows.get(i));
                okHighs.add(highs.get(i));
                ok.add(sample.get(i));
            }
        }
        if (ok.size() < 4) {
            throw new IllegalStateException("calibration: only " + ok.size() + " of " + lows.size()
                    + " sampled devices respond to pulses; check the pulse settings and that the array is formed");
        }
        double low = percentile(okLows, 0.9);
        double high = percentile(okHighs, 0.1);
        double reference = low + referenceFraction * (high - low);
        double[] steps = steps(io, ok, reference, high - low);
        long pulses = io.counters().probePulses.get() + io.counters().writeVerifyPulses.get() - before;
        return new DeviceWindow(low, high, median(okLows), median(okHighs), reference, steps[0], steps[1], ok.size(), pulses);
    }

    /** Mean conductance change of one SET and of one RESET pulse, starting at the reference. */
    private static double[] steps(TileIo io, List<int[]> devices, double reference, double span) {
        double set = 0;
        double reset = 0;
        int counted = 0;
        for (int tile : devices.stream().mapToInt(d -> d[0]).distinct().toArray()) {
            List<int[]> mine = devices.stream().filter(d -> d[0] == tile).toList();
            int[] rows = mine.stream().mapToInt(d -> d[1]).toArray();
            int[] cols = mine.stream().mapToInt(d -> d[2]).toArray();
            List<DeviceTarget> targets = new ArrayList<>();
            for (int d = 0; d < rows.length; d++) {
                targets.add(new DeviceTarget(rows[d], cols[d], reference));
            }
            var beforeSet = io.writeVerify(tile, targets, span * 0.005, 200);
            float[] afterSet = io.pulseThenRead(tile, rows, cols, true, STEP_PULSES);
            var beforeReset = io.writeVerify(tile, targets, span * 0.005, 200);
            float[] afterReset = io.pulseThenRead(tile, rows, cols, false, STEP_PULSES);
            for (int d = 0; d < rows.length; d++) {
                set += (afterSet[d] - beforeSet.get(d).finalSiemens()) / STEP_PULSES;
                reset += (beforeReset.get(d).finalSiemens() - afterReset[d]) / STEP_PULSES;
                counted++;
            }
        }
        if (!(set > 0) || !(reset > 0)) {
            throw new IllegalStateException("calibration: SET or RESET pulses did not move the devices (mean steps " + set / counted
                    + " S, " + reset / counted + " S)");
        }
        return new double[] {set / counted, reset / counted};
    }

    private static List<Float> spans(List<Float> lows, List<Float> highs) {
        List<Float> s = new ArrayList<>();
        for (int i = 0; i < lows.size(); i++) {
            s.add(highs.get(i) - lows.get(i));
        }
        return s;
    }

    static double median(List<Float> v) {
        return percentile(v, 0.5);
    }

    static double percentile(List<Float> v, double q) {
        float[] a = new float[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        Arrays.sort(a);
        return a[(int) Math.min(a.length - 1, Math.round(q * (a.length - 1)))];
    }
}
