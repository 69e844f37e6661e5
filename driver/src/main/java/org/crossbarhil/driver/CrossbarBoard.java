package org.crossbarhil.driver;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A crossbar test board, real or simulated, local or behind a gateway. Every protocol operation
 * is here, in SI units, with an asynchronous form (for pipelining: several requests in flight)
 * and a synchronous default that waits for it. Implementations are thread-safe.
 *
 * <p>Errors by kind: a status from the board is a {@link BoardStatusException} (out of
 * envelope, lease held, ...); a limit the driver can check itself is refused before sending with
 * an {@link EnvelopeException}; a lost link or timeout is a {@link BoardLinkException}; a
 * write-class request whose response never arrived is an {@link OutcomeUnknownException};
 * a caller bug (tile out of range, empty vector) is an {@link IllegalArgumentException}.
 *
 * <p>Obtain one with {@link Boards#open(String)}.
 */
public interface CrossbarBoard extends AutoCloseable {

    /** What the board said about itself in the handshake (refreshed by {@link #refreshInfo}). */
    BoardInfo info();

    /** The URI this board was opened with, without secrets. */
    String uri();

    CompletableFuture<BoardInfo> refreshInfoAsync();

    default BoardInfo refreshInfo() {
        return Futures.await(refreshInfoAsync());
    }

    /** Changes read-path defaults; a field left 0 keeps its value. Returns the new configuration. */
    CompletableFuture<ReadConfig> configureAsync(ReadConfig changes);

    default ReadConfig configure(ReadConfig changes) {
        return Futures.await(configureAsync(changes));
    }

    /** Conductance reads: each device read alone at the read voltage, G = I / V. */
    CompletableFuture<ConductanceMap> readAsync(ReadSpec spec);

    default ConductanceMap read(ReadSpec spec) {
        return Futures.await(readAsync(spec));
    }

    default double readDevice(int tile, int row, int col) {
        return read(ReadSpec.device(tile, row, col)).get(row, col);
    }

    default ConductanceMap readRow(int tile, int row) {
        return read(ReadSpec.row(tile, row));
    }

    /** The whole tile; split into several requests when one would exceed the frame size. */
    ConductanceMap readTile(int tile);

    /** Batched vector-matrix multiply, forward or transposed; a batch larger than {@link #maxVmmVectors} goes as several requests. */
    CompletableFuture<VmmResult> vmmAsync(VmmSpec spec);

    /**
     * The largest VMM batch that goes as one request: its voltages ({@code inputCount} per vector)
     * and the response's currents ({@code outputCount} per vector) both fit the frame size
     * negotiated with the board. Callers that want one ADC range per request size their batches
     * with this.
     */
    int maxVmmVectors(int inputCount, int outputCount);

    default VmmResult vmm(VmmSpec spec) {
        return Futures.await(vmmAsync(spec));
    }

    /**
     * Describes a network for the board to settle itself (docs/protocol.md section 3.5); the board
     * keeps it until it restarts or newer networks push it out.
     *
     * @throws UnsupportedOperationException (in the future) when the board does not settle ({@link Capabilities#settle()})
     */
    default CompletableFuture<DefinedNetwork> defineSettleNetworkAsync(SettleNetwork network) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "settle_network: " + getClass().getSimpleName() + " does not settle networks; iterate VMMs from the host"));
    }

    default DefinedNetwork defineSettleNetwork(SettleNetwork network) {
        return Futures.await(defineSettleNetworkAsync(network));
    }

    /**
     * Settles a batch on the board in one request: every phase's states of every layer. A batch
     * larger than {@link #maxSettleBatch} is refused before anything is sent.
     */
    default CompletableFuture<SettleResult> settleAsync(SettleSpec spec) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "settle: " + getClass().getSimpleName() + " does not settle networks; iterate VMMs from the host"));
    }

    default SettleResult settle(SettleSpec spec) {
        return Futures.await(settleAsync(spec));
    }

    /**
     * The largest batch of this network and these phases whose settle request and answer both fit
     * the frame size negotiated with the board (0: not even one sample).
     */
    default int maxSettleBatch(SettleNetwork network, List<SettlePhase> phases, boolean reportChanges) {
        return 0;
    }

    /** Pulse trains on a list of devices of one tile, in order. Returns device pulses applied. */
    CompletableFuture<Long> pulseAsync(int tile, List<DevicePulse> pulses);

    default long pulse(int tile, List<DevicePulse> pulses) {
        return Futures.await(pulseAsync(tile, pulses));
    }

    default long pulseDevice(int tile, DevicePulse pulse) {
        return pulse(tile, List.of(pulse));
    }

    /** Pulses then reads: one conductance per device, or per pulse with {@code readAfterEachPulse}. */
    CompletableFuture<float[]> pulseAndReadAsync(int tile, List<DevicePulse> pulses, double readVolts,
            boolean readAfterEachPulse);

    default float[] pulseAndRead(int tile, List<DevicePulse> pulses, double readVolts, boolean readAfterEachPulse) {
        return Futures.await(pulseAndReadAsync(tile, pulses, readVolts, readAfterEachPulse));
    }

    /** Parallel stochastic outer-product update (row/column pulse trains, V/2 half-select). */
    CompletableFuture<OuterProductResult> outerProductUpdateAsync(OuterProductSpec spec);

    default OuterProductResult outerProductUpdate(OuterProductSpec spec) {
        return Futures.await(outerProductUpdateAsync(spec));
    }

    /** Closed-loop programming to target conductances, run on the board. */
    CompletableFuture<WriteVerifyResult> writeVerifyAsync(WriteVerifySpec spec);

    default WriteVerifyResult writeVerify(WriteVerifySpec spec) {
        return Futures.await(writeVerifyAsync(spec));
    }

    /** Voltage ramp on one device with a stop condition (forming, I-V sweeps). */
    CompletableFuture<RampResult> rampAsync(RampSpec spec);

    default RampResult ramp(RampSpec spec) {
        return Futures.await(rampAsync(spec));
    }

    /** Hard ceilings and working limits, as the board holds them now. */
    CompletableFuture<LimitsPair> limitsAsync();

    default LimitsPair limits() {
        return Futures.await(limitsAsync());
    }

    /** Replaces the working limits (each within the hard ones). Returns both as now in force. */
    CompletableFuture<LimitsPair> setWorkingLimitsAsync(Limits working);

    default LimitsPair setWorkingLimits(Limits working) {
        return Futures.await(setWorkingLimitsAsync(working));
    }

    /** Stops whatever runs and puts the board in safe idle. Never queued behind other requests. */
    CompletableFuture<Boolean> abortAsync(String reason);

    default boolean abort(String reason) {
        return Futures.await(abortAsync(reason));
    }

    CompletableFuture<Void> safeIdleAsync();

    default void safeIdle() {
        Futures.await(safeIdleAsync());
    }

    CompletableFuture<Heartbeat> heartbeatAsync();

    default Heartbeat heartbeat() {
        return Futures.await(heartbeatAsync());
    }

    /** Energy/latency ledger; with {@code reset}, returns the totals and zeroes them. */
    CompletableFuture<Ledger> ledgerAsync(boolean reset);

    default Ledger ledger() {
        return Futures.await(ledgerAsync(false));
    }

    default Ledger resetLedger() {
        return Futures.await(ledgerAsync(true));
    }

    /** Control lease on a gateway (acquire, renew, release, query). */
    CompletableFuture<LeaseInfo> leaseAsync(LeaseAction action, Duration duration);

    default LeaseInfo lease(LeaseAction action, Duration duration) {
        return Futures.await(leaseAsync(action, duration));
    }

    /** 1T1R boards: devices whose bit (row * cols + col) is set are left out of outer-product updates. */
    CompletableFuture<Integer> setUpdateMaskAsync(int tile, BitSet mask);

    default int setUpdateMask(int tile, BitSet mask) {
        return Futures.await(setUpdateMaskAsync(tile, mask));
    }

    /** Asks for events (and telemetry every interval, or none when null) to reach the listener. */
    void subscribe(BoardEventListener listener, Duration telemetryInterval);

    /**
     * Asks the board again about a write that failed with {@link OutcomeUnknownException}: the
     * same request, same seq, same bytes, so the board answers from its idempotency memory if it
     * executed it, or executes it now (once) if it never received it. Completes with what the
     * original call would have returned (a {@code Long} for pulse, an {@link OuterProductResult}
     * for an outer-product update, ...). Fails with {@link OutcomeUnknownException} again while
     * the board stays unreachable, and for good once the board cannot know any more (it restarted
     * and lost its memory, or the memory's time-to-live passed); then read the devices.
     *
     * @throws IllegalArgumentException (in the future) when {@code seq} is not an unresolved write
     */
    default CompletableFuture<Object> resolveOutcomeAsync(long seq) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "resolveOutcome: " + getClass().getSimpleName() + " has no idempotency memory to ask"));
    }

    default Object resolveOutcome(long seq) {
        return Futures.await(resolveOutcomeAsync(seq));
    }

    /**
     * After a {@link BoardRestartedException} (or a {@link BoardEvent.Kind#RESTARTED} event): the
     * caller knows the chip is a new one and takes it as it is; calls go out again. Nothing is
     * resent. Does nothing when no restart is pending.
     */
    default void acknowledgeRestart() {
    }

    /** Link statistics: requests, retransmissions, reconnects, dropped frames. */
    LinkStats linkStats();

    /** Puts the board in safe idle when possible, then closes the link. Idempotent. */
    @Override
    void close();
}
