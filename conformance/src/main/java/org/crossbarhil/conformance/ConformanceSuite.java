package org.crossbarhil.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Geometry;
import org.crossbarhil.driver.Region;
import org.crossbarhil.driver.internal.UriOptions;
import org.crossbarhil.link.BoardUri;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Links;
import org.crossbarhil.protocol.ProtocolVersion;
import org.crossbarhil.protocol.rules.Unsigned;
import org.crossbarhil.protocol.v1.HelloRequest;
import org.crossbarhil.protocol.v1.Request;
import org.crossbarhil.protocol.v1.Response;
import org.crossbarhil.protocol.v1.Status;

/**
 * The conformance suite: proves that a board, real or simulated, behaves as the protocol says,
 * using only what goes over the wire. Runs against any board URI; read-only unless the options
 * allow writes (confined to a region) or forming. docs/conformance.md lists every check with its
 * pass rule and tolerance.
 *
 * <pre>
 * ConformanceReport r = ConformanceSuite.run(BoardUri.parse("tcp://127.0.0.1:7700"), DriverOptions.defaults(),
 *         ConformanceOptions.builder().allowWrites(true).region(Region.parse("0:0-7,0-7")).build());
 * </pre>
 */
public final class ConformanceSuite {
    static final String NO_WRITES = "read-only run: needs --allow-writes (pulses confined to --region)";
    static final String NO_FORMING = "needs --allow-forming (ramps confined to --region)";
    /** Reads sample this corner of tile 0 when no region is given. */
    static final int DEFAULT_SAMPLE_LINES = 8;

    private ConformanceSuite() {
    }

    /** Every check in the order it runs. */
    static List<Check> checks() {
        List<Check> all = new ArrayList<>();
        all.addAll(ProtocolChecks.all());
        all.addAll(BackpressureChecks.all());
        all.addAll(SessionChecks.all());
        all.addAll(ReadChecks.all());
        all.addAll(VmmChecks.all());
        all.addAll(SettleChecks.all());
        all.addAll(EnvelopeChecks.all());
        all.addAll(WriteChecks.all());
        all.addAll(IdempotencyChecks.all());
        all.addAll(FormingChecks.all());
        return all;
    }

    /** Names of every check, in the order they run (the restoring step comes last). */
    public static List<String> checkNames() {
        List<String> names = new ArrayList<>();
        for (Check c : checks()) {
            names.add(c.name());
        }
        names.add(RestoreCheck.NAME);
        return names;
    }

    public static ConformanceReport run(BoardUri uri, DriverOptions driverOptions, ConformanceOptions options) {
        return run(uri, driverOptions, options, ConformanceListener.NONE);
    }

    /**
     * Runs the suite against the board at {@code uri}.
     *
     * @throws IllegalArgumentException for an unknown scheme or check name, or a region outside the board
     * @throws BoardLinkException when the board cannot be reached at all
     */
    public static ConformanceReport run(BoardUri uri, DriverOptions driverOptions, ConformanceOptions options,
            ConformanceListener listener) {
        Connector connector = Links.connector(uri);
        // the URI's timeout=, client= and token-file= apply to the suite's links as they would to Boards.open
        DriverOptions effective = UriOptions.applyWithToken(uri, driverOptions);
        return run(connector, uri.redacted(), effective, effective.authToken(), options, listener);
    }

    /** Runs the suite over links from {@code connector}; {@code uri} names the board in messages. */
    public static ConformanceReport run(Connector connector, String uri, DriverOptions driverOptions, ConformanceOptions options,
            ConformanceListener listener) {
        return run(connector, uri, driverOptions, driverOptions.authToken(), options, listener);
    }

    private static ConformanceReport run(Connector connector, String uri, DriverOptions driverOptions, String token,
            ConformanceOptions options, ConformanceListener listener) {
        List<String> known = checkNames();
        for (String name : options.only()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown check '" + name + "' (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        List<CheckResult> results = new ArrayList<>();
        Response hello;
        try (RawSession s = RawSession.connect(connector, driverOptions.requestTimeout())) {
            hello = handshake(s, token);
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            throw new BoardLinkException("cannot reach the board" + (why.contains(uri) ? "" : " at " + uri) + ": " + why, e);
        }
        if (hello.getStatus() != Status.STATUS_OK) {
            String why = "Hello was answered " + hello.getStatus() + ProtocolChecks.message(hello);
            record(results, listener, CheckResult.fail("handshake", why));
            for (String name : known) {
                if (!name.equals("handshake") && options.selected(name)) {
                    record(results, listener, CheckResult.skip(name, "no handshake"));
                }
            }
            return new ConformanceReport(uri, results);
        }
        Region sample = sample(options, hello);
        try (SuiteContext ctx = new SuiteContext(connector, driverOptions, options, uri, token, hello, sample)) {
            for (Check c : checks()) {
                if (options.selected(c.name())) {
                    record(results, listener, runOne(ctx, c));
                }
            }
            if (ctx.snapshot() != null || options.selected(RestoreCheck.NAME)) {
                record(results, listener, runOne(ctx, RestoreCheck.check()));
            }
        }
        return new ConformanceReport(uri, results);
    }

    private static Response handshake(RawSession s, String token) throws IOException {
        HelloRequest.Builder h = HelloRequest.newBuilder().setProtocolMajor(ProtocolVersion.MAJOR)
                .setProtocolMinor(ProtocolVersion.MINOR).setSessionId(SuiteContext.newSessionId())
                .setClientName("crossbar-conformance@" + ProcessHandle.current().pid())
                .setMaxFrameBytes(ProtocolVersion.DEFAULT_MAX_FRAME_BYTES);
        if (token != null) {
            h.setAuthToken(token);
        }
        return s.call(Request.newBuilder().setHello(h));
    }

    /** The region to sample, checked against the board's geometry before anything runs. */
    static Region sample(ConformanceOptions options, Response hello) {
        org.crossbarhil.protocol.v1.Geometry g = hello.getHello().getDescription().getGeometry();
        // uint32s: a board announcing more lines than an int holds is sampled within the first ones
        Geometry geometry = new Geometry(Math.max(1, Unsigned.saturatedInt(g.getTiles())),
                Math.max(1, Unsigned.saturatedInt(g.getRows())), Math.max(1, Unsigned.saturatedInt(g.getCols())));
        if (options.region() != null) {
            options.region().checkWithin(geometry);
            return options.region();
        }
        return new Region(0, 0, Math.min(DEFAULT_SAMPLE_LINES, geometry.rows()) - 1, 0,
                Math.min(DEFAULT_SAMPLE_LINES, geometry.cols()) - 1);
    }

    static CheckResult runOne(SuiteContext ctx, Check c) {
        ConformanceOptions o = ctx.options();
        if (c.need() == Check.Need.WRITES && !o.allowWrites()) {
            return CheckResult.skip(c.name(), NO_WRITES);
        }
        if (c.need() == Check.Need.FORMING && !o.allowForming()) {
            return CheckResult.skip(c.name(), NO_FORMING);
        }
        try {
            return CheckResult.pass(c.name(), c.body().run(ctx));
        } catch (Verdict v) {
            return new CheckResult(c.name(), v.status(), v.getMessage());
        } catch (BoardLinkException e) {
            ctx.closeBoard();
            return CheckResult.fail(c.name(), "link failed: " + e.getMessage());
        } catch (BoardStatusException e) {
            return CheckResult.fail(c.name(), e.getMessage());
        } catch (IOException e) {
            return CheckResult.fail(c.name(), "raw link: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(c.name(), "interrupted");
        } catch (Exception e) {
            // one check's surprise must not stop the others: report it as that check's failure
            return CheckResult.fail(c.name(), "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void record(List<CheckResult> results, ConformanceListener listener, CheckResult r) {
        results.add(r);
        listener.onResult(r);
    }
}
