package org.crossbarhil.driver;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.crossbarhil.driver.internal.LinkSession;
import org.crossbarhil.driver.internal.RawCalls;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Links;
import org.crossbarhil.protocol.v1.Event;
import org.crossbarhil.protocol.v1.HelloResponse;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A board as protobuf requests in and responses out, for code that relays the protocol (the
 * gateway): the same {@link LinkSession} as every {@code CrossbarBoard}, so the relay gets the
 * driver's handshake, seqs, retransmission under the same idempotency key, heartbeat and
 * reconnect, but no envelope check and no mapping to records; the board's own check applies.
 *
 * <p>{@link #forward} answers with the board's {@link Response}, whatever its status: a board
 * refusal is an ordinary answer here. The future fails only when no answer can be had:
 * {@link org.crossbarhil.driver.BoardLinkException} (not sent, or timed out) or its subtype
 * {@link org.crossbarhil.driver.OutcomeUnknownException} for a write that went out unanswered.
 *
 * <p>Thread-safe. Events arrive on a driver thread, one at a time.
 */
public final class RawUpstream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawUpstream.class);

    private final String uri;
    private final LinkSession session;
    private volatile HelloResponse hello;
    private volatile Consumer<Event> events = e -> { };
    private volatile Consumer<BoardRestartedException> restarts = e -> { };
    private volatile Request subscription;

    private RawUpstream(Connector connector, DriverOptions options, String uri) {
        this.uri = uri;
        this.session = new LinkSession(connector, options, uri, new Observer());
    }

    /**
     * Opens the board at {@code boardUri} through its provider's raw links; the URI's
     * {@code timeout}, {@code client} and {@code token-file} parameters apply as they do for
     * {@link Boards#open}.
     */
    public static RawUpstream open(String boardUri, DriverOptions options) {
        return open(boardUri, options, UnaryOperator.identity());
    }

    /** Like {@link #open(String, DriverOptions)}, with the provider's connector passed through {@code adapt} first. */
    public static RawUpstream open(String boardUri, DriverOptions options, UnaryOperator<Connector> adapt) {
        BoardUri uri = BoardUri.parse(boardUri);
        Connector connector = adapt.apply(Links.connector(uri));
        return open(connector, Boards.withUriParameters(uri, options), uri.redacted());
    }

    /** Connects over {@code connector} and shakes hands; {@code uri} names the board in messages. */
    public static RawUpstream open(Connector connector, DriverOptions options, String uri) {
        RawUpstream upstream = new RawUpstream(Objects.requireNonNull(connector, "connector"),
                Objects.requireNonNull(options, "options"), Objects.requireNonNull(uri, "uri"));
        try {
            upstream.session.start();
        } catch (RuntimeException e) {
            throw Futures.unwrap(e);
        }
        return upstream;
    }

    /** Where events from the board go; replaces the previous consumer. */
    public void onEvents(Consumer<Event> consumer) {
        this.events = Objects.requireNonNull(consumer, "consumer");
    }

    /**
     * Who hears that the board restarted (a reconnect found another boot id, or a board that no
     * longer knew the session): called on a driver thread before anything else reaches the new
     * board; every relayed call fails with {@link BoardRestartedException} until
     * {@link #acknowledgeRestart()}. Replaces the previous consumer.
     */
    public void onRestart(Consumer<BoardRestartedException> consumer) {
        this.restarts = Objects.requireNonNull(consumer, "consumer");
    }

    /** The relay passed the restart on: requests go to the new board again. */
    public void acknowledgeRestart() {
        session.acknowledgeRestart();
    }

    /** How long the link to the board has been down (reconnecting, or given up), or null while it is up. */
    public Duration downFor() {
        return session.downFor();
    }

    /** The board's answer to the latest handshake (after a reconnect, the new one). */
    public HelloResponse hello() {
        return hello;
    }

    public String uri() {
        return uri;
    }

    /**
     * Sends {@code body} (its seq is replaced by this link's own) and completes with the board's
     * response, its seq being this link's. Abort skips the in-flight window, as in the driver.
     */
    public CompletableFuture<Response> forward(Request body) {
        return send(body, false);
    }

    /**
     * Like {@link #forward}, for relays: {@code answer} gets the board's response (whatever its
     * status) or the failure, exactly once, and on the link's own thread as soon as the answer is
     * decoded, without the hand-over to a driver worker that protects ordinary callers (a relay
     * would pay that thread switch on every request); so {@code answer} must never block. A
     * failure found before anything was sent reaches it on the calling thread. The returned
     * future completes after {@code answer} was called.
     */
    public CompletableFuture<Response> relay(Request body, java.util.function.BiConsumer<Response, Throwable> answer) {
        return send(body, true).whenComplete((response, failure) -> tell(answer, response,
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure));
    }

    private CompletableFuture<Response> send(Request body, boolean onLinkThread) {
        return RawCalls.send(session, body, onLinkThread);
    }

    /**
     * Asks the board again, with the same key and bytes, for a write that failed with
     * {@link org.crossbarhil.driver.OutcomeUnknownException} ({@code seq} is its
     * {@code seq()}): completes like {@link #forward}, or fails again as outcome unknown, or as
     * unresolvable when the board's memory of it is gone.
     */
    public CompletableFuture<Response> resolve(long seq) {
        return RawCalls.resolve(session, seq);
    }

    private void tell(java.util.function.BiConsumer<Response, Throwable> answer, Response r, Throwable failure) {
        try {
            answer.accept(r, failure);
        } catch (RuntimeException e) {
            LOG.error("{}: a relayed answer could not be handled", uri, e);
        }
    }

    /**
     * Subscribes to the board's events (kept across reconnects) with telemetry every
     * {@code telemetryInterval} (zero: none).
     */
    public CompletableFuture<Response> subscribe(Duration telemetryInterval) {
        Request s = RawCalls.subscribe(telemetryInterval);
        subscription = s;
        return forward(s);
    }

    public LinkStats stats() {
        return session.stats();
    }

    public String describeLink() {
        return session.describeLink();
    }

    /** Puts the board in safe idle (best effort, bounded wait) and closes the link. Idempotent. */
    @Override
    public void close() {
        closeInSafeIdle();
    }

    /** Like {@link #close()}; true when the board confirmed safe idle before the link closed. */
    public boolean closeInSafeIdle() {
        return RawCalls.closeInSafeIdle(session);
    }

    /** What the session reports, kept off this class's public surface. */
    private final class Observer implements LinkSession.Observer {
        @Override
        public void onHello(HelloResponse h, boolean reconnect) {
            hello = h;
        }

        @Override
        public void onEvent(Event event) {
            events.accept(event);
        }

        @Override
        public void onRestarted(BoardRestartedException restart) {
            restarts.accept(restart);
        }

        @Override
        public void onReconnected(boolean sessionResumed) {
            Request s = subscription;
            if (s != null) {
                forward(s).whenComplete((r, e) -> {
                    if (e != null || r.getStatus() != Status.STATUS_OK) {
                        LOG.warn("{}: re-subscribing to events after a reconnect failed: {}", uri,
                                e != null ? e.getMessage() : r.getStatus() + ": " + r.getMessage());
                    }
                });
            }
        }
    }

    @Override
    public String toString() {
        return "RawUpstream(" + uri + ", " + session.describeLink() + ")";
    }
}
