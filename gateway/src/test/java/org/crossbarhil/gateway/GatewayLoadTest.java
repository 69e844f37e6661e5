package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.VmmResult;
import org.crossbarhil.driver.VmmSpec;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 32 clients at once, 1,000 pipelined requests each, through one gateway: every request answered,
 * and every answer the one to its own request. Each VMM input is unique to its client and request
 * and the ideal board answers G·v (to float precision, far finer than the inputs' spacing), so a
 * response delivered to the wrong client or the wrong request would not match.
 */
class GatewayLoadTest {
    static final int CLIENTS = 32;
    static final int REQUESTS = 1000;

    /** pipe: the board linked in-process; tcp: on a TCP server, the gateway's clients and board link on one loop. */
    @ParameterizedTest(name = "board on a {0} link")
    @ValueSource(strings = {"pipe", "tcp"})
    @Timeout(60)
    void thirtyTwoClientsOfAThousandRequestsEachAllGetTheirOwnAnswers(String boardLink) throws Exception {
        try (GatewayFixture fx = boardLink.equals("tcp") ? GatewayFixture.startOverTcp(b -> b.maxClients(CLIENTS + 4))
                : GatewayFixture.start(b -> b.maxClients(CLIENTS + 4))) {
            List<CrossbarBoard> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                // A generous attempt timeout: on a busy machine a retransmission is legal, but not what this test measures.
                clients.add(fx.client(GatewayFixture.clientOptions("load-" + i).requestTimeout(java.time.Duration.ofSeconds(30)).build(), ""));
            }
            float g00 = fx.board.siemens(0, 0, 0);
            float g03 = fx.board.siemens(0, 0, 3);
            AtomicLong wrong = new AtomicLong();
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    int client = i;
                    done.add(pool.submit(() -> {
                        CrossbarBoard b = clients.get(client);
                        List<CompletableFuture<VmmResult>> answers = new ArrayList<>(REQUESTS);
                        float[] sent = new float[REQUESTS];
                        for (int k = 0; k < REQUESTS; k++) {
                            // below the board's max_read_volts of 0.2 V
                            sent[k] = 0.19f * (client * REQUESTS + k + 1) / (CLIENTS * REQUESTS + 1);
                            answers.add(b.vmmAsync(VmmSpec.forward(0, new float[][] {{sent[k]}})));
                        }
                        int ok = 0;
                        for (int k = 0; k < REQUESTS; k++) {
                            VmmResult r = answers.get(k).join();
                            if (isProduct(r.amperes()[0], g00, sent[k]) && isProduct(r.amperes()[3], g03, sent[k])) {
                                ok++;
                            } else {
                                wrong.incrementAndGet();
                            }
                        }
                        return ok;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : done) {
                    total += f.get();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("gateway load (board on " + boardLink + "): %d requests from %d clients in %.2f s (%.0f requests/s)%n", total, CLIENTS, seconds,
                        total / seconds);
                assertThat(wrong.get()).as("answers that belong to another request").isZero();
                assertThat(total).isEqualTo(CLIENTS * REQUESTS);
                assertThat(seconds).as("the load test stays short").isLessThan(30);
            } finally {
                pool.shutdownNow();
            }
            assertThat(fx.board.ledger().vmmVectors()).as("each request ran once on the board").isEqualTo(CLIENTS * REQUESTS);
            assertThat(fx.gateway.stats().cutOff("FLOOD")).isZero();
        }
    }

    /** Inputs of neighbouring requests differ by 1 part in 32,001 or more; float rounding is some parts in 10^8. */
    private static boolean isProduct(float amperes, float siemens, float volts) {
        double expected = (double) siemens * volts;
        return Math.abs(amperes - expected) <= 1e-6 * expected;
    }
}
