package org.crossbarhil.driver.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.crossbarhil.driver.BoardEvent;
import org.crossbarhil.driver.BoardEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers board events to listeners on one thread of its own, in arrival order, so a slow
 * listener delays other events but never the link. A listener that throws is logged and skipped.
 */
final class EventDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<BoardEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;

    EventDispatcher(String name) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    void add(BoardEventListener listener) {
        listeners.add(listener);
    }

    void emit(BoardEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> {
                for (BoardEventListener l : listeners) {
                    try {
                        l.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.warn("board event listener {} failed on {}", l, event.kind(), e);
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            // The board is closing; events after close are not delivered.
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
