package org.crossbarhil.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.crossbarhil.protocol.Cobs;
import org.crossbarhil.protocol.FrameDecoder;
import org.crossbarhil.protocol.FrameEncoder;
import org.crossbarhil.protocol.FrameType;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.v1.ReadResponse;
import org.crossbarhil.protocol.v1.ReadScope;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.SetUpdateMaskRequest;
import org.crossbarhil.protocol.v1.Status;
import org.crossbarhil.protocol.v1.VmmDirection;
import org.crossbarhil.protocol.v1.VmmRequest;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Framing throughput, one thread: how many megabytes of frames (header + protobuf payload +
 * CRC, before COBS) one core turns into wire bytes and back per second.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar FramingBenchmark -f 1 -wi 2 -i 3}. The
 * primary score is frames per second; the secondary results are throughputs in 10^6 bytes of
 * frame per second: {@code MBps} per second of wall time, {@code MBpsPerCpuSecond} per second of
 * the benchmark thread's CPU time (JMH prints "ops/s" as their unit; read both as MB/s).
 *
 * <ul>
 *   <li>{@code encodeFrame} / {@code decodeFrame}: the whole path, protobuf included, through
 *       {@link FrameEncoder} and {@link FrameDecoder} (one decoder reused across frames, as on a
 *       connection).
 *   <li>{@code cobsCrcEncode} / {@code cobsCrcDecode}: COBS and CRC-32C alone on the same
 *       frame bytes, the part the 300 MB/s target is about.
 * </ul>
 *
 * Workloads: {@code bytes64k}, a 64 KiB opaque payload (an update mask: protobuf only copies
 * it); {@code floats64k}, a 128x128 conductance map, 16,384 floats (a ReadResponse of 64 KiB);
 * {@code vmm32x64}, the trainer's batched forward VMM request, 32 vectors of 64 voltages on the
 * 8-bit DAC grid (many exact zeros, the COBS worst case for short runs).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FramingBenchmark {

    @Param({"bytes64k", "floats64k", "vmm32x64"})
    public String workload;

    private FrameEncoder encoder;
    private FrameDecoder decoder;
    private FrameType type;
    private MessageLite message;
    private byte[] wire;
    private byte[] block;
    private byte[] encodedBlock;
    private int encodedBlockLength;
    private byte[] scratch;
    private Object lastDecoded;

    /**
     * Counts framed bytes as MB. JMH divides OPERATIONS counters by the iteration's wall time,
     * so {@code MBps} reads as MB/s. {@code MBpsPerCpuSecond} is scaled by wall time over the
     * benchmark thread's CPU time before that division, so it reads as MB per second of CPU: the
     * speed of one core even when other processes share the machine (wall-clock MB/s then
     * understates it). JMH reads the counters on the benchmark thread at the end of an iteration.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        public double MBps;
        private long wallStartNanos;
        private long cpuStartNanos;

        @Setup(Level.Iteration)
        public void start() {
            MBps = 0;
            wallStartNanos = System.nanoTime();
            cpuStartNanos = THREADS.getCurrentThreadCpuTime();
        }

        void add(int frameBytes) {
            MBps += frameBytes / 1e6;
        }

        public double MBpsPerCpuSecond() {
            long wallNanos = System.nanoTime() - wallStartNanos;
            long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStartNanos;
            return cpuNanos <= 0 ? 0 : MBps * wallNanos / cpuNanos;
        }
    }

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        switch (workload) {
            case "bytes64k": {
                byte[] mask = new byte[64 * 1024];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = (byte) random.nextInt(256);
                }
                type = FrameType.REQUEST;
                message = Request.newBuilder().setSeq(1)
                        .setSetUpdateMask(SetUpdateMaskRequest.newBuilder().setTile(0).setMask(ByteString.copyFrom(mask)))
                        .build();
                break;
            }
            case "floats64k": {
                ReadResponse.Builder read = ReadResponse.newBuilder().setTile(0).setRows(128).setCols(128);
                for (int i = 0; i < 128 * 128; i++) {
                    read.addSiemens((float) (1e-6 + random.nextDouble() * 99e-6));
                }
                type = FrameType.RESPONSE;
                message = Response.newBuilder().setSeq(1).setStatus(Status.STATUS_OK).setRead(read).build();
                break;
            }
            case "vmm32x64": {
                VmmRequest.Builder vmm = VmmRequest.newBuilder().setTile(0).setDirection(VmmDirection.VMM_DIRECTION_FORWARD)
                        .setVectorCount(32).setInputCount(64);
                for (int i = 0; i < 32 * 64; i++) {
                    // Hidden activities after a hard sigmoid: about a third clip to exactly 0.
                    int code = Math.max(0, random.nextInt(-64, 128));
                    vmm.addVolts(code * (0.2f / 127));
                }
                type = FrameType.REQUEST;
                message = Request.newBuilder().setSeq(1).setVmm(vmm).build();
                break;
            }
            default:
                throw new IllegalArgumentException("workload " + workload);
        }
        encoder = new FrameEncoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
        decoder = new FrameDecoder(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Listener() {
            @Override
            public void onRequest(Request request) {
                lastDecoded = request;
            }

            @Override
            public void onResponse(Response response) {
                lastDecoded = response;
            }
        });
        wire = encoder.encode(type, message);

        byte[] payload = message.toByteArray();
        block = new byte[payload.length + FrameEncoder.OVERHEAD_BYTES];
        block[1] = (byte) type.code();
        System.arraycopy(payload, 0, block, 2, payload.length);
        encodedBlock = new byte[Cobs.maxEncodedLength(block.length)];
        encodedBlockLength = Cobs.encode(block, 0, block.length, encodedBlock, 0);
        scratch = new byte[Cobs.maxEncodedLength(block.length)];
    }

    private int frameBytes() {
        return block.length;
    }

    @Benchmark
    public byte[] encodeFrame(Throughput t) {
        t.add(frameBytes());
        return encoder.encode(type, message);
    }

    @Benchmark
    public Object decodeFrame(Throughput t) {
        t.add(frameBytes());
        decoder.feed(wire);
        return lastDecoded;
    }

    @Benchmark
    public void cobsCrcEncode(Throughput t, Blackhole bh) {
        t.add(frameBytes());
        CRC32C crc = new CRC32C();
        crc.update(block, 0, block.length - 4);
        bh.consume(crc.getValue());
        bh.consume(Cobs.encode(block, 0, block.length, scratch, 0));
    }

    @Benchmark
    public void cobsCrcDecode(Throughput t, Blackhole bh) {
        t.add(frameBytes());
        int n = Cobs.decode(encodedBlock, 0, encodedBlockLength, scratch, 0);
        CRC32C crc = new CRC32C();
        crc.update(scratch, 0, n - 4);
        bh.consume(crc.getValue());
    }
}
