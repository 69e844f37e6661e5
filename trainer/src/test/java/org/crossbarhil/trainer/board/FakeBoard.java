package org.crossbarhil.trainer.board;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.crossbarhil.driver.ArrayType;
import org.crossbarhil.driver.BoardEventListener;
import org.crossbarhil.driver.BoardIdentity;
import org.crossbarhil.driver.BoardInfo;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardState;
import org.crossbarhil.driver.Capabilities;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.Converters;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.Geometry;
import org.crossbarhil.driver.Heartbeat;
import org.crossbarhil.driver.LeaseAction;
import org.crossbarhil.driver.LeaseInfo;
import org.crossbarhil.driver.Ledger;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.LimitsPair;
import org.crossbarhil.driver.LinkStats;
import org.crossbarhil.driver.OuterProductResult;
import org.crossbarhil.driver.OuterProductSpec;
import org.crossbarhil.driver.RampResult;
import org.crossbarhil.driver.RampSpec;
import org.crossbarhil.driver.ReadConfig;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.VmmDirection;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.driver.WriteVerifyResult;
import org.crossbarhil.driver.WriteVerifySpec;
import org.crossbarhil.protocol.FrameBudget;

/**
 * A small in-memory board for the trainer's unit tests: soft-bounds devices between 1 and 100 µS,
 * optional stuck devices and read noise, ideal converters, and the operations the trainer uses.
 * It is not the simulator (which the trainer must not see at compile time); the end-to-end test
 * runs against {@code sim:}.
 */
public final class FakeBoard implements CrossbarBoard {
    static final double G_MIN = 1e-6;
    static final double G_MAX = 100e-6;
    static final double STEP = 0.02;
    static final double READ_VOLTS = 0.2;

    private final Geometry geometry;
    private final double[][] g;
    private final boolean[][] stuck;
    private final BitSet[] masks;
    private final Random random;
    private final double readNoise;
    private final Capabilities caps;
    private final AtomicLong pulses = new AtomicLong();
    private final AtomicLong wvPulses = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong vmmVectors = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong outerProducts = new AtomicLong();
    private final Map<Integer, Integer> maskCalls = new HashMap<>();
    private boolean closed;
    private volatile String linkCut;

    public FakeBoard(int tiles, int rows, int cols, long seed, double stuckFraction, double readNoise, boolean parallelUpdate,
            boolean updateMask) {
        geometry = new Geometry(tiles, rows, cols);
        random = new Random(seed);
        this.readNoise = readNoise;
        g = new double[tiles][rows * cols];
        stuck = new boolean[tiles][rows * cols];
        masks = new BitSet[tiles];
        for (int t = 0; t < tiles; t++) {
            masks[t] = new BitSet();
            for (int d = 0; d < rows * cols; d++) {
                g[t][d] = G_MIN + random.nextDouble() * (G_MAX - G_MIN);
                if (random.nextDouble() < stuckFraction) {
                    stuck[t][d] = true;
                    g[t][d] = random.nextBoolean() ? G_MIN : G_MAX;
                }
            }
        }
        caps = new Capabilities(ArrayType.ONE_T_ONE_R, parallelUpdate, true, false, true, updateMask, false, true, false);
    }

    /** From now on every VMM fails as a dead link does (the trainer's next batch meets it). */
    public void cutLink(String message) {
        linkCut = message;
    }

    public static FakeBoard ideal(int tiles, int rows, int cols) {
        return new FakeBoard(tiles, rows, cols, 1, 0, 0, true, true);
    }

    public boolean isStuck(int tile, int row, int col) {
        return stuck[tile][row * geometry.cols() + col];
    }

    public double conductance(int tile, int row, int col) {
        return g[tile][row * geometry.cols() + col];
    }

    public void setConductance(int tile, int row, int col, double siemens) {
        g[tile][row * geometry.cols() + col] = siemens;
    }

    public long outerProductRequests() {
        return outerProducts.get();
    }

    public BitSet mask(int tile) {
        return (BitSet) masks[tile].clone();
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public BoardInfo info() {
        Limits hard = new Limits(2.0, 0.5, 0.7, 1e-9, 1e-3, 1_000_000, 1e-3, 0.1, 0);
        return new BoardInfo("0.1", new BoardIdentity("test", "fake", "0", "0"), geometry,
                new Converters(8, READ_VOLTS, 10, List.of(1e-5, 1e-4, 1e-3, 1e-2), 8), caps, new LimitsPair(hard, hard),
                new ReadConfig(READ_VOLTS, 1e-6, 1e-3, 1), BoardState.READY, "", null, 1 << 20, Duration.ofMinutes(1),
                Duration.ofSeconds(5));
    }

    @Override
    public String uri() {
        return "fake:";
    }

    @Override
    public int maxVmmVectors(int inputCount, int outputCount) {
        return FrameBudget.vectorsPerFrame(info().maxFrameBytes(), Math.max(inputCount, outputCount));
    }

    @Override
    public CompletableFuture<BoardInfo> refreshInfoAsync() {
        return CompletableFuture.completedFuture(info());
    }

    @Override
    public CompletableFuture<ReadConfig> configureAsync(ReadConfig changes) {
        return CompletableFuture.completedFuture(info().readConfig());
    }

    private synchronized double read(int tile, int d) {
        reads.incrementAndGet();
        return g[tile][d] * (1 + readNoise * random.nextGaussian());
    }

    @Override
    public synchronized CompletableFuture<ConductanceMap> readAsync(ReadSpec spec) {
        requests.incrementAndGet();
        int cols = geometry.cols();
        int rows = spec.rowCount() == 0 ? geometry.rows() - spec.row() : spec.rowCount();
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) read(spec.tile(), (spec.row() + r) * cols + c);
            }
        }
        return CompletableFuture.completedFuture(new ConductanceMap(spec.tile(), spec.row(), 0, rows, cols, out));
    }

    @Override
    public ConductanceMap readTile(int tile) {
        return read(ReadSpec.rows(tile, 0, 0));
    }

    @Override
    public synchronized CompletableFuture<VmmResult> vmmAsync(VmmSpec s) {
        if (linkCut != null) {
            return CompletableFuture.failedFuture(new BoardLinkException(linkCut));
        }
        requests.incrementAndGet();
        int cols = geometry.cols();
        boolean fwd = s.direction() == VmmDirection.FORWARD;
        int sensedTotal = fwd ? cols : geometry.rows();
        int outCount = s.outputCount() == 0 ? sensedTotal - s.outputOffset() : s.outputCount();
        float[] out = new float[s.vectorCount() * outCount];
        for (int v = 0; v < s.vectorCount(); v++) {
            vmmVectors.incrementAndGet();
            for (int o = 0; o < outCount; o++) {
                double acc = 0;
                for (int i = 0; i < s.inputCount(); i++) {
                    double volts = s.volts()[v * s.inputCount() + i];
                    if (volts == 0) {
                        continue;
                    }
                    int row = fwd ? s.inputOffset() + i : s.outputOffset() + o;
                    int col = fwd ? s.outputOffset() + o : s.inputOffset() + i;
                    double gg = g[s.tile()][row * cols + col];
                    acc += gg * volts * (1 + readNoise * random.nextGaussian());
                }
                out[v * outCount + o] = (float) acc;
            }
        }
        return CompletableFuture.completedFuture(new VmmResult(s.vectorCount(), outCount, out, 0, s.adcFullScaleAmperes()));
    }

    private void apply(int tile, int d, double volts) {
        if (stuck[tile][d]) {
            return;
        }
        pulses.incrementAndGet();
        double x = g[tile][d];
        x += volts > 0 ? STEP * (G_MAX - x) : -STEP * 1.3 * (x - G_MIN);
        g[tile][d] = Math.max(G_MIN, Math.min(G_MAX, x));
    }

    @Override
    public synchronized CompletableFuture<Long> pulseAsync(int tile, List<DevicePulse> list) {
        requests.incrementAndGet();
        long n = 0;
        for (DevicePulse p : list) {
            for (int k = 0; k < p.count(); k++) {
                apply(tile, p.row() * geometry.cols() + p.col(), p.volts());
                n++;
            }
        }
        return CompletableFuture.completedFuture(n);
    }

    @Override
    public synchronized CompletableFuture<float[]> pulseAndReadAsync(int tile, List<DevicePulse> list, double readVolts, boolean each) {
        pulseAsync(tile, list);
        float[] out = new float[list.size()];
        for (int i = 0; i < list.size(); i++) {
            out[i] = (float) read(tile, list.get(i).row() * geometry.cols() + list.get(i).col());
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<OuterProductResult> outerProductUpdateAsync(OuterProductSpec s) {
        if (!caps.parallelOuterProductUpdate()) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no parallel update"));
        }
        requests.incrementAndGet();
        outerProducts.incrementAndGet();
        int cols = geometry.cols();
        long coincidences = 0;
        for (int slot = 0; slot < s.pulseTrainLength(); slot++) {
            boolean[] rowFires = new boolean[s.rowValues().length];
            for (int i = 0; i < rowFires.length; i++) {
                rowFires[i] = random.nextDouble() < Math.abs(s.rowValues()[i]);
            }
            for (int j = 0; j < s.colValues().length; j++) {
                if (!(random.nextDouble() < Math.abs(s.colValues()[j]))) {
                    continue;
                }
                for (int i = 0; i < rowFires.length; i++) {
                    if (!rowFires[i]) {
                        continue;
                    }
                    int d = (s.rowOffset() + i) * cols + s.colOffset() + j;
                    if (masks[s.tile()].get(d)) {
                        continue;
                    }
                    double sign = Math.signum(s.rowValues()[i]) * Math.signum(s.colValues()[j]);
                    apply(s.tile(), d, sign > 0 ? s.setVolts() : s.resetVolts());
                    coincidences++;
                }
            }
        }
        return CompletableFuture.completedFuture(new OuterProductResult(coincidences, 0, s.pulseTrainLength()));
    }

    @Override
    public synchronized CompletableFuture<WriteVerifyResult> writeVerifyAsync(WriteVerifySpec s) {
        requests.incrementAndGet();
        List<WriteVerifyResult.Outcome> outcomes = new ArrayList<>();
        long total = 0;
        for (DeviceTarget t : s.targets()) {
            int d = t.row() * geometry.cols() + t.col();
            int n = 0;
            double now = read(s.tile(), d);
            while (Math.abs(now - t.targetSiemens()) > s.toleranceSiemens() && n < s.maxPulses()) {
                if (!stuck[s.tile()][d]) {
                    // a fine-step programming pulse: a quarter of the training step
                    double x = g[s.tile()][d];
                    double delta = now < t.targetSiemens() ? 0.25 * STEP * (G_MAX - x) : -0.25 * STEP * 1.3 * (x - G_MIN);
                    g[s.tile()][d] = Math.max(G_MIN, Math.min(G_MAX, x + delta));
                }
                n++;
                now = read(s.tile(), d);
            }
            total += n;
            outcomes.add(new WriteVerifyResult.Outcome(t.row(), t.col(), now, n, Math.abs(now - t.targetSiemens()) <= s.toleranceSiemens()));
        }
        pulses.addAndGet(total);
        wvPulses.addAndGet(total);
        return CompletableFuture.completedFuture(new WriteVerifyResult(outcomes, total));
    }

    @Override
    public CompletableFuture<RampResult> rampAsync(RampSpec spec) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("ramp"));
    }

    @Override
    public CompletableFuture<LimitsPair> limitsAsync() {
        return CompletableFuture.completedFuture(info().limits());
    }

    @Override
    public CompletableFuture<LimitsPair> setWorkingLimitsAsync(Limits working) {
        return CompletableFuture.completedFuture(info().limits());
    }

    @Override
    public CompletableFuture<Boolean> abortAsync(String reason) {
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Void> safeIdleAsync() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Heartbeat> heartbeatAsync() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("heartbeat"));
    }

    @Override
    public synchronized CompletableFuture<Ledger> ledgerAsync(boolean reset) {
        double e = pulses.get() * 1e-12 + reads.get() * 1e-15 + vmmVectors.get() * 1e-13;
        Ledger l = new Ledger(reads.get() * 1e-15, pulses.get() * 1e-12, 0, vmmVectors.get() * 1e-13, e,
                requests.get() * 1e-6, pulses.get(), 0, reads.get(), vmmVectors.get(), vmmVectors.get(), wvPulses.get(), requests.get(), 0);
        return CompletableFuture.completedFuture(l);
    }

    @Override
    public CompletableFuture<LeaseInfo> leaseAsync(LeaseAction action, Duration duration) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("lease"));
    }

    @Override
    public synchronized CompletableFuture<Integer> setUpdateMaskAsync(int tile, BitSet mask) {
        masks[tile] = (BitSet) mask.clone();
        maskCalls.merge(tile, 1, Integer::sum);
        return CompletableFuture.completedFuture(mask.cardinality());
    }

    @Override
    public void subscribe(BoardEventListener listener, Duration telemetryInterval) {
    }

    @Override
    public LinkStats linkStats() {
        return new LinkStats(requests.get(), 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
        closed = true;
    }
}
