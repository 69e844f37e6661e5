package org.crossbarhil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.crossbarhil.bench.HostileClients.Attack;
import org.crossbarhil.bench.HostileClients.Latency;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-client suite (issue 12, item 6): each attack against a simulator on loopback TCP
 * and against a gateway in front of one, while a legitimate client reads a device one read
 * after the other. The bounds are generous, for a loaded two-core CI machine; {@link
 * HostileClientsBench} measures the real figures (docs/benchmarks.md).
 */
@Timeout(30)
class HostileClientsTest {
    /** How long each attack runs while the client measures. */
    private static final Duration ATTACK = Duration.ofMillis(1500);
    /**
     * Heap one non-reading flood may add: the simulator holds at most max_requests_in_flight (64)
     * requests and 128 answers of it, the TCP link 4 MiB of unsent answers, the kernel the rest;
     * before the bound the issue saw 5 GB in 5 s.
     */
    private static final long FLOOD_HEAP_BOUND = 64L << 20;

    static Stream<Arguments> attacks() {
        return Stream.of("sim", "gateway").flatMap(t -> Stream.of(Attack.values()).map(a -> Arguments.of(t, a)));
    }

    @ParameterizedTest(name = "{1} against the {0}")
    @MethodSource("attacks")
    void aLegitimateClientIsServedDuringTheAttack(String target, Attack attack) throws Exception {
        try (HostileClientsBench.Setup s = HostileClientsBench.Setup.start(target)) {
            HostileClients.probe(s.client, Duration.ofMillis(200));
            long heapBefore = attack == Attack.FLOOD_WITHOUT_READING ? HostileClients.heapAfterGc() : 0;
            Latency during;
            try (HostileClients.Running run = HostileClients.start(attack, s.port, HostileClientsBench.connections(attack))) {
                during = HostileClients.probe(s.client, ATTACK);
                if (attack == Attack.FLOOD_WITHOUT_READING) {
                    long grown = HostileClients.heapAfterGc() - heapBefore;
                    assertThat(grown).as("heap the flood of %d requests added", run.requests()).isLessThan(FLOOD_HEAP_BOUND);
                }
                assertThat(run.connectionsMade()).as("the attack ran").isPositive();
            }

            assertThat(during.failures()).as(during.toString()).isZero();
            // Served, not starved: a client the attack blocked would fail or finish few requests.
            // How fast it is served (the 100 ms p99 target) is the benchmark's to measure, on an
            // idle machine (HostileClientsBench, docs/benchmarks.md), not a unit test's on a shared one.
            assertThat(during.samples()).as(during.toString()).isGreaterThan(10);
        }
    }
}
