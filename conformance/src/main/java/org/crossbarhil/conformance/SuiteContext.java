package org.crossbarhil.conformance;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crossbarhil.driver.BoardInfo;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.LeaseAction;
import org.crossbarhil.driver.ProtocolBoards;
import org.crossbarhil.driver.ReadSpec;
import org.crossbarhil.driver.Region;
import org.crossbarhil.link.Connector;
import org.crossbarhil.protocol.v1.ReadRequest;
import org.crossbarhil.protocol.v1.ReadScope;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * What the checks share: one connector to the board (so every link, driver or raw, reaches the
 * same board, as a reconnect must), the driver-level board opened on demand, the handshake seen
 * first, the measured read noise, and what write checks did to the region (to put it back).
 *
 * <p>A serial port carries one link at a time, so raw links and the driver's link never coexist:
 * opening a raw link closes the driver's board first, and the next driver-level check reopens it.
 */
final class SuiteContext implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Repeated reads averaged wherever a check compares conductances. */
    static final int READS = 3;

    private final Connector connector;
    private final DriverOptions driverOptions;
    private final ConformanceOptions options;
    private final String uri;
    private final String token;
    private final Response handshake;
    private final Region sample;
    private CrossbarBoard board;
    private Noise noise;

    /** Conductance of every region device before the first write, averaged. */
    private Map<Device, Double> snapshot;
    private final Set<Device> touched = new LinkedHashSet<>();
    /** Per test device, G after the preparing RESET train, after the SET train, after the RESET train. */
    private Map<Device, double[]> cycle;

    SuiteContext(Connector connector, DriverOptions driverOptions, ConformanceOptions options, String uri, String token,
            Response handshake, Region sample) {
        this.connector = connector;
        this.driverOptions = driverOptions;
        this.options = options;
        this.uri = uri;
        this.token = token;
        this.handshake = handshake;
        this.sample = sample;
    }

    ConformanceOptions options() {
        return options;
    }

    /** A serial line: opening and closing it is invisible to the board, unlike a TCP connection. */
    boolean serialLine() {
        return uri.startsWith("serial:");
    }

    /** The first handshake of the run, as the board sent it. */
    Response handshake() {
        return handshake;
    }

    /** Where reads sample and writes go: the given region, or a corner of tile 0 for read-only runs. */
    Region sample() {
        return sample;
    }

    Duration timeout() {
        return driverOptions.requestTimeout();
    }

    static long newSessionId() {
        long id;
        do {
            id = RANDOM.nextLong();
        } while (id == 0);
        return id;
    }

    /** The driver-level board, opened (and on a gateway leased, when writes are allowed) on first use. */
    CrossbarBoard board() {
        if (board == null) {
            // a fresh session each time: the board remembers the last one's seqs, and a new client numbers from 1
            board = ProtocolBoards.open(connector, driverOptions.newBuilder().sessionId(newSessionId()).build(), uri);
            if ((options.allowWrites() || options.allowForming()) && board.info().capabilities().lease()) {
                board.lease(LeaseAction.ACQUIRE, Duration.ofSeconds(60));
            }
        }
        return board;
    }

    BoardInfo info() {
        return board().info();
    }

    void closeBoard() {
        if (board != null) {
            CrossbarBoard b = board;
            board = null;
            try {
                b.close();
            } catch (RuntimeException e) {
                // the link may already be gone; the next check opens a fresh one
            }
        }
    }

    /** A raw link without handshake; the driver's link is closed first. */
    RawSession rawLink() throws IOException {
        closeBoard();
        return RawSession.connect(connector, timeout());
    }

    /** A raw link after a handshake with a fresh session id (and the lease on a gateway when asked). */
    RawSession rawSession(boolean lease) throws IOException {
        return rawSession(newSessionId(), lease);
    }

    RawSession rawSession(long sessionId, boolean lease) throws IOException {
        return rawSession(sessionId, lease, 1);
    }

    /** Like {@link #rawSession(long, boolean)}, numbering requests from {@code firstSeq} (a resumed session goes on). */
    RawSession rawSession(long sessionId, boolean lease, long firstSeq) throws IOException {
        RawSession s = rawLink();
        s.skipTo(firstSeq);
        try {
            s.hello(sessionId, token, lease);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    String token() {
        return token;
    }

    /** Read noise, measured on the sample the first time a check needs it. */
    Noise noise() {
        if (noise == null) {
            noise = measureNoise(repeatedReads(sample, noiseRepeats(sample)));
        }
        return noise;
    }

    /** Reads per device for a noise fit with about 256 degrees of freedom: more for small regions. */
    static int noiseRepeats(Region r) {
        int n = r.rows() * r.cols();
        return Math.max(5, Math.min(20, (256 + n - 1) / n + 1));
    }

    Noise measureNoise(double[][] reads) {
        noise = Noise.fit(reads);
        return noise;
    }

    /** {@code k} reads of every device of {@code region} through the driver: [read][row-major device]. */
    double[][] repeatedReads(Region region, int k) {
        double[][] out = new double[k][];
        for (int i = 0; i < k; i++) {
            out[i] = readRegion(region);
        }
        return out;
    }

    /** One read of every device of {@code region}, row-major. */
    double[] readRegion(Region region) {
        ConductanceMap map = board().read(ReadSpec.rows(region.tile(), region.firstRow(), region.rows()));
        double[] g = new double[region.rows() * region.cols()];
        for (int r = 0; r < region.rows(); r++) {
            for (int c = 0; c < region.cols(); c++) {
                g[r * region.cols() + c] = map.get(region.firstRow() + r, region.firstCol() + c);
            }
        }
        return g;
    }

    /** Mean of {@code k} reads of each device. */
    double[] readAveraged(Region region, int k) {
        return mean(repeatedReads(region, k));
    }

    static double[] mean(double[][] reads) {
        double[] m = new double[reads[0].length];
        for (double[] read : reads) {
            for (int i = 0; i < m.length; i++) {
                m[i] += read[i];
            }
        }
        for (int i = 0; i < m.length; i++) {
            m[i] /= reads.length;
        }
        return m;
    }

    /** Mean of {@link #READS} driver reads of each listed device. */
    Map<Device, Double> readDevices(List<Device> devices) {
        int tile = sample.tile();
        double[] sum = new double[devices.size()];
        for (int k = 0; k < READS; k++) {
            for (int i = 0; i < devices.size(); i++) {
                Device d = devices.get(i);
                sum[i] += board().readDevice(tile, d.row(), d.col());
            }
        }
        Map<Device, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            out.put(devices.get(i), sum[i] / READS);
        }
        return out;
    }

    /** Mean of {@link #READS} raw reads of one device; fails the check if the board refuses. */
    double rawRead(RawSession s, Device d) throws IOException {
        double sum = 0;
        for (int k = 0; k < READS; k++) {
            Response r = s.call(Request.newBuilder().setRead(ReadRequest.newBuilder()
                    .setTile(sample.tile()).setScope(ReadScope.READ_SCOPE_DEVICE).setRow(d.row()).setCol(d.col())));
            if (r.getStatus() != Status.STATUS_OK || r.getRead().getSiemensCount() != 1) {
                throw Verdict.fail("read of " + d + " answered " + r.getStatus() + " with " + r.getRead().getSiemensCount()
                        + " values: " + r.getMessage());
            }
            sum += r.getRead().getSiemens(0);
        }
        return sum / READS;
    }

    /** Every device of the sample region, row-major. */
    List<Device> sampleDevices() {
        List<Device> all = new ArrayList<>();
        for (int r = sample.firstRow(); r <= sample.lastRow(); r++) {
            for (int c = sample.firstCol(); c <= sample.lastCol(); c++) {
                all.add(new Device(r, c));
            }
        }
        return all;
    }

    /**
     * Records that a write check is about to pulse {@code devices}; the first time anything is
     * written, the whole region is read so that it can be put back at the end.
     */
    void touch(List<Device> devices) {
        if (snapshot == null) {
            double[] g = readAveraged(sample, READS);
            Map<Device, Double> s = new LinkedHashMap<>();
            List<Device> all = sampleDevices();
            for (int i = 0; i < all.size(); i++) {
                s.put(all.get(i), g[i]);
            }
            snapshot = s;
        }
        touched.addAll(devices);
    }

    Map<Device, Double> snapshot() {
        return snapshot;
    }

    Set<Device> touched() {
        return touched;
    }

    Map<Device, double[]> cycle() {
        return cycle;
    }

    void cycle(Map<Device, double[]> observed) {
        cycle = observed;
    }

    @Override
    public void close() {
        closeBoard();
    }
}
