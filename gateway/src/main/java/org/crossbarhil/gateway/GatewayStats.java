package org.crossbarhil.gateway;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.crossbarhil.protocol.DropCounter;
import org.crossbarhil.protocol.DropReason;

/** Counters of a running gateway, for logs, tests and benchmarks. Thread-safe. */
public final class GatewayStats {
    private final LongAdder requests = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong turnedAway = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong leasesTaken = new AtomicLong();
    private final AtomicLong leasesEnded = new AtomicLong();
    private final AtomicLong boardRestarts = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final Map<ClientConnection.CutOff, AtomicLong> cutOff = new EnumMap<>(ClientConnection.CutOff.class);
    /** Blocks dropped from every client (docs/protocol.md 2.5); summarised in the log at most every 10 s. */
    private final DropCounter drops = new DropCounter(Duration.ofSeconds(10));

    GatewayStats() {
        for (ClientConnection.CutOff c : ClientConnection.CutOff.values()) {
            cutOff.put(c, new AtomicLong());
        }
    }

    /** Counts a block a client's decoder dropped; the summary to log when one is due, else null. */
    String countDropped(DropReason reason, long nowNanos) {
        drops.count(reason);
        return drops.summaryIfDue(nowNanos);
    }

    /** Blocks dropped from clients (bad CRC, bad COBS, oversized, ...; empty blocks not counted). */
    public long droppedFrames() {
        return drops.total();
    }

    void countRequest() {
        requests.increment();
    }

    void countForwarded() {
        forwarded.increment();
    }

    void countReplayed() {
        replayed.increment();
    }

    void countAccepted() {
        accepted.incrementAndGet();
    }

    void countTurnedAway() {
        turnedAway.incrementAndGet();
    }

    void countAuthFailure() {
        authFailures.incrementAndGet();
    }

    void countLeaseTaken() {
        leasesTaken.incrementAndGet();
    }

    void countLeaseEnded() {
        leasesEnded.incrementAndGet();
    }

    void countBoardRestart() {
        boardRestarts.incrementAndGet();
    }

    void countUnavailable() {
        unavailable.incrementAndGet();
    }

    void countCutOff(ClientConnection.CutOff why) {
        cutOff.get(why).incrementAndGet();
    }

    /** Requests decoded from clients, refused ones included. */
    public long requests() {
        return requests.sum();
    }

    /** Requests sent on to the board. */
    public long forwarded() {
        return forwarded.sum();
    }

    /** Retransmissions answered from a session's memory. */
    public long replayed() {
        return replayed.sum();
    }

    public long accepted() {
        return accepted.get();
    }

    /** Connections refused because --max-clients were connected. */
    public long turnedAway() {
        return turnedAway.get();
    }

    public long authFailures() {
        return authFailures.get();
    }

    public long leasesTaken() {
        return leasesTaken.get();
    }

    public long leasesEnded() {
        return leasesEnded.get();
    }

    /** Restarts of the board behind the gateway passed on to the clients. */
    public long boardRestarts() {
        return boardRestarts.get();
    }

    /** Requests answered UNAVAILABLE because the board could not be reached. */
    public long unavailable() {
        return unavailable.get();
    }

    /** Clients cut off for this reason ("OVERSIZED", "GARBAGE", "FLOOD", "SLOW_READER", "HANDSHAKE_TIMEOUT", "IDLE_TIMEOUT"). */
    public long cutOff(String reason) {
        return cutOff.get(ClientConnection.CutOff.valueOf(reason)).get();
    }

    @Override
    public String toString() {
        return "GatewayStats{requests=" + requests() + ", forwarded=" + forwarded() + ", replayed=" + replayed() + ", accepted="
                + accepted() + ", turnedAway=" + turnedAway() + ", authFailures=" + authFailures() + ", cutOff=" + cutOff + ", droppedFrames=" + droppedFrames() + "}";
    }
}
