package org.crossbarhil.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.ConductanceMap;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.Futures;
import org.crossbarhil.driver.ReadSpec;
import org.junit.jupiter.api.Test;

/** The driver keeps no more requests unanswered than the board's max_requests_in_flight. */
class BoardWindowTest {
    @Test
    void aBurstLargerThanTheBoardsBoundIsQueuedByTheDriverNotRefusedByTheBoard() {
        try (CrossbarBoard b = Boards.open("sim:?profile=taox-2x64&max_requests_in_flight=2")) {
            List<CompletableFuture<ConductanceMap>> reads = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                reads.add(b.readAsync(ReadSpec.rows(i % 2, 0, 64)));
            }
            for (CompletableFuture<ConductanceMap> r : reads) {
                assertThat(Futures.await(r).siemens()).hasSize(64 * 64);
            }
        }
    }
}
