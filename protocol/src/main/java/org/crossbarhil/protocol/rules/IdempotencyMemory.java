package org.crossbarhil.protocol.rules;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.crossbarhil.protocol.v1.Request;

/**
 * One session's idempotency memory (docs/protocol.md section 6), keyed by seq: a retransmission
 * is answered from memory and never executed twice. The simulator's firmware keeps one per host
 * session, a gateway one per client session; both forget exactly as this class does.
 *
 * <ul>
 *   <li><b>Same key, same request</b> (compared by a SHA-256 digest of its encoding): the
 *       remembered answer ({@link Kind#REPLAY}), or, while the first copy still executes,
 *       {@link Kind#PENDING}: it is not executed again.
 *   <li><b>Same key, another request</b>: {@link Kind#CONFLICT}.
 *   <li><b>What is remembered</b>: every answer except those of Hello, heartbeat, abort and
 *       subscribe ({@link ProtocolOperation#remembered()}), for the {@code ttl} after it was
 *       produced. An unknown request body (of a later minor version) is remembered like a read.
 *   <li><b>Bounds</b>: at most {@code capacity} answers and {@code maxBytes} of them. Over a
 *       bound, read answers go first (repeating a read changes nothing), then the oldest write
 *       answers; the newest answer is always kept, even alone over the byte bound, so that its
 *       own retransmission finds it. Requests still executing are never dropped and count
 *       against neither bound. New requests are never refused for want of room: refusing
 *       would make the memory a rate limit of capacity / ttl writes.
 *   <li><b>Forgotten writes</b>: once a write answer has been dropped (expired or pushed out),
 *       a write-class request that is not in memory and whose seq is at or below the highest
 *       forgotten write seq is {@link Kind#FORGOTTEN}: the memory can no longer tell whether it
 *       ran, so it must be refused, never run. A forgotten read simply runs again.
 * </ul>
 *
 * Seqs are uint64 and compared unsigned. Time comes from the clock given to the constructor
 * (nanoseconds, monotonic). {@code T} is what the caller keeps under a key: the answer itself
 * (the simulator keeps the response), or an exchange that will hold it (a gateway).
 *
 * <p>Thread-safe: each method synchronizes on this memory.
 */
public final class IdempotencyMemory<T> {
    /** Charged for each remembered answer on top of the bytes the caller reports: key, digest, bookkeeping. */
    public static final long ENTRY_OVERHEAD_BYTES = 64;

    /** What {@link #begin} found for a key. */
    public enum Kind {
        /** Not in memory: execute it, then {@link #complete} (or {@link #abandon}) the new slot. */
        NEW,
        /** Answered before: send the remembered answer again, marked replayed, and execute nothing. */
        REPLAY,
        /** The first copy is still executing: execute nothing; its answer will serve both. */
        PENDING,
        /** The seq was used for another request: refuse, execute nothing. */
        CONFLICT,
        /** A write whose key the memory has forgotten: refuse, execute nothing. */
        FORGOTTEN
    }

    /** The outcome of {@link #begin}: the slot found or made, null for {@link Kind#FORGOTTEN}. */
    public record Lookup<T>(Kind kind, Slot<T> slot) {
        /** The caller's value under the key: the remembered answer for {@link Kind#REPLAY}. */
        public T value() {
            return slot == null ? null : slot.value();
        }
    }

    /** One key: executing until completed, then remembered until dropped. */
    public static final class Slot<T> {
        private final long seq;
        private final byte[] digest;
        private final ProtocolOperation operation;
        private final boolean write;
        private final boolean remembered;
        private volatile T value;
        private volatile boolean answered;
        private long answeredNanos;
        private long bytes;

        private Slot(long seq, byte[] digest, ProtocolOperation operation, boolean write, boolean remembered, T value) {
            this.seq = seq;
            this.digest = digest;
            this.operation = operation;
            this.write = write;
            this.remembered = remembered;
            this.value = value;
        }

        public long seq() {
            return seq;
        }

        /** The operation of the request that took this key; empty for a body this protocol version does not know. */
        public Optional<ProtocolOperation> operation() {
            return Optional.ofNullable(operation);
        }

        public boolean writeClass() {
            return write;
        }

        /** The value given to {@link #begin}, or the answer given to {@link #complete} once completed. */
        public T value() {
            return value;
        }

        /** Whether the answer is in memory (completed and remembered, not yet dropped or never). */
        public boolean answered() {
            return answered;
        }
    }

    private final long ttlNanos;
    private final int capacity;
    private final long maxBytes;
    private final LongSupplier nanoClock;
    private final Map<Long, Slot<T>> executing = new HashMap<>();
    // Each in the order the answers were produced, which is their age order.
    private final LinkedHashMap<Long, Slot<T>> readAnswers = new LinkedHashMap<>();
    private final LinkedHashMap<Long, Slot<T>> writeAnswers = new LinkedHashMap<>();
    private long bytes;
    private long highestSeq;
    private boolean forgotAWrite;
    private long highestForgottenWrite;

    /**
     * @param ttl how long an answer is remembered after it was produced ({@code idempotency_ttl_seconds})
     * @param capacity the most answers remembered ({@code idempotency_capacity})
     * @param maxBytes the most bytes of answers remembered, as reported to {@link #complete}
     * @param nanoClock monotonic time in nanoseconds
     */
    public IdempotencyMemory(Duration ttl, int capacity, long maxBytes, LongSupplier nanoClock) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl " + ttl + " (expected: > 0)");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " (expected: >= 1)");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " (expected: >= 1)");
        }
        this.ttlNanos = ttl.toNanos();
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Looks the request's key up and, when it is {@link Kind#NEW}, takes the key for it: a slot
     * holding {@code value} that stays executing until {@link #complete} or {@link #abandon}.
     * Expired answers are dropped first.
     *
     * @throws IllegalArgumentException for a write-class request with seq 0, which a board side
     *         refuses before it gets here ({@link Handshake#unnumberedWrite}) and never remembers
     */
    public synchronized Lookup<T> begin(Request request, T value) {
        if (Handshake.unnumberedWrite(request) != null) {
            throw new IllegalArgumentException("a " + request.getBodyCase() + " with seq 0 has no key (refuse it with "
                    + "Handshake.unnumberedWrite first)");
        }
        expireAnswers(nanoClock.getAsLong());
        long seq = request.getSeq();
        byte[] digest = digest(request);
        Slot<T> known = find(seq);
        if (known != null) {
            if (!Arrays.equals(known.digest, digest)) {
                return new Lookup<>(Kind.CONFLICT, known);
            }
            return new Lookup<>(known.answered ? Kind.REPLAY : Kind.PENDING, known);
        }
        ProtocolOperation op = ProtocolOperation.find(request.getBodyCase()).orElse(null);
        boolean write = op != null && op.isWriteClass(request);
        if (write && forgotAWrite && Long.compareUnsigned(seq, highestForgottenWrite) <= 0) {
            return new Lookup<>(Kind.FORGOTTEN, null);
        }
        Slot<T> slot = new Slot<>(seq, digest, op, write, op == null || op.remembered(), value);
        executing.put(seq, slot);
        noteSeq(seq);
        return new Lookup<>(Kind.NEW, slot);
    }

    /**
     * Records the answer of a slot that {@link #begin} made. A remembered operation's answer is
     * kept under the key, charged {@code answerBytes} plus {@link #ENTRY_OVERHEAD_BYTES}, and the
     * memory then forgets what it must to stay within its bounds; an answer that is not
     * remembered frees the key. A slot already completed or abandoned is left as it is.
     */
    public synchronized void complete(Slot<T> slot, T answer, long answerBytes) {
        if (answerBytes < 0) {
            throw new IllegalArgumentException("answerBytes " + answerBytes + " (expected: >= 0)");
        }
        if (executing.get(slot.seq) != slot) {
            return;
        }
        executing.remove(slot.seq);
        slot.value = answer;
        if (!slot.remembered) {
            return;
        }
        long now = nanoClock.getAsLong();
        slot.answeredNanos = now;
        slot.bytes = answerBytes + ENTRY_OVERHEAD_BYTES;
        slot.answered = true;
        (slot.write ? writeAnswers : readAnswers).put(slot.seq, slot);
        bytes += slot.bytes;
        expireAnswers(now);
        while (answers() > 1 && (answers() > capacity || bytes > maxBytes)) {
            dropEldest(readAnswers.isEmpty() ? writeAnswers : readAnswers);
        }
    }

    /**
     * Frees the key of an executing slot without an answer: for a request that never reached
     * what executes it, so that its retransmission may go out again.
     */
    public synchronized void abandon(Slot<T> slot) {
        if (executing.get(slot.seq) == slot) {
            executing.remove(slot.seq);
        }
    }

    /** Records that a request ran without passing through {@link #begin} (a heartbeat answered at once): it counts for {@link #highestSeq}. */
    public synchronized void executed(long seq) {
        noteSeq(seq);
    }

    /** Drops answers older than the ttl. */
    public synchronized void expire() {
        expireAnswers(nanoClock.getAsLong());
    }

    /** The highest seq taken or executed in this session (unsigned), remembered or not; 0 when none (Hello's {@code highest_seq_seen}). */
    public synchronized long highestSeq() {
        return highestSeq;
    }

    /** The highest seq of a write answer this memory has dropped (unsigned); 0 when none. */
    public synchronized long highestForgottenWrite() {
        return highestForgottenWrite;
    }

    /** Answers remembered plus requests executing. */
    public synchronized int size() {
        return executing.size() + answers();
    }

    /** Whether nothing is remembered or executing (the record of forgotten writes aside). */
    public synchronized boolean isEmpty() {
        return size() == 0;
    }

    /** Bytes charged for the answers remembered now. */
    public synchronized long bytes() {
        return bytes;
    }

    private Slot<T> find(long seq) {
        Slot<T> s = executing.get(seq);
        if (s == null) {
            s = writeAnswers.get(seq);
        }
        return s != null ? s : readAnswers.get(seq);
    }

    private int answers() {
        return readAnswers.size() + writeAnswers.size();
    }

    private void noteSeq(long seq) {
        if (Long.compareUnsigned(seq, highestSeq) > 0) {
            highestSeq = seq;
        }
    }

    private void expireAnswers(long now) {
        expire(readAnswers, now);
        expire(writeAnswers, now);
    }

    private void expire(LinkedHashMap<Long, Slot<T>> answers, long now) {
        // Age order: the first answer young enough ends the expired ones.
        while (!answers.isEmpty() && now - answers.values().iterator().next().answeredNanos >= ttlNanos) {
            dropEldest(answers);
        }
    }

    private void dropEldest(LinkedHashMap<Long, Slot<T>> answers) {
        Iterator<Slot<T>> it = answers.values().iterator();
        Slot<T> eldest = it.next();
        it.remove();
        eldest.answered = false;
        bytes -= eldest.bytes;
        if (eldest.write && (!forgotAWrite || Long.compareUnsigned(eldest.seq, highestForgottenWrite) > 0)) {
            forgotAWrite = true;
            highestForgottenWrite = eldest.seq;
        }
    }

    private static byte[] digest(Request request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(request.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
