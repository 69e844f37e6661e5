package org.crossbarhil.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DefinedNetwork;
import org.crossbarhil.driver.Region;
import org.crossbarhil.driver.SettleBlock;
import org.crossbarhil.driver.SettleLayer;
import org.crossbarhil.driver.SettleNetwork;
import org.crossbarhil.driver.SettlePhase;
import org.crossbarhil.driver.SettleResult;
import org.crossbarhil.driver.SettleSpec;
import org.crossbarhil.driver.VmmDirection;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.protocol.FrameBudget;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.Activation;
import org.crossbarhil.protocol.v1.LedgerRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SettleBlock.Builder;
import org.crossbarhil.protocol.v1.SettleNetworkRequest;
import org.crossbarhil.protocol.v1.SettleRequest;
import org.crossbarhil.protocol.v1.Status;

/**
 * Board-side settling (docs/protocol.md section 3.5) agrees with the VMMs a host would iterate,
 * refuses a batch too large for a frame naming the largest that fits, and refuses drives beyond
 * max_read_volts; all before anything runs. One layer on the corner of the sample's tile where
 * settle blocks start, row 0, column 0 (read voltages only, whatever the write region). Skipped,
 * with the reason, on a board without {@code Capabilities.settle}.
 */
final class SettleChecks {
    /** Rows (inputs and the bias row) and columns (pairs) of the layer the checks settle. */
    static final int MAX_LINES = 16;
    static final int SAMPLES = 4;
    static final double BETA = 0.5;

    private SettleChecks() {
    }

    static List<Check> all() {
        return List.of(
                Check.readOnly("settle-matches-host-vmms", SettleChecks::matchesHostVmms),
                Check.readOnly("settle-refuses-too-large-batch", SettleChecks::refusesTooLargeBatch),
                Check.readOnly("settle-out-of-envelope-refused", SettleChecks::refusesOutOfEnvelope));
    }

    /** The block the layer sits on: rows 0..n-1 (the last the bias), pair columns 0..2u-1. */
    static Region block(SuiteContext ctx) {
        if (!ctx.info().capabilities().settle()) {
            throw Verdict.skip("the board does not settle networks itself (Capabilities.settle is false)");
        }
        // a settle only drives read voltages, so it may use the corner of the sample's tile outside the write region
        int rows = Math.min(ctx.info().geometry().rows(), MAX_LINES);
        int cols = Math.min(ctx.info().geometry().cols(), MAX_LINES) & ~1;
        if (rows < 2 || cols < 2) {
            throw Verdict.skip("tiles of " + rows + " x " + cols + " are too small for one input, a bias row and one pair");
        }
        return new Region(ctx.sample().tile(), 0, rows - 1, 0, cols - 1);
    }

    /** Activity 1 as a voltage: the read voltage, within the DAC and max_read_volts, on the DAC grid. */
    static float driveVolts(SuiteContext ctx) {
        VmmChecks.Periphery conv = VmmChecks.Periphery.of(ctx.info());
        float v = conv.quantise(conv.maxInputVolts());
        Verdict.require(v > 0, "no usable drive voltage: DAC step " + conv.dacLsbVolts() + " V, max input " + conv.maxInputVolts() + " V");
        return v;
    }

    static SettleNetwork network(Region b, float v, double k, float clip) {
        SettleLayer layer = new SettleLayer(b.rows() - 1, b.cols() / 2, k, List.of(new SettleBlock(b.tile(), 0, b.rows(), 0, b.cols() / 2)));
        return new SettleNetwork(List.of(layer), v, -clip, clip, 0);
    }

    /**
     * A free and a nudged phase of random inputs, against the same inputs' forward VMM on the
     * host: h = (k/V)·(I⁺ − I⁻), then ρ((h + βy)/(1 + β)) for the nudged phase. k is chosen from
     * the conductances read so that |h| stays near 0.5, inside the clip range [−1, 1]. Tolerance:
     * two VMMs' noise on each device of the pair (VmmChecks), on the largest ADC range the
     * board's auto-range starts from.
     */
    static String matchesHostVmms(SuiteContext ctx) {
        Region b = block(ctx);
        Noise noise = ctx.noise();
        VmmChecks.Periphery conv = VmmChecks.Periphery.of(ctx.info());
        float v = driveVolts(ctx);
        double[][] g = VmmChecks.matrix(ctx.readAveraged(b, ReadChecks.REPEATS), b.rows(), b.cols());
        int inputs = b.rows() - 1;
        int units = b.cols() / 2;
        Random rnd = new Random(21);
        float[] x = new float[SAMPLES * inputs];
        float[][] volts = new float[SAMPLES][b.rows()];
        for (int s = 0; s < SAMPLES; s++) {
            for (int i = 0; i < inputs; i++) {
                // on the DAC grid, so that host and board drive exactly the same voltages
                float q = conv.quantise(v * rnd.nextDouble());
                x[s * inputs + i] = q / v;
                volts[s][i] = x[s * inputs + i] * v;
            }
            volts[s][inputs] = v;
        }
        double[][] predicted = VmmChecks.predict(g, volts, VmmDirection.FORWARD);
        double peak = 0;
        for (double[] row : predicted) {
            for (int u = 0; u < units; u++) {
                peak = Math.max(peak, Math.abs(row[2 * u] - row[2 * u + 1]));
            }
        }
        Verdict.require(peak > 0, "the pairs of " + b + " read as perfectly balanced: nothing to settle");
        double k = 0.5 * v / peak;
        float[] y = new float[SAMPLES * units];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextBoolean() ? 1f : 0f;
        }
        CrossbarBoard board = ctx.board();
        DefinedNetwork net = board.defineSettleNetwork(network(b, v, k, 1f));
        List<SettlePhase> phases = List.of(SettlePhase.free(3, 1), SettlePhase.nudged(BETA, 2, 1));
        SettleResult r = board.settle(new SettleSpec(net, SAMPLES, x, y, phases, 0f, true, 0));
        Verdict.require(r.phases().size() == 2 && r.phases().get(0).iterationsRun() == 3 && r.phases().get(1).iterationsRun() == 2,
                "asked for 3 free and 2 nudged sweeps, ran " + r.phases().stream().map(p -> String.valueOf(p.iterationsRun())).toList());
        Verdict.require(r.phases().get(0).changes().length == 3, "asked for per-sweep changes, got " + r.phases().get(0).changes().length
                + " for 3 sweeps");
        double range = conv.largestRange();
        VmmResult host = board.vmm(VmmChecks.spec(b, VmmDirection.FORWARD, volts, range));
        double[][] tol = VmmChecks.tolerance(g, volts, VmmDirection.FORWARD, noise, conv, range, VmmChecks.SAME_INPUT_SYSTEMATIC, 2, 0);
        float scale = (float) (k / v);
        double worst = 0;
        String where = "";
        for (int p = 0; p < 2; p++) {
            float[][] s = r.phases().get(p).states(0, SAMPLES);
            for (int n = 0; n < SAMPLES; n++) {
                for (int u = 0; u < units; u++) {
                    double h = scale * (host.get(n, 2 * u) - host.get(n, 2 * u + 1));
                    double t = scale * (tol[n][2 * u] + tol[n][2 * u + 1]);
                    if (p == 1) {
                        h = (h + BETA * y[n * units + u]) / (1 + BETA);
                        t /= 1 + BETA;
                    }
                    double expected = Math.max(-1, Math.min(1, h));
                    double ratio = Math.abs(s[n][u] - expected) / t;
                    if (!(ratio <= worst)) {
                        worst = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
                        where = String.format(Locale.ROOT, "%s phase, sample %d, unit %d: settled %.4g, host VMMs give %.4g "
                                + "(tolerance %.3g)", p == 0 ? "free" : "nudged", n, u, s[n][u], expected, t);
                    }
                }
            }
        }
        Verdict.require(worst <= 1, where);
        return String.format(Locale.ROOT, "%d samples of a %d-%d layer on %s, free and nudged (beta %.1f): largest difference from the "
                + "host's VMMs %.2f of the tolerance", SAMPLES, inputs, units, b, BETA, worst);
    }

    /**
     * A settle whose answer cannot fit the host's frame: eight phases of the widest layer from one
     * input, so that the request stays small. Refused RESOURCE_EXHAUSTED naming the largest batch
     * (below the refused one), no VMM converted; one sample then settles.
     */
    static String refusesTooLargeBatch(SuiteContext ctx) throws IOException {
        Region b = block(ctx);
        float v = driveVolts(ctx);
        try (RawSession s = ctx.rawSession(true)) {
            int announced = s.handshake().getHello().getMaxFrameBytes();
            int frame = Math.min(announced == 0 ? ProtocolVersion.DEFAULT_MAX_FRAME_BYTES : announced, ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
            Region narrow = new Region(b.tile(), 0, 1, 0, b.lastCol());
            long id = define(s, narrow, v, 1.0, 1f);
            int units = narrow.cols() / 2;
            long fits = FrameBudget.maxSettleBatch(frame, 8, 1, 0, units, 0);
            long batch = fits + fits / 2 + 1;
            long vectors0 = vmmVectors(s);
            Response refused = s.call(settle(id, (int) batch, 1, 8));
            Verdict.require(refused.getStatus() == Status.STATUS_RESOURCE_EXHAUSTED, "a settle of " + batch + " samples (about "
                    + 4 * batch * 8 * units + " bytes of states, frames of " + frame + " bytes) was answered " + refused.getStatus()
                    + ProtocolChecks.message(refused) + " (expected: STATUS_RESOURCE_EXHAUSTED)");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("largest batch that fits is (\\d+)").matcher(refused.getMessage());
            Verdict.require(m.find(), "the refusal does not name the largest batch that fits: " + refused.getMessage());
            long named = Long.parseLong(m.group(1));
            Verdict.require(named >= 1 && named < batch, "the refusal names " + named + " samples as the largest that fits, for a refused "
                    + batch);
            Verdict.require(vmmVectors(s) == vectors0, "the refused settle converted " + (vmmVectors(s) - vectors0) + " VMM vectors");
            // not the named batch itself: on a serial line its megabytes of states would take a minute
            Response ok = s.call(settle(id, 1, 1, 8));
            Verdict.require(ok.getStatus() == Status.STATUS_OK && ok.getSettle().getPhasesCount() == 8, "one sample of the same settle was "
                    + "answered " + ok.getStatus() + ProtocolChecks.message(ok) + " with " + ok.getSettle().getPhasesCount() + " of 8 phases");
            return "refused " + batch + " samples: " + refused.getMessage();
        }
    }

    /** A network whose drive exceeds max_read_volts, and a settle whose input does: both refused OUT_OF_ENVELOPE. */
    static String refusesOutOfEnvelope(SuiteContext ctx) throws IOException {
        Region b = block(ctx);
        float v = driveVolts(ctx);
        try (RawSession s = ctx.rawSession(true)) {
            double max = s.handshake().getHello().getWorkingLimits().getMaxReadVolts();
            Region narrow = new Region(b.tile(), 0, 1, 0, 1);
            float clip = (float) (2 * max / v);
            Response tooHigh = s.call(Request.newBuilder().setSettleNetwork(networkRequest(narrow, v, 1.0, clip)));
            Verdict.require(tooHigh.getStatus() == Status.STATUS_OUT_OF_ENVELOPE, "a network whose states at the clip bound " + clip
                    + " drive " + clip * v + " V (max_read_volts " + max + " V) was answered " + tooHigh.getStatus()
                    + ProtocolChecks.message(tooHigh) + " (expected: STATUS_OUT_OF_ENVELOPE)");
            long id = define(s, narrow, v, 1.0, 1f);
            long vectors0 = vmmVectors(s);
            Response input = s.call(Request.newBuilder().setSettle(SettleRequest.newBuilder().setNetworkId(id).setBatchSize(1)
                    .addInputs((float) (2 * max / v)).addPhases(org.crossbarhil.protocol.v1.SettlePhase.newBuilder().setIterations(1))));
            Verdict.require(input.getStatus() == Status.STATUS_OUT_OF_ENVELOPE, "a settle input driving " + 2 * max + " V was answered "
                    + input.getStatus() + ProtocolChecks.message(input) + " (expected: STATUS_OUT_OF_ENVELOPE)");
            Verdict.require(vmmVectors(s) == vectors0, "the refused settle converted " + (vmmVectors(s) - vectors0) + " VMM vectors");
            return "refused: " + tooHigh.getMessage() + "; " + input.getMessage();
        }
    }

    private static SettleNetworkRequest.Builder networkRequest(Region b, float v, double k, float clip) {
        Builder block = org.crossbarhil.protocol.v1.SettleBlock.newBuilder().setTile(b.tile()).setFirstInput(0).setInputCount(b.rows())
                .setFirstUnit(0).setUnitCount(b.cols() / 2);
        return SettleNetworkRequest.newBuilder().setDriveVolts(v).setActivation(Activation.ACTIVATION_HARD_SIGMOID).setClipLow(0)
                .setClipHigh(clip).addLayers(org.crossbarhil.protocol.v1.SettleLayer.newBuilder().setInputs(b.rows() - 1)
                        .setUnits(b.cols() / 2).setWeightScale(k).addBlocks(block));
    }

    private static long define(RawSession s, Region b, float v, double k, float clip) throws IOException {
        Response r = s.call(Request.newBuilder().setSettleNetwork(networkRequest(b, v, k, clip)));
        Verdict.require(r.getStatus() == Status.STATUS_OK && r.getSettleNetwork().getNetworkId() != 0, "settle_network of " + b
                + " was answered " + r.getStatus() + ProtocolChecks.message(r) + " with network id " + r.getSettleNetwork().getNetworkId());
        return r.getSettleNetwork().getNetworkId();
    }

    /** {@code batch} samples of {@code inputs} inputs at 0.5, {@code phases} free phases of one sweep. */
    private static Request.Builder settle(long id, int batch, int inputs, int phases) {
        SettleRequest.Builder b = SettleRequest.newBuilder().setNetworkId(id).setBatchSize(batch);
        List<Float> x = new ArrayList<>(batch * inputs);
        for (int i = 0; i < batch * inputs; i++) {
            x.add(0.5f);
        }
        b.addAllInputs(x);
        for (int p = 0; p < phases; p++) {
            b.addPhases(org.crossbarhil.protocol.v1.SettlePhase.newBuilder().setIterations(1));
        }
        return Request.newBuilder().setSettle(b);
    }

    private static long vmmVectors(RawSession s) throws IOException {
        Response r = s.call(Request.newBuilder().setLedger(LedgerRequest.newBuilder()));
        if (r.getStatus() != Status.STATUS_OK) {
            throw Verdict.fail("ledger read answered " + r.getStatus() + ProtocolChecks.message(r));
        }
        return r.getLedger().getLedger().getVmmVectors();
    }
}
