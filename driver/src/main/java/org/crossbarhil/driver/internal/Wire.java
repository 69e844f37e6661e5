package org.crossbarhil.driver.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.crossbarhil.driver.ArrayType;
import org.crossbarhil.driver.BoardEvent;
import org.crossbarhil.driver.BoardIdentity;
import org.crossbarhil.driver.BoardInfo;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardState;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.Capabilities;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.Converters;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DeviceTarget;
import org.crossbarhil.driver.Geometry;
import org.crossbarhil.driver.Heartbeat;
import org.crossbarhil.driver.LeaseAction;
import org.crossbarhil.driver.LeaseInfo;
import org.crossbarhil.driver.Ledger;
import org.crossbarhil.driver.Limits;
import org.crossbarhil.driver.LimitsPair;
import org.crossbarhil.driver.OuterProductResult;
import org.crossbarhil.driver.OuterProductSpec;
import org.crossbarhil.driver.RampResult;
import org.crossbarhil.driver.RampSpec;
import org.crossbarhil.driver.ReadConfig;
import org.crossbarhil.driver.ReadScope;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.SettleBlock;
import org.crossbarhil.driver.SettleLayer;
import org.crossbarhil.driver.SettleNetwork;
import org.crossbarhil.driver.SettlePhase;
import org.crossbarhil.driver.SettleResult;
import org.crossbarhil.driver.SettleSpec;
import org.crossbarhil.driver.VmmDirection;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.driver.WriteVerifyResult;
import org.crossbarhil.driver.WriteVerifySpec;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.rules.Handshake;
import org.crossbarhil.protocol.rules.Unsigned;
import org.crossbarhil.protocol.v1.AbortRequest;
import org.crossbarhil.protocol.v1.Activation;
import org.crossbarhil.protocol.v1.ConfigureRequest;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.GetLimitsRequest;
import org.crossbarhil.protocol.v1.HeartbeatRequest;
import org.crossbarhil.protocol.v1.HeartbeatResponse;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.InfoResponse;
import org.crossbarhil.protocol.v1.LeaseRequest;
import org.crossbarhil.protocol.v1.LedgerRequest;
import org.crossbarhil.protocol.v1.OuterProductUpdateRequest;
import org.crossbarhil.protocol.v1.OuterProductUpdateResponse;
import org.crossbarhil.protocol.v1.PulseReadRequest;
import org.crossbarhil.protocol.v1.PulseRequest;
import org.crossbarhil.protocol.v1.RampPoint;
import org.crossbarhil.protocol.v1.RampRequest;
import org.crossbarhil.protocol.v1.RampResponse;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.SafeIdleRequest;
import org.crossbarhil.protocol.v1.SetLimitsRequest;
import org.crossbarhil.protocol.v1.SetUpdateMaskRequest;
import org.crossbarhil.protocol.v1.SettleNetworkRequest;
import org.crossbarhil.protocol.v1.SettleRequest;
import org.crossbarhil.protocol.v1.SettleResponse;
import org.crossbarhil.protocol.v1.SettledPhase;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.SubscribeRequest;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.crossbarhil.protocol.v1.VmmResponse;
import org.crossbarhil.protocol.v1.WriteVerifyRequest;
import org.crossbarhil.protocol.v1.WriteVerifyResponse;

/**
 * Maps the driver's records to protobuf request bodies and protobuf responses and events back to
 * records. Pure functions: no state, no I/O. Protobuf types never leave the driver's internal
 * package.
 */
final class Wire {
    private Wire() {
    }

    // ---- requests: records -> protobuf (seq is set when the request is sent) ----

    static Request hello(long sessionId, String clientName, String token, int maxFrameBytes) {
        HelloRequest.Builder b = HelloRequest.newBuilder()
                .setProtocolMajor(ProtocolVersion.MAJOR)
                .setProtocolMinor(ProtocolVersion.MINOR)
                .setSessionId(sessionId)
                .setClientName(clientName)
                .setMaxFrameBytes(maxFrameBytes);
        if (token != null) {
            b.setAuthToken(token);
        }
        return Request.newBuilder().setHello(b).build();
    }

    static Request info() {
        return Request.newBuilder().setInfo(InfoRequest.getDefaultInstance()).build();
    }

    static Request configure(ReadConfig c) {
        return Request.newBuilder().setConfigure(ConfigureRequest.newBuilder()
                .setReadVolts(c.readVolts())
                .setIntegrationSeconds(c.integrationSeconds())
                .setAdcFullScaleAmperes(c.adcFullScaleAmperes())
                .setReadsAveraged(c.readsAveraged())).build();
    }

    static Request read(ReadSpec s) {
        return Request.newBuilder().setRead(ReadRequest.newBuilder()
                .setTile(s.tile())
                .setScope(readScope(s.scope()))
                .setRow(s.row())
                .setCol(s.col())
                .setRowCount(s.rowCount())
                .setReadVolts(s.readVolts())).build();
    }

    static Request vmm(VmmSpec s) {
        VmmRequest.Builder b = VmmRequest.newBuilder()
                .setTile(s.tile())
                .setDirection(s.direction() == VmmDirection.FORWARD
                        ? org.crossbarhil.protocol.v1.VmmDirection.VMM_DIRECTION_FORWARD
                        : org.crossbarhil.protocol.v1.VmmDirection.VMM_DIRECTION_TRANSPOSED)
                .setVectorCount(s.vectorCount())
                .setInputOffset(s.inputOffset())
                .setInputCount(s.inputCount())
                .setOutputOffset(s.outputOffset())
                .setOutputCount(s.outputCount())
                .setAdcFullScaleAmperes(s.adcFullScaleAmperes())
                .setReadsAveraged(s.readsAveraged());
        for (float v : s.volts()) {
            b.addVolts(v);
        }
        return Request.newBuilder().setVmm(b).build();
    }

    static Request pulse(int tile, List<DevicePulse> pulses) {
        PulseRequest.Builder b = PulseRequest.newBuilder().setTile(tile);
        for (DevicePulse p : pulses) {
            b.addPulses(devicePulse(p));
        }
        return Request.newBuilder().setPulse(b).build();
    }

    static Request pulseRead(int tile, List<DevicePulse> pulses, double readVolts, boolean readAfterEachPulse) {
        PulseReadRequest.Builder b = PulseReadRequest.newBuilder()
                .setTile(tile)
                .setReadVolts(readVolts)
                .setReadAfterEachPulse(readAfterEachPulse);
        for (DevicePulse p : pulses) {
            b.addPulses(devicePulse(p));
        }
        return Request.newBuilder().setPulseRead(b).build();
    }

    static Request outerProductUpdate(OuterProductSpec s) {
        OuterProductUpdateRequest.Builder b = OuterProductUpdateRequest.newBuilder()
                .setTile(s.tile())
                .setRowOffset(s.rowOffset())
                .setColOffset(s.colOffset())
                .setPulseTrainLength(s.pulseTrainLength())
                .setSetVolts(s.setVolts())
                .setResetVolts(s.resetVolts())
                .setWidthSeconds(s.widthSeconds());
        for (float v : s.rowValues()) {
            b.addRowValues(v);
        }
        for (float v : s.colValues()) {
            b.addColValues(v);
        }
        return Request.newBuilder().setOuterProductUpdate(b).build();
    }

    static Request writeVerify(WriteVerifySpec s) {
        WriteVerifyRequest.Builder b = WriteVerifyRequest.newBuilder()
                .setTile(s.tile())
                .setToleranceSiemens(s.toleranceSiemens())
                .setMaxPulses(s.maxPulses())
                .setSetVolts(s.setVolts())
                .setResetVolts(s.resetVolts())
                .setWidthSeconds(s.widthSeconds())
                .setReadVolts(s.readVolts());
        for (DeviceTarget t : s.targets()) {
            b.addTargets(org.crossbarhil.protocol.v1.DeviceTarget.newBuilder()
                    .setRow(t.row()).setCol(t.col()).setTargetSiemens(t.targetSiemens()));
        }
        return Request.newBuilder().setWriteVerify(b).build();
    }

    static Request ramp(RampSpec s) {
        return Request.newBuilder().setRamp(RampRequest.newBuilder()
                .setTile(s.tile())
                .setRow(s.row())
                .setCol(s.col())
                .setStartVolts(s.startVolts())
                .setStopVolts(s.stopVolts())
                .setStepVolts(s.stepVolts())
                .setWidthSeconds(s.widthSeconds())
                .setReadVolts(s.readVolts())
                .setStopAboveSiemens(s.stopAboveSiemens())
                .setStopBelowSiemens(s.stopBelowSiemens())
                .setForming(s.forming())).build();
    }

    static Request getLimits() {
        return Request.newBuilder().setGetLimits(GetLimitsRequest.getDefaultInstance()).build();
    }

    static Request setLimits(Limits working) {
        return Request.newBuilder().setSetLimits(SetLimitsRequest.newBuilder().setWorkingLimits(limits(working))).build();
    }

    static Request abort(String reason) {
        return Request.newBuilder().setAbort(AbortRequest.newBuilder().setReason(reason == null ? "" : reason)).build();
    }

    static Request safeIdle() {
        return Request.newBuilder().setSafeIdle(SafeIdleRequest.getDefaultInstance()).build();
    }

    static Request heartbeat() {
        return Request.newBuilder().setHeartbeat(HeartbeatRequest.getDefaultInstance()).build();
    }

    static Request ledger(boolean reset) {
        return Request.newBuilder().setLedger(LedgerRequest.newBuilder().setReset(reset)).build();
    }

    static Request lease(LeaseAction action, Duration duration) {
        org.crossbarhil.protocol.v1.LeaseAction a;
        switch (action) {
            case ACQUIRE:
                a = org.crossbarhil.protocol.v1.LeaseAction.LEASE_ACTION_ACQUIRE;
                break;
            case RENEW:
                a = org.crossbarhil.protocol.v1.LeaseAction.LEASE_ACTION_RENEW;
                break;
            case RELEASE:
                a = org.crossbarhil.protocol.v1.LeaseAction.LEASE_ACTION_RELEASE;
                break;
            default:
                a = org.crossbarhil.protocol.v1.LeaseAction.LEASE_ACTION_QUERY;
                break;
        }
        double seconds = duration == null ? 0 : duration.toNanos() / 1e9;
        return Request.newBuilder().setLease(LeaseRequest.newBuilder().setAction(a).setDurationSeconds(seconds)).build();
    }

    static Request subscribe(boolean events, Duration telemetryInterval) {
        double seconds = telemetryInterval == null ? 0 : telemetryInterval.toNanos() / 1e9;
        return Request.newBuilder().setSubscribe(SubscribeRequest.newBuilder()
                .setEvents(events).setTelemetryIntervalSeconds(seconds)).build();
    }

    static Request setUpdateMask(int tile, BitSet mask) {
        return Request.newBuilder().setSetUpdateMask(SetUpdateMaskRequest.newBuilder()
                .setTile(tile)
                .setMask(com.google.protobuf.ByteString.copyFrom(mask.toByteArray()))).build();
    }

    private static org.crossbarhil.protocol.v1.DevicePulse devicePulse(DevicePulse p) {
        return org.crossbarhil.protocol.v1.DevicePulse.newBuilder()
                .setRow(p.row()).setCol(p.col()).setVolts(p.volts()).setWidthSeconds(p.widthSeconds()).setCount(p.count())
                .build();
    }

    private static org.crossbarhil.protocol.v1.ReadScope readScope(ReadScope s) {
        switch (s) {
            case DEVICE:
                return org.crossbarhil.protocol.v1.ReadScope.READ_SCOPE_DEVICE;
            case ROW:
                return org.crossbarhil.protocol.v1.ReadScope.READ_SCOPE_ROW;
            default:
                return org.crossbarhil.protocol.v1.ReadScope.READ_SCOPE_TILE;
        }
    }

    static org.crossbarhil.protocol.v1.Limits limits(Limits l) {
        return org.crossbarhil.protocol.v1.Limits.newBuilder()
                .setMaxVolts(l.maxVolts())
                .setMaxReadVolts(l.maxReadVolts())
                .setMaxHalfSelectVolts(l.maxHalfSelectVolts())
                .setMinPulseSeconds(l.minPulseSeconds())
                .setMaxPulseSeconds(l.maxPulseSeconds())
                .setMaxPulsesPerCommand(l.maxPulsesPerCommand())
                .setMaxDeviceAmperes(l.maxDeviceAmperes())
                .setMaxLineAmperes(l.maxLineAmperes())
                .setEnergyBudgetJoules(l.energyBudgetJoules())
                .build();
    }

    // ---- responses and events: protobuf -> records ----
    // A malformed value (e.g. a negative limit) throws IllegalArgumentException; the caller
    // turns it into a protocol error naming the operation. uint32 fields are read as unsigned
    // (Unsigned): above Integer.MAX_VALUE a count or geometry is refused by name, never read as
    // a negative number.

    static BoardStatus status(Status s) {
        switch (s) {
            case STATUS_OK:
                return BoardStatus.OK;
            case STATUS_INVALID_ARGUMENT:
                return BoardStatus.INVALID_ARGUMENT;
            case STATUS_OUT_OF_ENVELOPE:
                return BoardStatus.OUT_OF_ENVELOPE;
            case STATUS_LEASE_HELD:
                return BoardStatus.LEASE_HELD;
            case STATUS_UNAUTHENTICATED:
                return BoardStatus.UNAUTHENTICATED;
            case STATUS_PERMISSION_DENIED:
                return BoardStatus.PERMISSION_DENIED;
            case STATUS_UNSUPPORTED:
                return BoardStatus.UNSUPPORTED;
            case STATUS_DEVICE_FAULT:
                return BoardStatus.DEVICE_FAULT;
            case STATUS_ABORTED:
                return BoardStatus.ABORTED;
            case STATUS_VERSION_MISMATCH:
                return BoardStatus.VERSION_MISMATCH;
            case STATUS_IDEMPOTENCY_CONFLICT:
                return BoardStatus.IDEMPOTENCY_CONFLICT;
            case STATUS_FAILED_PRECONDITION:
                return BoardStatus.FAILED_PRECONDITION;
            case STATUS_RESOURCE_EXHAUSTED:
                return BoardStatus.RESOURCE_EXHAUSTED;
            case STATUS_UNAVAILABLE:
                return BoardStatus.UNAVAILABLE;
            case STATUS_BOARD_RESTARTED:
                return BoardStatus.BOARD_RESTARTED;
            default:
                // 0 is never sent; the spec says to treat it (and unknown codes) as INTERNAL.
                return BoardStatus.INTERNAL;
        }
    }

    /**
     * The API keeps {@code max_pulses_per_command} (a uint32) as an int: a board allowing more than
     * {@link Integer#MAX_VALUE} pulses per command is reported as allowing {@link Integer#MAX_VALUE},
     * a bound the driver's own checks hold requests to, tighter than the board's, never looser.
     */
    static Limits limits(org.crossbarhil.protocol.v1.Limits l) {
        return new Limits(l.getMaxVolts(), l.getMaxReadVolts(), l.getMaxHalfSelectVolts(), l.getMinPulseSeconds(),
                l.getMaxPulseSeconds(), Unsigned.saturatedInt(l.getMaxPulsesPerCommand()), l.getMaxDeviceAmperes(),
                l.getMaxLineAmperes(), l.getEnergyBudgetJoules());
    }

    static ReadConfig readConfig(org.crossbarhil.protocol.v1.ReadConfig c) {
        return new ReadConfig(c.getReadVolts(), c.getIntegrationSeconds(), c.getAdcFullScaleAmperes(),
                Unsigned.intExact("reads_averaged", c.getReadsAveraged()));
    }

    static BoardState state(org.crossbarhil.protocol.v1.BoardState s) {
        switch (s) {
            case BOARD_STATE_READY:
                return BoardState.READY;
            case BOARD_STATE_SAFE_IDLE:
                return BoardState.SAFE_IDLE;
            case BOARD_STATE_FAULT:
                return BoardState.FAULT;
            default:
                return BoardState.UNKNOWN;
        }
    }

    static LeaseInfo lease(org.crossbarhil.protocol.v1.LeaseInfo l) {
        if (!l.getHeld()) {
            return LeaseInfo.FREE;
        }
        double expires = l.getExpiresUnixSeconds();
        Instant at = expires > 0 ? Instant.ofEpochSecond((long) Math.floor(expires),
                (long) ((expires - Math.floor(expires)) * 1e9)) : null;
        return new LeaseInfo(true, l.getHolder().isEmpty() ? null : l.getHolder(), at, l.getHeldByYou());
    }

    static Ledger ledger(org.crossbarhil.protocol.v1.Ledger l) {
        return new Ledger(l.getReadEnergyJoules(), l.getPulseEnergyJoules(), l.getHalfSelectEnergyJoules(),
                l.getConverterEnergyJoules(), l.getTotalEnergyJoules(), l.getBusySeconds(), l.getDevicePulses(),
                l.getHalfSelectPulses(), l.getDeviceReads(), l.getVmmVectors(), l.getConversions(),
                l.getWriteVerifyPulses(), l.getRequests(), l.getDroppedFrames());
    }

    static BoardInfo boardInfo(HelloResponse h) {
        org.crossbarhil.protocol.v1.BoardDescription d = h.getDescription();
        return new BoardInfo(
                Handshake.version(h.getProtocolMajor(), h.getProtocolMinor()),
                identity(d.getIdentity()),
                geometry(d.getGeometry()),
                converters(d.getConverters()),
                capabilities(d.getCapabilities()),
                new LimitsPair(limits(d.getHardLimits()), limits(h.getWorkingLimits())),
                readConfig(h.getReadConfig()),
                BoardState.UNKNOWN,
                "",
                LeaseInfo.FREE,
                Handshake.maxFrameBytes(h.getMaxFrameBytes()),
                seconds(h.getIdempotencyTtlSeconds()),
                seconds(h.getHeartbeatTimeoutSeconds()));
    }

    /** Info refreshes what can change; frame size and timeouts only come with Hello. */
    static BoardInfo boardInfo(InfoResponse i, BoardInfo previous) {
        org.crossbarhil.protocol.v1.BoardDescription d = i.getDescription();
        return new BoardInfo(
                Handshake.version(i.getProtocolMajor(), i.getProtocolMinor()),
                identity(d.getIdentity()),
                geometry(d.getGeometry()),
                converters(d.getConverters()),
                capabilities(d.getCapabilities()),
                new LimitsPair(limits(d.getHardLimits()), limits(i.getWorkingLimits())),
                readConfig(i.getReadConfig()),
                state(i.getState()),
                i.getStateReason(),
                lease(i.getLease()),
                previous.maxFrameBytes(),
                previous.idempotencyTtl(),
                previous.heartbeatTimeout());
    }

    private static Duration seconds(double s) {
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("duration " + s + " s (expected: >= 0 and finite)");
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    private static BoardIdentity identity(org.crossbarhil.protocol.v1.BoardIdentity i) {
        return new BoardIdentity(i.getVendor(), i.getModel(), i.getSerialNumber(), i.getFirmwareVersion());
    }

    private static Geometry geometry(org.crossbarhil.protocol.v1.Geometry g) {
        return new Geometry(Unsigned.intExact("geometry.tiles", g.getTiles()), Unsigned.intExact("geometry.rows", g.getRows()),
                Unsigned.intExact("geometry.cols", g.getCols()));
    }

    private static Converters converters(org.crossbarhil.protocol.v1.Converters c) {
        return new Converters(Unsigned.intExact("converters.dac_bits", c.getDacBits()), c.getDacFullScaleVolts(),
                Unsigned.intExact("converters.adc_bits", c.getAdcBits()), c.getAdcFullScaleAmperesList(),
                Unsigned.intExact("converters.max_reads_averaged", c.getMaxReadsAveraged()));
    }

    private static Capabilities capabilities(org.crossbarhil.protocol.v1.Capabilities c) {
        ArrayType type;
        switch (c.getArrayType()) {
            case ARRAY_TYPE_PASSIVE:
                type = ArrayType.PASSIVE;
                break;
            case ARRAY_TYPE_1T1R:
                type = ArrayType.ONE_T_ONE_R;
                break;
            default:
                type = ArrayType.UNKNOWN;
                break;
        }
        return new Capabilities(type, c.getParallelOuterProductUpdate(), c.getWriteVerify(), c.getRamp(),
                c.getTransposedVmm(), c.getUpdateMask(), c.getLease(), c.getSimulated(), c.getSettle());
    }

    static ConductanceMap conductances(ReadResponse r) {
        float[] g = new float[r.getSiemensCount()];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.getSiemens(i);
        }
        return new ConductanceMap(Unsigned.intExact("tile", r.getTile()), Unsigned.intExact("first_row", r.getFirstRow()),
                Unsigned.intExact("first_col", r.getFirstCol()), Unsigned.intExact("rows", r.getRows()),
                Unsigned.intExact("cols", r.getCols()), g);
    }

    static Request settleNetwork(SettleNetwork n) {
        SettleNetworkRequest.Builder b = SettleNetworkRequest.newBuilder().setDriveVolts(n.driveVolts())
                .setActivation(Activation.ACTIVATION_HARD_SIGMOID).setClipLow(n.clipLow()).setClipHigh(n.clipHigh())
                .setAdcFullScaleAmperes(n.adcFullScaleAmperes());
        for (SettleLayer l : n.layers()) {
            org.crossbarhil.protocol.v1.SettleLayer.Builder lb = org.crossbarhil.protocol.v1.SettleLayer.newBuilder()
                    .setInputs(l.inputs()).setUnits(l.units()).setWeightScale(l.weightScale());
            for (SettleBlock k : l.blocks()) {
                lb.addBlocks(org.crossbarhil.protocol.v1.SettleBlock.newBuilder().setTile(k.tile()).setFirstInput(k.firstInput())
                        .setInputCount(k.inputCount()).setFirstUnit(k.firstUnit()).setUnitCount(k.unitCount()));
            }
            b.addLayers(lb);
        }
        return Request.newBuilder().setSettleNetwork(b).build();
    }

    static Request settle(SettleSpec s) {
        SettleRequest.Builder b = SettleRequest.newBuilder().setNetworkId(s.network().id()).setBatchSize(s.batchSize())
                .setTolerance(s.tolerance()).setReportChanges(s.reportChanges()).setReadsAveraged(s.readsAveraged());
        for (float x : s.inputs()) {
            b.addInputs(x);
        }
        for (float y : s.targets()) {
            b.addTargets(y);
        }
        for (SettlePhase p : s.phases()) {
            b.addPhases(org.crossbarhil.protocol.v1.SettlePhase.newBuilder().setBeta(p.beta()).setIterations(p.iterations())
                    .setAverageLast(p.averageLast()));
        }
        return Request.newBuilder().setSettle(b).build();
    }

    /** The board's answer, checked against what was asked: one phase each, every layer's states of every sample. */
    static SettleResult settle(SettleSpec s, SettleResponse r) {
        SettleNetwork n = s.network().network();
        if (r.getPhasesCount() != s.phases().size()) {
            throw new BoardLinkException("protocol error: a settle of " + s.phases().size() + " phases came back with " + r.getPhasesCount());
        }
        List<SettleResult.Phase> phases = new ArrayList<>();
        for (SettledPhase p : r.getPhasesList()) {
            if (p.getStatesCount() != (long) s.batchSize() * n.unitsPerSample()) {
                throw new BoardLinkException("protocol error: a settle phase returned " + p.getStatesCount() + " states for "
                        + s.batchSize() + " samples of " + n.unitsPerSample() + " units");
            }
            List<float[]> layers = new ArrayList<>();
            int at = 0;
            for (SettleLayer l : n.layers()) {
                float[] states = new float[s.batchSize() * l.units()];
                for (int i = 0; i < states.length; i++) {
                    states[i] = p.getStates(at++);
                }
                layers.add(states);
            }
            float[] changes = new float[p.getChangesCount()];
            for (int i = 0; i < changes.length; i++) {
                changes[i] = p.getChanges(i);
            }
            phases.add(new SettleResult.Phase(layers, Unsigned.intExact("iterations_run", p.getIterationsRun()), changes));
        }
        return new SettleResult(phases, r.getVmmVectors(), Unsigned.intExact("adc_reconversions", r.getAdcReconversions()),
                Unsigned.intExact("clipped", r.getClipped()));
    }

    static VmmResult vmm(VmmResponse r) {
        float[] a = new float[r.getAmperesCount()];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.getAmperes(i);
        }
        int vectors = Unsigned.intExact("vector_count", r.getVectorCount());
        int outputs = Unsigned.intExact("output_count", r.getOutputCount());
        if ((long) vectors * outputs != a.length) {
            throw new IllegalArgumentException(a.length + " currents for " + vectors + " vectors of " + outputs + " outputs");
        }
        return new VmmResult(vectors, outputs, a, Unsigned.intExact("clipped", r.getClipped()), r.getAdcFullScaleAmperes());
    }

    static float[] siemens(List<Float> values) {
        float[] g = new float[values.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = values.get(i);
        }
        return g;
    }

    static OuterProductResult outerProduct(OuterProductUpdateResponse r) {
        return new OuterProductResult(r.getDevicePulses(), r.getHalfSelectPulses(), Unsigned.intExact("slots", r.getSlots()));
    }

    static WriteVerifyResult writeVerify(WriteVerifyResponse r) {
        List<WriteVerifyResult.Outcome> outcomes = new ArrayList<>(r.getResultsCount());
        for (org.crossbarhil.protocol.v1.WriteVerifyResult o : r.getResultsList()) {
            outcomes.add(new WriteVerifyResult.Outcome(Unsigned.intExact("row", o.getRow()), Unsigned.intExact("col", o.getCol()),
                    o.getFinalSiemens(), Unsigned.intExact("pulses", o.getPulses()), o.getConverged()));
        }
        return new WriteVerifyResult(outcomes, r.getDevicePulses());
    }

    static RampResult ramp(RampResponse r) {
        List<RampResult.Point> points = new ArrayList<>(r.getPointsCount());
        for (RampPoint p : r.getPointsList()) {
            points.add(new RampResult.Point(p.getVolts(), p.getSiemens()));
        }
        return new RampResult(points, r.getStopConditionMet(), r.getDevicePulses());
    }

    static LimitsPair limitsPair(org.crossbarhil.protocol.v1.LimitsResponse r) {
        return new LimitsPair(limits(r.getHardLimits()), limits(r.getWorkingLimits()));
    }

    static Heartbeat heartbeat(HeartbeatResponse r) {
        return new Heartbeat(r.getBoardTimeSeconds(), state(r.getState()), lease(r.getLease()));
    }

    /** An event as the API reports it, or null for an event kind this driver does not know. */
    static BoardEvent event(Event e) {
        switch (e.getBodyCase()) {
            case SAFE_IDLE:
                return new BoardEvent(BoardEvent.Kind.SAFE_IDLE, e.getEventSeq(), e.getBoardTimeSeconds(),
                        e.getSafeIdle().getReason(), BoardState.SAFE_IDLE, null, null, null);
            case FAULT:
                return new BoardEvent(BoardEvent.Kind.FAULT, e.getEventSeq(), e.getBoardTimeSeconds(),
                        status(e.getFault().getStatus()) + ": " + e.getFault().getMessage(), BoardState.FAULT, null,
                        null, null);
            case LEASE:
                return new BoardEvent(BoardEvent.Kind.LEASE, e.getEventSeq(), e.getBoardTimeSeconds(), null, null,
                        null, lease(e.getLease().getLease()), null);
            case TELEMETRY:
                return new BoardEvent(BoardEvent.Kind.TELEMETRY, e.getEventSeq(), e.getBoardTimeSeconds(), null,
                        state(e.getTelemetry().getState()), ledger(e.getTelemetry().getLedger()), null, null);
            case BOARD_RESTARTED:
                return new BoardEvent(BoardEvent.Kind.RESTARTED, e.getEventSeq(), e.getBoardTimeSeconds(),
                        "the board behind the gateway restarted: " + e.getBoardRestarted().getMessage(), null, null, null, null);
            case LIMITS_CHANGED:
                return new BoardEvent(BoardEvent.Kind.LIMITS_CHANGED, e.getEventSeq(), e.getBoardTimeSeconds(), null,
                        null, null, null, limits(e.getLimitsChanged().getWorkingLimits()));
            default:
                return null;
        }
    }
}
