package org.crossbarhil.simulator.firmware;

import org.crossbarhil.protocol.v1.Event;

/** Where a connection's unsolicited events go (the link writer, or a list in tests). */
@FunctionalInterface
public interface EventSink {
    EventSink NONE = e -> {
    };

    void send(Event event);
}
