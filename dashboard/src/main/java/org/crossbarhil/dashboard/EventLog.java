package org.crossbarhil.dashboard;

import io.javalin.http.sse.SseClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server-sent events of one page: what every open page receives, and what a page opened
 * mid-run is sent first so that it shows the run so far.
 *
 * <p>Each kind is kept one of two ways: {@link #history} kinds (epochs, safety events) keep every
 * event, up to {@code maxHistory} (the oldest go first); any other kind keeps only its latest
 * event (a heatmap, the progress line), since a page shows only the newest one.
 *
 * <p>Events are written to the JSON text on the caller's thread and sent on one sender thread, so
 * a slow page never holds up training, and a page joining sees history and live events in order.
 */
public final class EventLog implements Feed {
    private final Set<String> history;
    private final int maxHistory;
    private final Deque<Event> kept = new ArrayDeque<>();
    private final Map<String, Event> latest = new LinkedHashMap<>();
    private final List<SseClient> clients = new ArrayList<>();
    private final ExecutorService sender;

    private record Event(String kind, String json) {
    }

    /**
     * @param history    kinds whose every event is kept and replayed
     * @param maxHistory events of those kinds kept at most (expected: > 0)
     */
    public EventLog(Set<String> history, int maxHistory) {
        if (maxHistory <= 0) {
            throw new IllegalArgumentException("maxHistory: " + maxHistory + " (expected: > 0)");
        }
        this.history = Set.copyOf(history);
        this.maxHistory = maxHistory;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dashboard-events");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void publish(String kind, Object data) {
        Event e = new Event(kind, JsonText.write(data));
        if (!sender.isShutdown()) {
            sender.execute(() -> deliver(e));
        }
    }

    /** Takes a page's event stream: replays what is kept, then keeps it open for live events. */
    void join(SseClient client) {
        client.keepAlive();
        client.onClose(() -> sender.execute(() -> clients.remove(client)));
        sender.execute(() -> {
            kept.forEach(e -> client.sendEvent(e.kind(), e.json()));
            latest.values().forEach(e -> client.sendEvent(e.kind(), e.json()));
            client.sendEvent("replayed", "{}");
            clients.add(client);
        });
    }

    /** Pages connected now. */
    public int clients() {
        try {
            return sender.submit(clients::size).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting dashboard pages", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("dashboard event thread did not answer", e);
        }
    }

    private void deliver(Event e) {
        if (history.contains(e.kind())) {
            kept.addLast(e);
            if (kept.size() > maxHistory) {
                kept.removeFirst();
            }
        } else {
            latest.put(e.kind(), e);
        }
        clients.removeIf(SseClient::terminated);
        for (SseClient c : clients) {
            c.sendEvent(e.kind(), e.json());
        }
    }

    /** Ends every stream; events published later are dropped. */
    @Override
    public void close() {
        sender.execute(() -> {
            clients.forEach(SseClient::close);
            clients.clear();
        });
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
