package org.crossbarhil.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.InfoRequest;
import org.crossbarhil.protocol.v1.Request;

/**
 * Hostile and careless clients of a board side (simulator or gateway) on loopback TCP (issue 12),
 * and a legitimate client's latency while they attack. Each attack runs on its own threads with
 * plain blocking sockets, bounded in connections, bytes and requests, until it is closed; a
 * connection the board closes is opened again, so the attack lasts as long as it is asked to.
 * Used by {@code HostileClientsTest} (generous bounds, every build) and {@link
 * HostileClientsBench} (the figures in docs/benchmarks.md).
 */
public final class HostileClients {
    /** Requests one flooding connection sends at most, in bursts of {@link #BURST}. */
    static final long MAX_FLOOD_REQUESTS = 5_000_000;
    static final int BURST = 256;
    /** Garbage per connection: 64 KiB every 16 ms, about 4 MiB/s. */
    static final int GARBAGE_CHUNK = 64 * 1024;
    static final long GARBAGE_PAUSE_MS = 16;
    /** An oversized frame: 5 MiB without a delimiter, above every board's max_frame_bytes here. */
    static final int OVERSIZED_BYTES = 5 << 20;
    /** A slowloris sends one byte of a Hello this often. */
    static final long SLOW_BYTE_MS = 100;
    /** Connect-and-close cycles per second of the churn attack, per connection thread. */
    static final int CHURN_PER_SECOND = 200;

    public enum Attack {
        /** Hello, then Info requests back to back; never reads a byte. */
        FLOOD_WITHOUT_READING,
        /** Connects and says nothing. */
        SILENT,
        /** A Hello one byte at a time, never its last byte. */
        SLOWLORIS,
        /** Hello, then half of a frame, a pause, a delimiter, again and again. */
        HALF_FRAMES,
        /** Random bytes, zeros among them. */
        GARBAGE,
        /** Hello, then a frame far larger than the board accepts. */
        OVERSIZED,
        /** Connects and closes at once, over and over. */
        CHURN
    }

    private HostileClients() {
    }

    /** A legitimate client's latencies, in milliseconds. */
    public record Latency(int samples, double p50Millis, double p99Millis, double maxMillis, int failures) {
        static Latency of(long[] nanos, int n, int failures) {
            long[] sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
            return new Latency(n, millis(sorted, 0.50), millis(sorted, 0.99), n == 0 ? Double.NaN : sorted[n - 1] / 1e6,
                    failures);
        }

        private static double millis(long[] sorted, double q) {
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d reads: p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d failed", samples,
                    p50Millis, p99Millis, maxMillis, failures);
        }
    }

    /**
     * Reads device (0, 0) of tile 0, one read after the other, for {@code during}: the latency a
     * legitimate host sees. A read that fails or takes over 5 s counts as a failure.
     */
    public static Latency probe(CrossbarBoard board, Duration during) {
        long[] nanos = new long[1 << 20];
        int n = 0;
        int failures = 0;
        ReadSpec one = ReadSpec.device(0, 0, 0);
        long until = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < until && n < nanos.length) {
            long start = System.nanoTime();
            try {
                board.readAsync(one).get(5, TimeUnit.SECONDS);
                nanos[n++] = System.nanoTime() - start;
            } catch (ExecutionException | TimeoutException e) {
                failures++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Latency.of(nanos, n, failures);
    }

    /** Heap in use after a full collection, in bytes: what the process holds, not what it has yet to collect. */
    public static long heapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Starts {@code attack} on {@code connections} connections to 127.0.0.1:{@code port}. */
    public static Running start(Attack attack, int port, int connections) {
        Running r = new Running(attack, port);
        for (int i = 0; i < connections; i++) {
            int id = i;
            Thread t = new Thread(() -> r.loop(id), "hostile-" + attack.name().toLowerCase(Locale.ROOT) + "-" + i);
            t.setDaemon(true);
            r.threads.add(t);
            t.start();
        }
        return r;
    }

    /** A running attack; {@link #close} stops it and closes its sockets. */
    public static final class Running implements AutoCloseable {
        private final Attack attack;
        private final int port;
        private final List<Thread> threads = new ArrayList<>();
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong connectionsMade = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private volatile boolean stop;

        private Running(Attack attack, int port) {
            this.attack = attack;
            this.port = port;
        }

        /** Requests the flood wrote (sent to the socket: the board may not have read them). */
        public long requests() {
            return requests.get();
        }

        public long connectionsMade() {
            return connectionsMade.get();
        }

        public long bytesWritten() {
            return bytes.get();
        }

        private void loop(int id) {
            FrameEncoder encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
            Random random = new Random(id);
            while (!stop) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    open.add(s);
                    connectionsMade.incrementAndGet();
                    attack(s, encoder, random, id);
                } catch (IOException | RuntimeException e) {
                    // closed by the board (cut off) or by close(): open again unless stopping
                } catch (InterruptedException e) {
                    return;
                } finally {
                    open.removeIf(Socket::isClosed);
                }
                if (!stop) {
                    pause(10);
                }
            }
        }

        private void attack(Socket s, FrameEncoder encoder, Random random, int id) throws IOException, InterruptedException {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] hello = encoder.encode(Request.newBuilder().setSeq(1).setHello(HelloRequest.newBuilder()
                    .setProtocolMajor(ProtocolVersion.MAJOR).setProtocolMinor(ProtocolVersion.MINOR)
                    .setSessionId(0x4057_11E0_0000_0000L + random.nextInt(1 << 30) + 1).setClientName("hostile-" + attack))
                    .build());
            switch (attack) {
                case FLOOD_WITHOUT_READING: {
                    write(out, hello);
                    long seq = 2;
                    while (!stop && requests.get() < MAX_FLOOD_REQUESTS) {
                        ByteArrayOutputStream burst = new ByteArrayOutputStream();
                        for (int i = 0; i < BURST; i++) {
                            burst.writeBytes(encoder.encode(Request.newBuilder().setSeq(seq++)
                                    .setInfo(InfoRequest.getDefaultInstance()).build()));
                        }
                        // blocks once the board stops reading this connection: that is the point
                        write(out, burst.toByteArray());
                        requests.addAndGet(BURST);
                    }
                    holdUntilStopped();
                    return;
                }
                case SILENT:
                    // returns when the board closes the connection
                    while (!stop && in.read() >= 0) {
                        // a board that answers silence: keep listening
                    }
                    return;
                case SLOWLORIS:
                    for (int i = 0; i < hello.length - 1 && !stop; i++) {
                        write(out, new byte[] {hello[i]});
                        Thread.sleep(SLOW_BYTE_MS);
                    }
                    holdUntilStopped();
                    return;
                case HALF_FRAMES: {
                    write(out, hello);
                    byte[] frame = encoder.encode(Request.newBuilder().setSeq(2).setInfo(InfoRequest.getDefaultInstance()).build());
                    while (!stop) {
                        write(out, Arrays.copyOf(frame, frame.length / 2));
                        Thread.sleep(50);
                        write(out, new byte[] {0});
                    }
                    return;
                }
                case GARBAGE: {
                    byte[] junk = new byte[GARBAGE_CHUNK];
                    while (!stop) {
                        random.nextBytes(junk);
                        write(out, junk);
                        Thread.sleep(GARBAGE_PAUSE_MS);
                    }
                    return;
                }
                case OVERSIZED: {
                    write(out, hello);
                    byte[] huge = new byte[OVERSIZED_BYTES];
                    Arrays.fill(huge, (byte) 0x55);
                    while (!stop) {
                        write(out, huge);
                        write(out, new byte[] {0});
                        Thread.sleep(100);
                    }
                    return;
                }
                case CHURN:
                    // try-with-resources closes it at once; pace the next one
                    Thread.sleep(1000 / CHURN_PER_SECOND);
                    return;
                default:
                    throw new IllegalStateException("attack " + attack);
            }
        }

        private void write(OutputStream out, byte[] data) throws IOException {
            out.write(data);
            out.flush();
            bytes.addAndGet(data.length);
        }

        private void holdUntilStopped() throws InterruptedException {
            while (!stop) {
                Thread.sleep(50);
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop = true;
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            for (Thread t : threads) {
                t.interrupt();
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
