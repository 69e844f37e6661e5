package org.crossbarhil.gateway;

import java.time.Duration;
import org.crossbarhil.protocol.v1.BoardRestartedEvent;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.LeaseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events to the clients: the board's safe idle and faults to every client past its handshake
 * (protocol section 9: a host must learn that the board stopped, subscribed or not) and its limit
 * changes to subscribers, as they come; telemetry to each client at its own interval; and the
 * gateway's own lease events. Each connection numbers its events itself, so a client can detect a
 * gap in what it was sent.
 *
 * <p>The gateway subscribes to the board once, for every event, with telemetry at the finest
 * interval any client asked for (none when nobody did).
 */
final class EventRelay {
    private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);

    private final Gateway g;
    private long upstreamTelemetryNanos = -1;

    EventRelay(Gateway gateway) {
        this.g = gateway;
    }

    /** An event from the board (a driver thread). */
    void fromBoard(Event e) {
        switch (e.getBodyCase()) {
            case TELEMETRY: {
                long now = System.nanoTime();
                for (ClientConnection c : g.connections()) {
                    if (c.telemetryDue(now)) {
                        c.sendEvent(e);
                    }
                }
                return;
            }
            case LIMITS_CHANGED:
                g.metrics().safetyEvent("limits_changed");
                g.noteSafety("limits_changed", "working limits " + ProtoJson.toJson(e.getLimitsChanged().getWorkingLimits()));
                g.trackLimits(e.getLimitsChanged().getWorkingLimits());
                broadcast(e);
                return;
            case LEASE:
                // A board has no lease; only the gateway's own lease events are meaningful here.
                return;
            default:
                if (e.hasFault() || e.hasSafeIdle()) {
                    g.metrics().safetyEvent(e.hasFault() ? "fault" : "safe_idle");
                    g.noteSafety(e.hasFault() ? "fault" : "safe_idle", e.hasFault() ? e.getFault().getMessage() : e.getSafeIdle().getReason());
                }
                broadcast(e);
        }
    }

    private void broadcast(Event e) {
        for (ClientConnection c : g.connections()) {
            if (c.wantsEvents() || ((e.hasSafeIdle() || e.hasFault()) && c.established())) {
                c.sendEvent(e);
            }
        }
    }

    /**
     * The board behind the gateway restarted: every client past its handshake hears it,
     * subscribed or not, as it would a safe idle: whatever it read or programmed is gone.
     */
    void boardRestarted(long previousBootId, long bootId, String message) {
        Event e = Event.newBuilder().setBoardTimeSeconds(g.uptimeSeconds()).setBoardRestarted(BoardRestartedEvent.newBuilder()
                .setPreviousBootId(previousBootId).setBootId(bootId).setMessage(message)).build();
        for (ClientConnection c : g.connections()) {
            if (c.established()) {
                c.sendEvent(e);
            }
        }
    }

    /** Tells every subscriber who holds the lease now (each is told whether it is them). */
    void leaseChanged() {
        ControlLease.Holder h = g.lease().holder();
        double t = g.uptimeSeconds();
        for (ClientConnection c : g.connections()) {
            if (c.wantsEvents()) {
                c.sendEvent(Event.newBuilder().setBoardTimeSeconds(t)
                        .setLease(LeaseEvent.newBuilder().setLease(ControlLease.info(h, c.session()))).build());
            }
        }
    }

    /** Re-subscribes to the board when the finest telemetry interval wanted has changed. */
    void subscriptionsChanged() {
        long finest = 0;
        for (ClientConnection c : g.connections()) {
            long t = c.telemetryIntervalNanos();
            if (t > 0 && (finest == 0 || t < finest)) {
                finest = t;
            }
        }
        synchronized (this) {
            if (finest == upstreamTelemetryNanos) {
                return;
            }
            upstreamTelemetryNanos = finest;
        }
        g.upstream().subscribe(Duration.ofNanos(finest)).whenComplete((r, e) -> {
            if (e != null || r.getStatus() != org.crossbarhil.protocol.v1.Status.STATUS_OK) {
                LOG.warn("gateway: subscribing to the board's events failed: {}",
                        e != null ? e.getMessage() : r.getStatus() + ": " + r.getMessage());
            }
        });
    }
}
