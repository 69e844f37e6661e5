package org.crossbarhil.driver.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.crossbarhil.driver.BoardEvent;
import org.crossbarhil.driver.BoardEventListener;
import org.crossbarhil.driver.BoardInfo;
import org.crossbarhil.driver.BoardRestartedException;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DefinedNetwork;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Futures;
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
import org.crossbarhil.driver.SettleNetwork;
import org.crossbarhil.driver.SettlePhase;
import org.crossbarhil.driver.SettleResult;
import org.crossbarhil.driver.SettleSpec;
import org.crossbarhil.driver.VmmDirection;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;
import org.crossbarhil.driver.WriteVerifyResult;
import org.crossbarhil.driver.WriteVerifySpec;
import org.crossbarhil.link.Connector;
import org.crossbarhil.protocol.FrameBudget;
import org.crossbarhil.protocol.rules.ProtocolOperation;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CrossbarBoard} every provider returns: checks each request against the geometry and
 * the working envelope ({@link EnvelopeGuard}), maps it to the wire ({@link Wire}) and hands it to
 * the {@link LinkSession}. Splits what would not fit in one frame (tile reads, large VMM batches).
 *
 * <p>Every failure, including a refusal before sending, arrives through the returned future.
 */
public final class ProtocolClient implements CrossbarBoard, LinkSession.Observer {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolClient.class);

    private final String uri;
    private final DriverOptions options;
    private final LinkSession session;
    private final EventDispatcher events;
    private volatile BoardInfo info;
    private volatile EnvelopeGuard guard;
    private volatile Duration telemetryInterval;
    private volatile boolean subscribed;

    private ProtocolClient(Connector connector, DriverOptions options, String uri) {
        this.uri = uri;
        this.options = options;
        this.events = new EventDispatcher("crossbar-events " + uri);
        this.session = new LinkSession(connector, options, uri, this);
    }

    /** Connects, shakes hands and returns the board; see {@link org.crossbarhil.driver.ProtocolBoards#open}. */
    public static CrossbarBoard open(Connector connector, DriverOptions options, String uri) {
        ProtocolClient client = new ProtocolClient(connector, options, uri);
        try {
            client.session.start();
        } catch (RuntimeException e) {
            client.events.close();
            throw Futures.unwrap(e);
        }
        return client;
    }

    // ---- LinkSession.Observer ----

    @Override
    public void onHello(HelloResponse hello, boolean reconnect) {
        BoardInfo fresh = Wire.boardInfo(hello);
        BoardInfo before = info;
        if (before != null && !before.geometry().equals(fresh.geometry())) {
            LOG.warn("[{}] after reconnecting the board reports geometry {} (was {})", uri, fresh.geometry(), before.geometry());
        }
        info = fresh;
        guard = new EnvelopeGuard(fresh.geometry(), fresh.converters(), fresh.limits(), fresh.readConfig());
    }

    @Override
    public void onEvent(Event event) {
        BoardEvent e = Wire.event(event);
        if (e == null) {
            LOG.debug("[{}] event of unknown kind {} ignored", uri, event.getBodyCase());
            return;
        }
        if (e.kind() == BoardEvent.Kind.RESTARTED) {
            // A gateway's word: the board behind it restarted, so this session's chip is gone.
            session.boardRestarted(new BoardRestartedException(e.message(), event.getBoardRestarted().getPreviousBootId(),
                    event.getBoardRestarted().getBootId()));
        }
        if (e.kind() == BoardEvent.Kind.LIMITS_CHANGED) {
            guard.updateWorking(e.workingLimits());
            setLimits(guard.limits());
        }
        events.emit(e);
    }

    @Override
    public void onRestarted(BoardRestartedException restart) {
        events.emit(new BoardEvent(BoardEvent.Kind.RESTARTED, 0, 0, restart.getMessage(), null, null, null, null));
    }

    @Override
    public void acknowledgeRestart() {
        session.acknowledgeRestart();
        if (subscribed) {
            sendSubscribe();
        }
    }

    @Override
    public void onReconnected(boolean sessionResumed) {
        if (subscribed && sessionResumed) {
            // After a restart the subscription is renewed once the caller acknowledged it.
            sendSubscribe();
        }
        events.emit(new BoardEvent(BoardEvent.Kind.RECONNECTED, 0, 0, "link re-established on " + session.describeLink()
                + (sessionResumed ? "; session resumed" : "; the board did not know the session (restarted?)"),
                null, null, null, null));
    }

    // ---- plumbing ----

    private <T> CompletableFuture<T> call(ProtocolOperation op, Supplier<Request> body, Function<Response, T> mapper) {
        return call(op, body, mapper, false);
    }

    /** Builds and checks the request on the caller's thread; any refusal comes back as a failed future. */
    private <T> CompletableFuture<T> call(ProtocolOperation op, Supplier<Request> body, Function<Response, T> mapper,
            boolean bypassWindow) {
        Request request;
        try {
            request = body.get();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return session.submit(new Call<>(op, request, mapper, bypassWindow));
    }

    private void setLimits(LimitsPair limits) {
        BoardInfo i = info;
        info = new BoardInfo(i.protocolVersion(), i.identity(), i.geometry(), i.converters(), i.capabilities(), limits,
                i.readConfig(), i.state(), i.stateReason(), i.lease(), i.maxFrameBytes(), i.idempotencyTtl(),
                i.heartbeatTimeout());
    }

    private void setReadConfig(ReadConfig config) {
        BoardInfo i = info;
        info = new BoardInfo(i.protocolVersion(), i.identity(), i.geometry(), i.converters(), i.capabilities(),
                i.limits(), config, i.state(), i.stateReason(), i.lease(), i.maxFrameBytes(), i.idempotencyTtl(),
                i.heartbeatTimeout());
        guard.updateReadConfig(config);
    }

    /** The frame size both ends accept: the smaller of the board's and this driver's. */
    private int negotiatedFrameBytes() {
        return Math.min(info.maxFrameBytes(), options.maxFrameBytes());
    }

    // ---- CrossbarBoard ----

    @Override
    public BoardInfo info() {
        return info;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public CompletableFuture<BoardInfo> refreshInfoAsync() {
        return call(ProtocolOperation.INFO, Wire::info, r -> {
            BoardInfo fresh = Wire.boardInfo(r.getInfo(), info);
            info = fresh;
            guard.update(fresh.limits());
            guard.updateReadConfig(fresh.readConfig());
            return fresh;
        });
    }

    @Override
    public CompletableFuture<ReadConfig> configureAsync(ReadConfig changes) {
        return call(ProtocolOperation.CONFIGURE, () -> {
            guard.checkConfigure(ProtocolOperation.CONFIGURE.wireName(), changes);
            return Wire.configure(changes);
        }, r -> {
            ReadConfig now = Wire.readConfig(r.getConfigure().getReadConfig());
            setReadConfig(now);
            return now;
        });
    }

    @Override
    public CompletableFuture<ConductanceMap> readAsync(ReadSpec spec) {
        return call(ProtocolOperation.READ, () -> {
            guard.checkRead(ProtocolOperation.READ.wireName(), spec);
            return Wire.read(spec);
        }, r -> Wire.conductances(r.getRead()));
    }

    @Override
    public ConductanceMap readTile(int tile) {
        return Futures.await(readTileAsync(tile, 0));
    }

    /** The whole tile, in as many row-range reads as the frame size needs, all in flight at once. */
    public CompletableFuture<ConductanceMap> readTileAsync(int tile, double readVolts) {
        Geometry g = info.geometry();
        try {
            g.checkTile(tile);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        int rowsPerRead = FrameBudget.vectorsPerFrame(negotiatedFrameBytes(), g.cols());
        List<CompletableFuture<ConductanceMap>> parts = new ArrayList<>();
        for (int row = 0; row < g.rows(); row += rowsPerRead) {
            int count = Math.min(rowsPerRead, g.rows() - row);
            parts.add(readAsync(ReadSpec.rows(tile, row, count).withReadVolts(readVolts)));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            float[] all = new float[g.rows() * g.cols()];
            for (CompletableFuture<ConductanceMap> part : parts) {
                ConductanceMap m = part.join();
                if (m.cols() != g.cols() || m.firstCol() != 0 || m.firstRow() + m.rows() > g.rows()) {
                    throw new org.crossbarhil.driver.BoardLinkException("protocol error: a read of tile " + tile
                            + " returned rows " + m.firstRow() + "+" + m.rows() + " x cols " + m.firstCol() + "+" + m.cols());
                }
                System.arraycopy(m.siemens(), 0, all, m.firstRow() * g.cols(), m.siemens().length);
            }
            return new ConductanceMap(tile, 0, 0, g.rows(), g.cols(), all);
        });
    }

    @Override
    public CompletableFuture<VmmResult> vmmAsync(VmmSpec spec) {
        try {
            guard.checkVmm(ProtocolOperation.VMM.wireName(), spec);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        Geometry g = info.geometry();
        int sensed = spec.direction() == VmmDirection.FORWARD ? g.cols() : g.rows();
        int outputs = spec.outputCount() == 0 ? sensed - spec.outputOffset() : spec.outputCount();
        int vectorsPerRequest = maxVmmVectors(spec.inputCount(), outputs);
        if (spec.vectorCount() <= vectorsPerRequest) {
            return call(ProtocolOperation.VMM, () -> Wire.vmm(spec), r -> Wire.vmm(r.getVmm()));
        }
        // A batch larger than a frame goes as several requests, pipelined, and comes back as one.
        List<CompletableFuture<VmmResult>> parts = new ArrayList<>();
        for (int first = 0; first < spec.vectorCount(); first += vectorsPerRequest) {
            int n = Math.min(vectorsPerRequest, spec.vectorCount() - first);
            float[] volts = java.util.Arrays.copyOfRange(spec.volts(), first * spec.inputCount(), (first + n) * spec.inputCount());
            VmmSpec part = new VmmSpec(spec.tile(), spec.direction(), n, spec.inputOffset(), spec.inputCount(),
                    spec.outputOffset(), spec.outputCount(), volts, spec.adcFullScaleAmperes(), spec.readsAveraged());
            parts.add(call(ProtocolOperation.VMM, () -> Wire.vmm(part), r -> Wire.vmm(r.getVmm())));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            float[] amperes = new float[spec.vectorCount() * outputs];
            int at = 0;
            int clipped = 0;
            double range = 0;
            for (CompletableFuture<VmmResult> part : parts) {
                VmmResult r = part.join();
                System.arraycopy(r.amperes(), 0, amperes, at, r.amperes().length);
                at += r.amperes().length;
                clipped += r.clipped();
                range = r.adcFullScaleAmperes();
            }
            return new VmmResult(spec.vectorCount(), outputs, amperes, clipped, range);
        });
    }

    @Override
    public int maxVmmVectors(int inputCount, int outputCount) {
        return FrameBudget.vectorsPerFrame(negotiatedFrameBytes(), Math.max(inputCount, outputCount));
    }

    @Override
    public CompletableFuture<DefinedNetwork> defineSettleNetworkAsync(SettleNetwork network) {
        return call(ProtocolOperation.SETTLE_NETWORK, () -> {
            guard.checkSettleNetwork(ProtocolOperation.SETTLE_NETWORK.wireName(), network, settles());
            return Wire.settleNetwork(network);
        }, r -> new DefinedNetwork(r.getSettleNetwork().getNetworkId(), network));
    }

    @Override
    public CompletableFuture<SettleResult> settleAsync(SettleSpec spec) {
        return call(ProtocolOperation.SETTLE, () -> {
            String op = ProtocolOperation.SETTLE.wireName();
            guard.checkSettle(op, spec, settles());
            SettleNetwork n = spec.network().network();
            int fits = maxSettleBatch(n, spec.phases(), spec.reportChanges());
            if (spec.batchSize() > fits) {
                throw new IllegalArgumentException(op + ": a batch of " + spec.batchSize() + " samples does not fit the frames of this link ("
                        + negotiatedFrameBytes() + " bytes, request and answer): nothing was sent; the largest batch that fits is " + fits
                        + " samples");
            }
            return Wire.settle(spec);
        }, r -> Wire.settle(spec, r.getSettle()));
    }

    @Override
    public int maxSettleBatch(SettleNetwork network, List<SettlePhase> phases, boolean reportChanges) {
        long sweeps = phases.stream().mapToLong(SettlePhase::iterations).sum();
        boolean nudges = phases.stream().anyMatch(SettlePhase::nudges);
        return FrameBudget.maxSettleBatch(negotiatedFrameBytes(), phases.size(), network.inputs(), nudges ? network.outputs() : 0,
                network.unitsPerSample(), reportChanges ? sweeps : 0);
    }

    private boolean settles() {
        return info.capabilities().settle();
    }

    @Override
    public CompletableFuture<Long> pulseAsync(int tile, List<DevicePulse> pulses) {
        return call(ProtocolOperation.PULSE, () -> {
            guard.checkPulses(ProtocolOperation.PULSE.wireName(), tile, pulses);
            return Wire.pulse(tile, pulses);
        }, r -> r.getPulse().getDevicePulses());
    }

    @Override
    public CompletableFuture<float[]> pulseAndReadAsync(int tile, List<DevicePulse> pulses, double readVolts,
            boolean readAfterEachPulse) {
        return call(ProtocolOperation.PULSE_READ, () -> {
            guard.checkPulseRead(ProtocolOperation.PULSE_READ.wireName(), tile, pulses, readVolts);
            return Wire.pulseRead(tile, pulses, readVolts, readAfterEachPulse);
        }, r -> Wire.siemens(r.getPulseRead().getSiemensList()));
    }

    @Override
    public CompletableFuture<OuterProductResult> outerProductUpdateAsync(OuterProductSpec spec) {
        return call(ProtocolOperation.OUTER_PRODUCT_UPDATE, () -> {
            guard.checkOuterProduct(ProtocolOperation.OUTER_PRODUCT_UPDATE.wireName(), spec);
            return Wire.outerProductUpdate(spec);
        }, r -> Wire.outerProduct(r.getOuterProductUpdate()));
    }

    @Override
    public CompletableFuture<WriteVerifyResult> writeVerifyAsync(WriteVerifySpec spec) {
        return call(ProtocolOperation.WRITE_VERIFY, () -> {
            guard.checkWriteVerify(ProtocolOperation.WRITE_VERIFY.wireName(), spec);
            return Wire.writeVerify(spec);
        }, r -> Wire.writeVerify(r.getWriteVerify()));
    }

    @Override
    public CompletableFuture<RampResult> rampAsync(RampSpec spec) {
        return call(ProtocolOperation.RAMP, () -> {
            guard.checkRamp(ProtocolOperation.RAMP.wireName(), spec);
            return Wire.ramp(spec);
        }, r -> Wire.ramp(r.getRamp()));
    }

    @Override
    public CompletableFuture<LimitsPair> limitsAsync() {
        return call(ProtocolOperation.GET_LIMITS, Wire::getLimits, this::applyLimits);
    }

    @Override
    public CompletableFuture<LimitsPair> setWorkingLimitsAsync(Limits working) {
        return call(ProtocolOperation.SET_LIMITS, () -> {
            guard.checkSetLimits(ProtocolOperation.SET_LIMITS.wireName(), working);
            return Wire.setLimits(working);
        }, this::applyLimits);
    }

    private LimitsPair applyLimits(Response r) {
        LimitsPair now = Wire.limitsPair(r.getLimits());
        guard.update(now);
        setLimits(now);
        return now;
    }

    @Override
    public CompletableFuture<Boolean> abortAsync(String reason) {
        return call(ProtocolOperation.ABORT, () -> Wire.abort(reason), r -> r.getAbort().getOperationInterrupted(), true);
    }

    @Override
    public CompletableFuture<Void> safeIdleAsync() {
        return call(ProtocolOperation.SAFE_IDLE, Wire::safeIdle, r -> null);
    }

    @Override
    public CompletableFuture<Heartbeat> heartbeatAsync() {
        return call(ProtocolOperation.HEARTBEAT, Wire::heartbeat, r -> Wire.heartbeat(r.getHeartbeat()));
    }

    @Override
    public CompletableFuture<Ledger> ledgerAsync(boolean reset) {
        return call(ProtocolOperation.LEDGER, () -> Wire.ledger(reset), r -> Wire.ledger(r.getLedger().getLedger()));
    }

    @Override
    public CompletableFuture<LeaseInfo> leaseAsync(LeaseAction action, Duration duration) {
        return call(ProtocolOperation.LEASE, () -> Wire.lease(java.util.Objects.requireNonNull(action, "action"), duration),
                r -> Wire.lease(r.getLease().getLease()));
    }

    @Override
    public CompletableFuture<Integer> setUpdateMaskAsync(int tile, BitSet mask) {
        return call(ProtocolOperation.SET_UPDATE_MASK, () -> {
            guard.checkUpdateMask(ProtocolOperation.SET_UPDATE_MASK.wireName(), tile, mask);
            return Wire.setUpdateMask(tile, mask);
        }, r -> r.getSetUpdateMask().getMaskedDevices());
    }

    @Override
    public void subscribe(BoardEventListener listener, Duration telemetryInterval) {
        events.add(java.util.Objects.requireNonNull(listener, "listener"));
        this.telemetryInterval = telemetryInterval;
        subscribed = true;
        sendSubscribe();
    }

    private void sendSubscribe() {
        call(ProtocolOperation.SUBSCRIBE, () -> Wire.subscribe(true, telemetryInterval), r -> null).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("[{}] subscribing to board events failed: {}", uri, e.getMessage());
            }
        });
    }

    @Override
    public CompletableFuture<Object> resolveOutcomeAsync(long seq) {
        return session.resolve(seq);
    }

    @Override
    public LinkStats linkStats() {
        return session.stats();
    }

    @Override
    public void close() {
        session.close(s -> safeIdleAsync());
        events.close();
    }

    @Override
    public String toString() {
        return "CrossbarBoard(" + uri + ", " + session.describeLink() + ")";
    }
}
