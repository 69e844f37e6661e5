package org.crossbarhil.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossbarhil.conformance.MisbehavingBoard.Misbehaviour;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.Region;
import org.crossbarhil.link.Connector;
import org.crossbarhil.link.Link;
import org.crossbarhil.link.LinkHandler;
import org.crossbarhil.simulator.SimulatedBoard;
import org.crossbarhil.simulator.config.SimConfig;
import org.junit.jupiter.api.Test;

class ConformanceSuiteTest {
    private static final String[] PROTOCOL = {"handshake", "version-mismatch-frame", "version-mismatch-hello",
        "request-before-hello", "resync-after-garbage", "bad-crc-ignored"};

    private static final DriverOptions QUICK = DriverOptions.builder().requestTimeout(Duration.ofSeconds(2)).build();

    private static SimulatedBoard simulator() {
        return SimulatedBoard.create(SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "3")));
    }

    private static Connector misbehaving(Misbehaviour m) {
        return new MisbehavingBoard(simulator(), m);
    }

    private static ConformanceReport runProtocolChecks(Connector board) {
        ConformanceOptions.Builder o = ConformanceOptions.builder();
        for (String name : PROTOCOL) {
            o.only(name);
        }
        return run(board, o.build());
    }

    private static ConformanceReport run(Connector board, ConformanceOptions options) {
        return ConformanceSuite.run(board, board.describe(), QUICK, options, ConformanceListener.NONE);
    }

    @Test
    void protocolChecksPassAgainstACompliantBoard() {
        ConformanceReport r = runProtocolChecks(simulator().connector());

        assertThat(r.checks()).extracting(CheckResult::name).containsExactly(PROTOCOL);
        assertThat(r.checks()).allSatisfy(c -> assertThat(c.status()).as(c.line()).isEqualTo(CheckStatus.PASS));
        assertThat(r.hasFailures()).isFalse();
    }

    @Test
    void aBoardThatAcceptsAForeignVersionFailsBothVersionChecks() {
        ConformanceReport r = runProtocolChecks(misbehaving(Misbehaviour.ACCEPTS_FOREIGN_VERSION));

        assertThat(r.check("version-mismatch-frame").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.check("version-mismatch-frame").detail()).contains("STATUS_OK", "expected: STATUS_VERSION_MISMATCH");
        assertThat(r.check("version-mismatch-hello").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.check("handshake").status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aBoardThatServesBeforeHelloFailsThatCheckOnly() {
        ConformanceReport r = runProtocolChecks(misbehaving(Misbehaviour.SERVES_BEFORE_HELLO));

        assertThat(r.check("request-before-hello").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.check("request-before-hello").detail()).contains("expected: STATUS_FAILED_PRECONDITION");
        assertThat(r.failed()).isEqualTo(1);
    }

    @Test
    void aBoardThatAnswersGarbageFailsResyncAndBadCrc() {
        ConformanceReport r = runProtocolChecks(misbehaving(Misbehaviour.ANSWERS_GARBAGE));

        assertThat(r.check("resync-after-garbage").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.check("resync-after-garbage").detail()).contains("answered garbage");
        assertThat(r.check("bad-crc-ignored").status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void aBoardThatServesAFloodingConnectionBeforeOthersFailsFloodWithoutReading() {
        ConformanceOptions o = ConformanceOptions.builder().only("flood-without-reading").build();

        CheckResult compliant = run(simulator().connector(), o).check("flood-without-reading");
        CheckResult unbounded = run(misbehaving(Misbehaviour.QUEUES_WITHOUT_BOUND), o).check("flood-without-reading");

        assertThat(compliant.status()).as(compliant.line()).isEqualTo(CheckStatus.PASS);
        assertThat(compliant.detail()).contains("max_requests_in_flight 64", "refused RESOURCE_EXHAUSTED");
        assertThat(unbounded.status()).as(unbounded.line()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void writeChecksAreSkippedWithTheReasonInAReadOnlyRun() {
        ConformanceOptions o = ConformanceOptions.builder().only("pulse-set-raises-g").only("ramp-set-stops-above").build();

        ConformanceReport r = run(simulator().connector(), o);

        assertThat(r.check("pulse-set-raises-g").status()).isEqualTo(CheckStatus.SKIP);
        assertThat(r.check("pulse-set-raises-g").detail()).contains("--allow-writes");
        assertThat(r.check("ramp-set-stops-above").detail()).contains("--allow-forming");
        assertThat(r.check(RestoreCheck.NAME)).isNull();
    }

    private static final String[] SETTLE = {"settle-matches-host-vmms", "settle-refuses-too-large-batch", "settle-out-of-envelope-refused"};

    private static ConformanceReport runSettleChecks(Connector board) {
        ConformanceOptions.Builder o = ConformanceOptions.builder();
        for (String name : SETTLE) {
            o.only(name);
        }
        return run(board, o.build());
    }

    @Test
    void settleChecksPassAgainstTheSimulatorsOwnSettling() {
        ConformanceReport r = runSettleChecks(simulator().connector());

        assertThat(r.checks()).extracting(CheckResult::name).containsExactly(SETTLE);
        assertThat(r.checks()).allSatisfy(c -> assertThat(c.status()).as(c.line()).isEqualTo(CheckStatus.PASS));
        assertThat(r.check("settle-refuses-too-large-batch").detail()).contains("the largest batch that fits is");
    }

    @Test
    void settleChecksAreSkippedWithTheReasonOnABoardWithoutSettling() {
        SimulatedBoard without = SimulatedBoard.create(SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "3", "settle", "off")));

        ConformanceReport r = runSettleChecks(without.connector());

        assertThat(r.checks()).allSatisfy(c -> {
            assertThat(c.status()).as(c.line()).isEqualTo(CheckStatus.SKIP);
            assertThat(c.detail()).isEqualTo("the board does not settle networks itself (Capabilities.settle is false)");
        });
    }

    @Test
    void theListenerHearsEveryResultInOrder() {
        List<String> heard = new ArrayList<>();
        ConformanceOptions o = ConformanceOptions.builder().only("handshake").only("bad-crc-ignored").build();

        ConformanceReport r = ConformanceSuite.run(simulator().connector(), "sim:", QUICK, o, c -> heard.add(c.name()));

        assertThat(heard).containsExactly("handshake", "bad-crc-ignored");
        assertThat(r.summary()).isEqualTo("2 passed, 0 failed, 0 skipped");
    }

    @Test
    void unknownCheckNamesAreRefusedBeforeAnythingRuns() {
        ConformanceOptions o = ConformanceOptions.builder().only("no-such-check").build();

        assertThatThrownBy(() -> run(simulator().connector(), o))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown check 'no-such-check'")
                .hasMessageContaining("idempotent-retransmission");
    }

    @Test
    void anUnreachableBoardIsALinkFailureNotAReport() {
        Connector dead = new Connector() {
            @Override
            public Link connect(LinkHandler handler, Duration timeout) throws IOException {
                throw new IOException("connection refused");
            }

            @Override
            public String describe() {
                return "tcp://127.0.0.1:7700";
            }
        };

        assertThatThrownBy(() -> run(dead, ConformanceOptions.readOnly()))
                .isInstanceOf(BoardLinkException.class)
                .hasMessageContaining("cannot reach the board at tcp://127.0.0.1:7700");
    }

    @Test
    void aRegionOutsideTheBoardIsRefusedBeforeAnyCheck() {
        ConformanceOptions o = ConformanceOptions.builder().allowWrites(true).region(Region.parse("1:0-64,0-3")).build();

        assertThatThrownBy(() -> run(simulator().connector(), o))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the tile of 64x64");
    }

    @Test
    void checkNamesAreUniqueAndEndWithTheRestore() {
        List<String> names = ConformanceSuite.checkNames();

        assertThat(names).doesNotHaveDuplicates();
        assertThat(names.get(names.size() - 1)).isEqualTo(RestoreCheck.NAME);
        assertThat(names).allSatisfy(n -> assertThat(n).matches("[a-z0-9]+(-[a-z0-9]+)*"));
    }

    private static SimulatedBoard withHeartbeatTimeout(String seconds) {
        return SimulatedBoard.create(SimConfig.fromParameters(Map.of("profile", "taox-2x64", "seed", "3",
                "heartbeat_timeout_seconds", seconds)));
    }

    private static CheckResult heartbeatPerSession(Connector board) {
        ConformanceReport r = run(board, ConformanceOptions.builder().only(HeartbeatPerSessionCheck.NAME).build());
        assertThat(r.checks()).extracting(CheckResult::name).containsExactly(HeartbeatPerSessionCheck.NAME);
        return r.checks().get(0);
    }

    @Test
    void aSilentHostIdlesTheSimulatorWhileAnotherHeartbeatsWithinItsTimeout() {
        CheckResult c = heartbeatPerSession(withHeartbeatTimeout("1").connector());

        assertThat(c.status()).as(c.line()).isEqualTo(CheckStatus.PASS);
        assertThat(c.detail()).contains("safe idle", "(timeout 1.0 s)");
    }

    @Test
    void aBoardWithOneLastHeardTimeForAllHostsFailsTheHeartbeatPerSessionCheck() {
        CheckResult c = heartbeatPerSession(new MisbehavingBoard(withHeartbeatTimeout("1"), Misbehaviour.ONE_TIMER_FOR_THE_BOARD));

        assertThat(c.status()).as(c.line()).isEqualTo(CheckStatus.FAIL);
        assertThat(c.detail()).contains("still BOARD_STATE_READY", "another host's heartbeats kept it going");
    }

    @Test
    void theHeartbeatCheckSkipsWithAReasonWhenTheBoardHasNoTimeoutOrTooLongAOne() {
        CheckResult none = heartbeatPerSession(withHeartbeatTimeout("0").connector());
        CheckResult tooLong = heartbeatPerSession(withHeartbeatTimeout("60").connector());

        assertThat(none.status()).isEqualTo(CheckStatus.SKIP);
        assertThat(none.line()).contains("no heartbeat timeout");
        assertThat(tooLong.status()).isEqualTo(CheckStatus.SKIP);
        assertThat(tooLong.line()).contains("longer than this check waits");
    }
}
