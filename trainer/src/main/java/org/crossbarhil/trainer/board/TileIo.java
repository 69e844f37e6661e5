package org.crossbarhil.trainer.board;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.WriteVerifyResult;
import org.crossbarhil.driver.WriteVerifySpec;

/**
 * Device-level board operations the trainer needs, cut into requests that respect the board's
 * pulses-per-command limit and frame size, and counted.
 */
public final class TileIo {
    /** Devices per pulse / write-verify request: keeps frames well under common frame limits. */
    private static final int MAX_DEVICES_PER_REQUEST = 1024;

    private final CrossbarBoard board;
    private final PulseSettings pulses;
    private final double readVolts;
    private final int maxPulsesPerCommand;
    private final BoardCounters counters;

    public TileIo(CrossbarBoard board, PulseSettings pulses, BoardCounters counters) {
        this.board = board;
        this.pulses = pulses;
        this.counters = counters;
        this.readVolts = board.info().readConfig().readVolts();
        Limits working = board.info().limits().working();
        pulses.check(working);
        this.maxPulsesPerCommand = working.maxPulsesPerCommand();
    }

    public CrossbarBoard board() {
        return board;
    }

    public PulseSettings pulses() {
        return pulses;
    }

    public double readVolts() {
        return readVolts;
    }

    public BoardCounters counters() {
        return counters;
    }

    /** The conductances (siemens) of the top-left rows x cols corner of a tile, row-major. */
    public float[] readCorner(int tile, int rows, int cols) {
        ConductanceMap m = board.readTile(tile);
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) m.get(r, c);
            }
        }
        return out;
    }

    /**
     * {@code count} pulses of SET (positive) or RESET on each device, then one read of each
     * device: the conductance after its pulses, in the order given.
     */
    public float[] pulseThenRead(int tile, int[] rows, int[] cols, boolean set, int count) {
        double volts = set ? pulses.setVolts() : pulses.resetVolts();
        int perPulse = Math.max(1, Math.min(count, maxPulsesPerCommand));
        int devicesPerRequest = Math.max(1, Math.min(MAX_DEVICES_PER_REQUEST, maxPulsesPerCommand / perPulse));
        float[] out = new float[rows.length];
        int remaining = count;
        while (remaining > 0) {
            int n = Math.min(perPulse, remaining);
            for (int from = 0; from < rows.length; from += devicesPerRequest) {
                int to = Math.min(rows.length, from + devicesPerRequest);
                List<DevicePulse> list = new ArrayList<>(to - from);
                for (int d = from; d < to; d++) {
                    list.add(new DevicePulse(rows[d], cols[d], volts, pulses.widthSeconds(), n));
                }
                float[] g = board.pulseAndRead(tile, list, readVolts, false);
                System.arraycopy(g, 0, out, from, to - from);
                counters.probePulses.addAndGet((long) n * (to - from));
            }
            remaining -= n;
        }
        return out;
    }

    /** Pulses a list of single-device pulses (Manhattan updates), in requests within the limits. */
    public long pulse(int tile, List<DevicePulse> list) {
        long applied = 0;
        int per = Math.max(1, Math.min(MAX_DEVICES_PER_REQUEST, maxPulsesPerCommand));
        for (int from = 0; from < list.size(); from += per) {
            applied += board.pulse(tile, list.subList(from, Math.min(list.size(), from + per)));
        }
        return applied;
    }

    /** Write-verify to targets; returns the outcomes in the order of the targets. */
    public List<WriteVerifyResult.Outcome> writeVerify(int tile, List<DeviceTarget> targets, double toleranceSiemens, int maxPulses) {
        List<WriteVerifyResult.Outcome> outcomes = new ArrayList<>(targets.size());
        int per = Math.max(1, Math.min(MAX_DEVICES_PER_REQUEST, Math.max(1, maxPulsesPerCommand / Math.max(1, maxPulses))));
        for (int from = 0; from < targets.size(); from += per) {
            List<DeviceTarget> chunk = targets.subList(from, Math.min(targets.size(), from + per));
            WriteVerifyResult r = board.writeVerify(new WriteVerifySpec(tile, chunk, toleranceSiemens, maxPulses, pulses.setVolts(),
                    pulses.resetVolts(), pulses.widthSeconds(), readVolts));
            outcomes.addAll(r.outcomes());
            counters.writeVerifyPulses.addAndGet(r.devicePulses());
        }
        return outcomes;
    }
}
