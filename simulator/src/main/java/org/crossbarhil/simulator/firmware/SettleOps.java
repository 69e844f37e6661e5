package org.crossbarhil.simulator.firmware;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.crossbarhil.protocol.FrameBudget;
import org.crossbarhil.protocol.rules.AdcAutoRange;
import org.crossbarhil.protocol.v1.Activation;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SettleBlock;
import org.crossbarhil.protocol.v1.SettleLayer;
import org.crossbarhil.protocol.v1.SettleNetworkRequest;
import org.crossbarhil.protocol.v1.SettleNetworkResponse;
import org.crossbarhil.protocol.v1.SettlePhase;
import org.crossbarhil.protocol.v1.SettleRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.simulator.config.SimConfig;
import org.crossbarhil.simulator.physics.TileGeometry;

/**
 * Board-side settling (docs/protocol.md section 3.5): checks a network description and keeps it,
 * checks a settle request completely (geometry, lengths, envelope, frame size) and then hands it
 * to {@link SettleLoop}, which runs the sweeps with the board's own VMMs.
 */
final class SettleOps {
    static final int MAX_LAYERS = 16;
    static final int MAX_PHASES = 8;
    static final long MAX_SWEEPS = 100_000;

    private final Firmware fw;
    private final SettleNetworks networks = new SettleNetworks();

    SettleOps(Firmware fw) {
        this.fw = fw;
    }

    private void offered(String op) {
        if (!fw.config.session().settle()) {
            throw Refusal.unsupported(op + ": this board does not settle networks itself (Capabilities.settle is false); "
                    + "iterate VMMs from the host");
        }
    }

    Response.Builder define(SettleNetworkRequest r) {
        offered("settle_network");
        TileGeometry g = fw.array.geometry();
        if (r.getLayersCount() < 1 || r.getLayersCount() > MAX_LAYERS) {
            throw Refusal.invalid("settle_network: " + r.getLayersCount() + " layers (expected: 1.." + MAX_LAYERS + ")");
        }
        if (r.getActivation() != Activation.ACTIVATION_HARD_SIGMOID) {
            throw Refusal.invalid("settle_network: activation " + r.getActivation() + " (expected: ACTIVATION_HARD_SIGMOID)");
        }
        float lo = r.getClipLow();
        float hi = r.getClipHigh();
        if (!Float.isFinite(lo) || !Float.isFinite(hi) || !(lo < hi)) {
            throw Refusal.invalid("settle_network: clip range [" + lo + ", " + hi + "] (expected: finite, clip_low < clip_high)");
        }
        Checks.finite("settle_network: drive_volts", r.getDriveVolts());
        if (!(r.getDriveVolts() > 0)) {
            throw Refusal.invalid("settle_network: drive_volts " + r.getDriveVolts() + " (expected: > 0)");
        }
        double range = r.getAdcFullScaleAmperes();
        Checks.finite("settle_network: adc_full_scale_amperes", range);
        if (range != 0 && !SimConfig.ADC_RANGES_AMPERES.contains(range)) {
            throw Refusal.invalid("settle_network: adc_full_scale_amperes " + range + " is not a selectable range (known: "
                    + SimConfig.ADC_RANGES_AMPERES + "; 0 = auto-range)");
        }
        float drive = (float) r.getDriveVolts();
        List<SettleNetworks.Layer> layers = new ArrayList<>();
        Set<Integer> tilesUsed = new HashSet<>();
        for (int l = 0; l < r.getLayersCount(); l++) {
            SettleLayer sl = r.getLayers(l);
            String what = "settle_network: layer " + l;
            long inputs = Integer.toUnsignedLong(sl.getInputs());
            long units = Integer.toUnsignedLong(sl.getUnits());
            if (inputs < 1 || units < 1 || inputs > 1 << 20 || units > 1 << 20) {
                throw Refusal.invalid(what + ": " + inputs + " inputs, " + units + " units (expected: 1..1048576 each)");
            }
            if (l > 0 && inputs != layers.get(l - 1).units()) {
                throw Refusal.invalid(what + " has " + inputs + " inputs but layer " + (l - 1) + " has " + layers.get(l - 1).units()
                        + " units");
            }
            Checks.finite(what + ": weight_scale", sl.getWeightScale());
            if (!(sl.getWeightScale() > 0)) {
                throw Refusal.invalid(what + ": weight_scale " + sl.getWeightScale() + " (expected: > 0)");
            }
            // every (input, unit) of the layer, bias row included, on exactly one block
            BitSet covered = new BitSet();
            long cells = (inputs + 1) * units;
            List<SettleNetworks.Block> blocks = new ArrayList<>();
            for (int bi = 0; bi < sl.getBlocksCount(); bi++) {
                SettleBlock b = sl.getBlocks(bi);
                String where = what + " block " + bi;
                Checks.tile(g, b.getTile());
                if (!tilesUsed.add(b.getTile())) {
                    throw Refusal.invalid(where + ": tile " + b.getTile() + " already holds another block (one block per tile)");
                }
                long in0 = Integer.toUnsignedLong(b.getFirstInput());
                long inN = Integer.toUnsignedLong(b.getInputCount());
                long u0 = Integer.toUnsignedLong(b.getFirstUnit());
                long uN = Integer.toUnsignedLong(b.getUnitCount());
                if (inN < 1 || in0 + inN > inputs + 1 || uN < 1 || u0 + uN > units) {
                    throw Refusal.invalid(where + ": inputs [" + in0 + ", " + (in0 + inN) + ") of " + (inputs + 1) + " (bias included), units ["
                            + u0 + ", " + (u0 + uN) + ") of " + units + " (expected: non-empty, within the layer)");
                }
                if (inN > g.rows() || 2 * uN > g.cols()) {
                    throw Refusal.invalid(where + ": " + inN + " rows x " + 2 * uN + " columns do not fit the " + g.rows() + "x" + g.cols()
                            + " tile");
                }
                for (long i = in0; i < in0 + inN; i++) {
                    for (long u = u0; u < u0 + uN; u++) {
                        int cell = (int) (i * units + u);
                        if (covered.get(cell)) {
                            throw Refusal.invalid(where + ": input " + i + ", unit " + u + " is already on another block");
                        }
                        covered.set(cell);
                    }
                }
                List<Double> ranges = SimConfig.ADC_RANGES_AMPERES;
                blocks.add(new SettleNetworks.Block(b.getTile(), (int) in0, (int) inN, (int) u0, (int) uN, new AdcAutoRange(ranges),
                        new AdcAutoRange(ranges)));
            }
            if (covered.cardinality() != cells) {
                throw Refusal.invalid(what + ": its blocks cover " + covered.cardinality() + " of " + cells + " weights ("
                        + (inputs + 1) + " inputs with the bias x " + units + " units)");
            }
            layers.add(new SettleNetworks.Layer((int) inputs, (int) units, (float) (sl.getWeightScale() / drive), List.copyOf(blocks)));
        }
        SettleNetworks.Network net = new SettleNetworks.Network(networks.nextId(), List.copyOf(layers), drive, lo, hi, range);
        // the envelope is checked again on every settle: the working limits may have been tightened since
        checkEnvelope("settle_network", net, net.stateVolts());
        networks.add(net);
        return Response.newBuilder().setSettleNetwork(SettleNetworkResponse.newBuilder().setNetworkId(net.id())
                .setNetworksKept(SettleNetworks.KEPT));
    }

    Response.Builder settle(SettleRequest r, FirmwareConnection c, long arrival) {
        offered("settle");
        SettleNetworks.Network net = networks.find(r.getNetworkId()).orElseThrow(() -> new Refusal(Status.STATUS_FAILED_PRECONDITION,
                "settle: network " + Long.toUnsignedString(r.getNetworkId()) + " is not defined on this board (it restarted, or "
                        + SettleNetworks.KEPT + " newer networks pushed it out): define it again with settle_network"));
        long batch = Integer.toUnsignedLong(r.getBatchSize());
        if (batch < 1) {
            throw Refusal.invalid("settle: batch_size 0 (expected: >= 1)");
        }
        int inputs = net.layers().get(0).inputs();
        int outputs = net.last().units();
        if (r.getInputsCount() != batch * inputs) {
            throw Refusal.invalid("settle: " + r.getInputsCount() + " inputs for " + batch + " samples of " + inputs + " (expected: "
                    + batch * inputs + ")");
        }
        if (r.getPhasesCount() < 1 || r.getPhasesCount() > MAX_PHASES) {
            throw Refusal.invalid("settle: " + r.getPhasesCount() + " phases (expected: 1.." + MAX_PHASES + ")");
        }
        boolean nudges = false;
        long sweeps = 0;
        for (int p = 0; p < r.getPhasesCount(); p++) {
            SettlePhase ph = r.getPhases(p);
            Checks.finite("settle: phase " + p + " beta", ph.getBeta());
            if (!(Math.abs(ph.getBeta()) < 1)) {
                throw Refusal.invalid("settle: phase " + p + " beta " + ph.getBeta() + " (expected: |beta| < 1; the output's fixed point"
                        + " (h + beta y) / (1 + beta) needs it)");
            }
            long it = Integer.toUnsignedLong(ph.getIterations());
            long avg = Math.max(1, Integer.toUnsignedLong(ph.getAverageLast()));
            if (it < 1 || avg > it) {
                throw Refusal.invalid("settle: phase " + p + ": " + it + " iterations, average_last " + avg
                        + " (expected: iterations >= 1, average_last <= iterations)");
            }
            if (avg > 1 && r.getTolerance() != 0) {
                throw Refusal.invalid("settle: phase " + p + ": average_last " + avg + " with tolerance " + r.getTolerance()
                        + " (expected: tolerance 0 when averaging: an early stop would leave the average undefined)");
            }
            nudges |= ph.getBeta() != 0;
            sweeps += it;
        }
        if (sweeps > MAX_SWEEPS) {
            throw Refusal.invalid("settle: " + sweeps + " sweeps in all (expected: at most " + MAX_SWEEPS + ")");
        }
        float tolerance = r.getTolerance();
        if (!Float.isFinite(tolerance) || tolerance < 0) {
            throw Refusal.invalid("settle: tolerance " + tolerance + " (expected: finite, >= 0)");
        }
        long targetsExpected = nudges ? batch * outputs : 0;
        if (r.getTargetsCount() != targetsExpected) {
            throw Refusal.invalid("settle: " + r.getTargetsCount() + " targets (expected: " + targetsExpected
                    + (nudges ? ", " + outputs + " per sample: a phase nudges" : ": no phase nudges") + ")");
        }
        int k = r.getReadsAveraged() == 0 ? fw.readSettings.readsAveraged : r.getReadsAveraged();
        int maxK = fw.config.physics().readPath().maxReadsAveraged();
        if (k < 1 || k > maxK) {
            throw Refusal.invalid("settle: reads_averaged " + Integer.toUnsignedString(k) + " (expected: 1.." + maxK + ", 0 = configured)");
        }
        float maxInput = 0;
        for (int i = 0; i < r.getInputsCount(); i++) {
            float x = r.getInputs(i);
            if (!Float.isFinite(x)) {
                throw Refusal.invalid("settle: inputs[" + i + "] = " + x + " (expected: finite)");
            }
            maxInput = Math.max(maxInput, Math.abs(x));
        }
        for (int i = 0; i < r.getTargetsCount(); i++) {
            if (!Float.isFinite(r.getTargets(i))) {
                throw Refusal.invalid("settle: targets[" + i + "] = " + r.getTargets(i) + " (expected: finite)");
            }
        }
        checkEnvelope("settle", net, Math.max(net.stateVolts(), maxInput * (double) net.driveVolts()));
        long changes = r.getReportChanges() ? sweeps : 0;
        long needed = FrameBudget.settleResponseBytes(batch, r.getPhasesCount(), net.unitsPerSample(), changes);
        int frame = c.maxResponseFrameBytes();
        if (needed > frame) {
            int fits = FrameBudget.maxSettleBatch(frame, r.getPhasesCount(), inputs, nudges ? outputs : 0, net.unitsPerSample(), changes);
            throw Refusal.exhausted("settle of " + batch + " samples needs about " + needed + " bytes, above the largest frame of this"
                    + " link (" + frame + " bytes): nothing was run; the largest batch that fits is " + fits + " samples");
        }
        fw.leaveSafeIdle();
        return new SettleLoop(fw, net, (int) batch, k, fw.abortCheck(arrival)).run(r);
    }

    /**
     * Worst case of every VMM a settle may run, checked before any runs: each driven line at
     * {@code maxVolts} (a state at its clip bound, the bias row, the largest input), every device at
     * the highest conductance, as the VMM's own check does for the voltages it is given.
     */
    private void checkEnvelope(String op, SettleNetworks.Network net, double maxVolts) {
        Envelope env = fw.envelope;
        TileGeometry g = fw.array.geometry();
        env.checkReadVolts(op + ": largest drive (states at the clip bounds, bias rows, inputs)", maxVolts);
        double perDevice = env.ceilingCurrent(maxVolts);
        for (SettleNetworks.Layer l : net.layers()) {
            for (SettleNetworks.Block b : l.blocks()) {
                String where = op + " (tile " + b.tile() + ")";
                env.checkLineCurrent(where, "a column of a forward VMM", b.inputCount() * perDevice);
                env.checkLineCurrent(where, "a row of a transposed VMM", b.cols() * perDevice);
                env.checkLineCurrent(where, "a driven row", maxVolts, g.cols(), 0);
                env.checkLineCurrent(where, "a driven column", maxVolts, g.rows(), 0);
            }
        }
    }
}
