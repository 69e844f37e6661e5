package org.crossbarhil.driver.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.crossbarhil.driver.LinkStats;

/** What one session counts for {@link LinkStats}; each part of the session counts its own events. */
final class SessionCounters {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retransmissions = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();

    LinkStats snapshot(int inFlight) {
        return new LinkStats(requests.get(), retransmissions.get(), timeouts.get(), reconnects.get(), dropped.get(),
                replayed.get(), inFlight, unmatched.get());
    }
}
