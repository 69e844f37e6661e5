package org.crossbarhil.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * The gateway's record of who did what to the board: one JSON object per line, appended, never
 * rewritten. A write-class command is written, and by default forced to the storage device, before
 * it is forwarded, so a command that reached the board is always in the log, even after a power
 * cut; if the log cannot be written the command is refused and nothing is applied.
 *
 * <pre>
 * {"time":"...Z","event":"command","client":"alice@42","client_id":3,"peer":"tcp client 127.0.0.1:50312",
 *  "seq":17,"operation":"pulse","parameters":{"tile":0,"pulses":[{"row":1,"col":2,"volts":1.2,...}]}}
 * {"time":"...Z","event":"result","client":"alice@42","client_id":3,...,"seq":17,"operation":"pulse","status":"STATUS_OK"}
 * {"time":"...Z","event":"lease","client":"alice@42",...,"action":"acquired","expires":"...Z"}
 * </pre>
 *
 * Tokens are never written. Thread-safe: lines never interleave.
 */
final class AuditLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final boolean forceCommands;
    /** Writes result lines, so the thread that relays the board's answers never waits for the disk. */
    private final java.util.concurrent.ExecutorService background;

    private volatile GatewayMetrics metrics;
    /** The latest lines, for the gateway's page. */
    static final int RECENT_LINES = 20;
    private final ArrayDeque<String> recent = new ArrayDeque<>();

    /** The latest lines written, oldest first. */
    synchronized List<String> recentLines() {
        return List.copyOf(recent);
    }

    private AuditLog(Path file, FileChannel channel, boolean forceCommands) {
        this.file = file;
        this.channel = channel;
        this.forceCommands = forceCommands;
        this.background = channel == null ? null : java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "crossbar-gateway-audit");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens (creating, never truncating) the log; {@code null} gives a log that records nothing.
     *
     * @param forceCommands force each command line to the storage device before it is forwarded
     *        (survives a power cut); false: hand it to the operating system (survives a crash of
     *        the gateway, not of the machine), which costs a write instead of a device flush
     */
    static AuditLog open(Path file, boolean forceCommands) throws IOException {
        if (file == null) {
            return new AuditLog(null, null, forceCommands);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new AuditLog(file, ch, forceCommands);
    }

    boolean enabled() {
        return channel != null;
    }

    Path file() {
        return file;
    }

    /**
     * Records a command about to be forwarded, forced to storage (or handed to the operating
     * system, see {@link #open}) before this returns.
     *
     * @throws IOException when it could not be recorded: the caller must not forward the command
     */
    void command(ClientIdentity who, long seq, String operation, MessageOrBuilder parameters) throws IOException {
        if (channel == null) {
            return;
        }
        ObjectNode line = base("command", who);
        putSeq(line, seq);
        line.put("operation", operation);
        line.set("parameters", ProtoJson.toJson(parameters));
        append(line, forceCommands);
    }

    /**
     * Records how a recorded command ended, soon, on the log's own thread. Best effort: the
     * command has already run.
     */
    void result(ClientIdentity who, long seq, String operation, String status, String message) {
        if (channel == null) {
            return;
        }
        ObjectNode line = base("result", who);
        putSeq(line, seq);
        line.put("operation", operation);
        line.put("status", status);
        if (message != null && !message.isEmpty()) {
            line.put("message", message);
        }
        try {
            background.execute(() -> appendQuietly(line));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // The gateway is closing: the command line is in the log, its result is not.
        }
    }

    /** Waits (a little) until the result lines handed to the log's thread are written. */
    void awaitResults() {
        if (background == null) {
            return;
        }
        try {
            background.submit(() -> { }).get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            // closing, or a stuck disk: the stop line goes in anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records an event about a client that is not a command (lease changes, refusals, disconnects). */
    void note(String event, ClientIdentity who, Map<String, String> details) {
        if (channel == null) {
            return;
        }
        ObjectNode line = base(event, who);
        details.forEach(line::put);
        appendQuietly(line);
    }

    /** A seq is a uint64: one above 2^63 is written as the number it is, not as a negative one. */
    private static void putSeq(ObjectNode line, long seq) {
        if (seq >= 0) {
            line.put("seq", seq);
        } else {
            line.put("seq", new BigInteger(Long.toUnsignedString(seq)));
        }
    }

    private static ObjectNode base(String event, ClientIdentity who) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("event", event);
        if (who != null) {
            line.put("client", who.name());
            line.put("client_id", who.number());
            line.put("peer", who.peer());
            if (who.admin()) {
                line.put("admin", true);
            }
        }
        return line;
    }

    private void appendQuietly(ObjectNode line) {
        try {
            append(line, false);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(AuditLog.class).warn("audit log {} could not be written: {}", file, e.getMessage());
        }
    }

    /** Times every write from now on into the gateway's metrics. */
    void timeWritesIn(GatewayMetrics m) {
        this.metrics = m;
    }

    private synchronized void append(ObjectNode line, boolean force) throws IOException {
        long t0 = System.nanoTime();
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot format an audit line: " + e.getMessage(), e);
        }
        recent.addLast(new String(bytes, StandardCharsets.UTF_8).strip());
        if (recent.size() > RECENT_LINES) {
            recent.removeFirst();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        if (force) {
            channel.force(false);
        }
        GatewayMetrics m = metrics;
        if (m != null) {
            m.auditWritten(t0);
        }
    }

    @Override
    public void close() {
        if (background != null) {
            background.shutdown();
            try {
                background.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeChannel();
    }

    private synchronized void closeChannel() {
        if (channel != null) {
            try {
                channel.force(true);
                channel.close();
            } catch (IOException e) {
                // closing at shutdown: every command line was already forced
            }
        }
    }
}
