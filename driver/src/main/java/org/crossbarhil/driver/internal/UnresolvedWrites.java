package org.crossbarhil.driver.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.crossbarhil.protocol.v1.Response;

/**
 * Write-class calls that failed as "outcome unknown", by seq, so they can be re-asked with the
 * same key. A response that arrives after the caller gave up is kept here too: it answers a
 * later {@code resolveOutcome} without another round trip. Bounded: the oldest entries go first.
 */
final class UnresolvedWrites {
    static final int CAPACITY = 4096;

    static final class Entry {
        final Call<?> call;
        Response late;
        CompletableFuture<Object> resolving;

        Entry(Call<?> call) {
            this.call = call;
        }
    }

    private final Map<Long, Entry> bySeq = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void add(Call<?> call) {
        Entry e = bySeq.get(call.seq);
        if (e == null) {
            bySeq.put(call.seq, new Entry(call));
        }
    }

    /** Keeps a late response for an unresolved seq; false when the seq is not unresolved. */
    synchronized boolean offerLate(Response response) {
        Entry e = bySeq.get(response.getSeq());
        if (e == null) {
            return false;
        }
        e.late = response;
        return true;
    }

    synchronized Entry get(long seq) {
        return bySeq.get(seq);
    }

    synchronized void remove(long seq) {
        bySeq.remove(seq);
    }

    synchronized List<Long> seqs() {
        return new ArrayList<>(bySeq.keySet());
    }
}
