package org.crossbarhil.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.crossbarhil.protocol.v1.LeaseInfo;

/**
 * The control lease: at most one client session at a time may run write-class operations. It is
 * taken (explicitly, or by a first write when the gateway grants it automatically), renewed by
 * every request and heartbeat of the holder's session, and ends by release, by expiry, or when the
 * holder's last connection closes. It belongs to the session, not to the token, so two programs
 * sharing a token still contend.
 *
 * <p>State only: the consequences of a lease ending (safe idle, events, audit) are the
 * {@link Gateway}'s. Thread-safe; times come from the caller so tests need not sleep.
 */
final class ControlLease {
    /** A holder as of some moment. */
    record Holder(ClientSession session, ClientIdentity identity, Instant expires, long expiresNanos, Duration term) {
    }

    /** Outcome of a request to take or keep the lease. */
    record Grant(boolean granted, boolean fresh, Holder holder) {
    }

    private Holder holder;

    /**
     * Takes the lease for {@code s} when it is free, or extends it when {@code s} holds it (by
     * {@code term}, which replaces the holder's term). Refused (granted = false, holder = the
     * other) when another session holds it.
     */
    synchronized Grant acquire(ClientSession s, ClientIdentity who, Duration term, long nowNanos) {
        if (holder != null && holder.session() != s) {
            return new Grant(false, false, holder);
        }
        boolean fresh = holder == null;
        holder = new Holder(s, who, Instant.now().plus(term), nowNanos + term.toNanos(), term);
        return new Grant(true, fresh, holder);
    }

    /** Extends the lease by its term when {@code s} holds it; returns whether it does. */
    synchronized boolean renew(ClientSession s, long nowNanos) {
        if (holder == null || holder.session() != s) {
            return false;
        }
        Duration term = holder.term();
        holder = new Holder(s, holder.identity(), Instant.now().plus(term), nowNanos + term.toNanos(), term);
        return true;
    }

    /** Ends the lease if {@code s} holds it; returns the holder it had, or null. */
    synchronized Holder release(ClientSession s) {
        if (holder == null || holder.session() != s) {
            return null;
        }
        Holder was = holder;
        holder = null;
        return was;
    }

    /** Ends the lease if its time is up; returns the holder it had, or null. */
    synchronized Holder expireIfDue(long nowNanos) {
        if (holder == null || nowNanos - holder.expiresNanos() < 0) {
            return null;
        }
        Holder was = holder;
        holder = null;
        return was;
    }

    synchronized Holder holder() {
        return holder;
    }

    synchronized boolean isFree() {
        return holder == null;
    }

    synchronized boolean heldBy(ClientSession s) {
        return holder != null && holder.session() == s;
    }

    /** The lease as {@code viewer} is told it (null viewer: nobody's). */
    LeaseInfo info(ClientSession viewer) {
        return info(holder(), viewer);
    }

    static LeaseInfo info(Holder h, ClientSession viewer) {
        if (h == null) {
            return LeaseInfo.newBuilder().setHeld(false).build();
        }
        return LeaseInfo.newBuilder()
                .setHeld(true)
                .setHolder(h.identity().display())
                .setExpiresUnixSeconds(h.expires().getEpochSecond() + h.expires().getNano() / 1e9)
                .setHeldByYou(viewer != null && h.session() == viewer)
                .build();
    }

    /** The refusal a client without the lease gets: who holds it and until when. */
    static String heldMessage(Holder h, String operation, long nowNanos) {
        double left = Math.max(0, (h.expiresNanos() - nowNanos) / 1e9);
        return String.format(Locale.ROOT, "the control lease is held by %s until %s (%.1f s from now, renewed while it is "
                + "active); this client may observe (info, events, telemetry, ledger, reads, VMM) but not run %s: wait for the "
                + "holder to release it or for it to expire", h.identity().display(), h.expires(), left, operation);
    }
}
