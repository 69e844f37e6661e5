package org.crossbarhil.simulator.firmware;

import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.FaultEvent;
import org.crossbarhil.protocol.v1.LimitsChangedEvent;
import org.crossbarhil.protocol.v1.SafeIdleEvent;
import org.crossbarhil.protocol.v1.TelemetryEvent;

/**
 * Delivers events (protocol section 9): safe idle and faults to every connection that completed
 * Hello, subscribed or not, because a host must learn that its board stopped driving lines;
 * limit changes to subscribers; telemetry to each subscriber at its own interval. Event sequence
 * numbers count per connection, so a host can detect a gap in what it was sent.
 */
final class EventHub {
    private final List<FirmwareConnection> connections = new ArrayList<>();

    void add(FirmwareConnection c) {
        connections.add(c);
    }

    void remove(FirmwareConnection c) {
        connections.remove(c);
    }

    /** The open connections, in the order they connected. */
    List<FirmwareConnection> connections() {
        return List.copyOf(connections);
    }

    void safeIdle(String reason, double boardTime) {
        toEveryHost(Event.newBuilder().setBoardTimeSeconds(boardTime).setSafeIdle(SafeIdleEvent.newBuilder().setReason(reason)));
    }

    void fault(org.crossbarhil.protocol.v1.Status status, String message, double boardTime) {
        toEveryHost(Event.newBuilder().setBoardTimeSeconds(boardTime)
                .setFault(FaultEvent.newBuilder().setStatus(status).setMessage(message)));
    }

    void limitsChanged(org.crossbarhil.protocol.v1.Limits working, double boardTime) {
        broadcast(Event.newBuilder().setBoardTimeSeconds(boardTime)
                .setLimitsChanged(LimitsChangedEvent.newBuilder().setWorkingLimits(working)));
    }

    /** Sends telemetry to every connection whose interval has passed. */
    void telemetry(long nowNanos, double boardTime, java.util.function.Supplier<TelemetryEvent> snapshot) {
        TelemetryEvent t = null;
        for (FirmwareConnection c : List.copyOf(connections)) {
            if (c.telemetryDue(nowNanos)) {
                if (t == null) {
                    t = snapshot.get();
                }
                c.emit(Event.newBuilder().setBoardTimeSeconds(boardTime).setTelemetry(t));
            }
        }
    }

    private void toEveryHost(Event.Builder event) {
        for (FirmwareConnection c : List.copyOf(connections)) {
            if (c.hearsSafetyEvents()) {
                c.emit(event.clone());
            }
        }
    }

    private void broadcast(Event.Builder event) {
        for (FirmwareConnection c : List.copyOf(connections)) {
            if (c.wantsEvents()) {
                c.emit(event.clone());
            }
        }
    }
}
