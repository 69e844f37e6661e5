package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.crossbarhil.driver.BoardEvent;
import org.crossbarhil.driver.BoardStatus;
import org.crossbarhil.driver.BoardStatusException;
import org.crossbarhil.driver.Boards;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.DevicePulse;
import org.crossbarhil.driver.DriverOptions;
import org.crossbarhil.driver.LeaseInfo;
import org.crossbarhil.driver.fakes.Eventually;
import org.crossbarhil.trainer.ProgressListener;
import org.crossbarhil.trainer.Trainer;
import org.crossbarhil.trainer.TrainingConfig;
import org.crossbarhil.trainer.TrainingSummary;
import org.crossbarhil.trainer.data.Braille;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "done when": a training run completes through the gateway while a second client
 * observes (events, telemetry, info, reads), and the second client's write is refused with a
 * message naming the trainer as the lease holder. The one gateway test that needs the trainer (on
 * the test classpath only): what it proves is that a whole training run, thousands of writes
 * from one lease holder, goes through.
 */
class GatewayTrainingIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(300)
    void aTrainingRunCompletesThroughTheGatewayWhileAnObserverWatchesAndIsRefusedWrites(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        String update;
        GatewayConfig config = GatewayConfig.builder().listen("127.0.0.1", 0).auditLog(audit).build();
        try (Gateway g = Gateway.open("sim:?profile=taox-2x64&seed=41", config)) {
            TrainingConfig training = TrainingConfig.builder()
                    .board(g.clientUri() + "?client=trainer-under-test")
                    .epochs(1)
                    .seed(3)
                    .braille(Braille.Options.DEFAULTS.withTrainSize(400).withTestSize(200))
                    .runDb(dir.resolve("runs.db"))
                    .build();
            CompletableFuture<TrainingSummary> run = CompletableFuture.supplyAsync(() -> Trainer.run(training, ProgressListener.NONE));

            try (CrossbarBoard observer = Boards.open(g.clientUri() + "?client=observer", DriverOptions.defaults())) {
                List<BoardEvent> events = new CopyOnWriteArrayList<>();
                observer.subscribe(events::add, Duration.ofMillis(250));
                LeaseInfo lease = awaitLease(observer, run);
                assertThat(lease.holder()).startsWith("trainer-under-test (#");
                assertThat(lease.heldByYou()).isFalse();

                assertThat(observer.readDevice(1, 0, 0)).as("an observer may read while the trainer holds the lease").isPositive();
                assertThatThrownBy(() -> observer.pulse(0, List.of(DevicePulse.once(0, 0, 1.2, 1e-7))))
                        .isInstanceOf(BoardStatusException.class)
                        .satisfies(e -> assertThat(((BoardStatusException) e).status()).isEqualTo(BoardStatus.LEASE_HELD))
                        .hasMessageContaining("the control lease is held by trainer-under-test (#")
                        .hasMessageContaining("but not run pulse");

                TrainingSummary summary = run.get(240, TimeUnit.SECONDS);
                update = summary.update();
                assertThat(summary.pulses()).as("trained with pulses through the gateway").isPositive();
                assertThat(summary.testAccuracy()).as("better than guessing one of ten words").isGreaterThan(0.2);
                System.out.println("training through the gateway: " + summary);
                assertThat(events).extracting(BoardEvent::kind).contains(BoardEvent.Kind.LEASE, BoardEvent.Kind.TELEMETRY);
                // The trainer closed its board: its lease ended, and the board says it went to safe idle because of that.
                Eventually.await("safe idle at the end of the trainer's lease", Duration.ofSeconds(10),
                        () -> events.stream().anyMatch(GatewayTrainingIT::idledForTheEndOfTheLease));
                assertThat(events).anyMatch(e -> e.kind() == BoardEvent.Kind.LEASE && !e.lease().held());
            }
            assertThat(g.leaseHolder()).as("the trainer's lease ended when it closed the board").isNull();
        }
        List<JsonNode> commands = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            JsonNode n = JSON.readTree(line);
            if (n.get("event").asText().equals("command")) {
                commands.add(n);
            }
        }
        assertThat(commands).filteredOn(n -> n.get("client").asText().equals("observer")).as("commands of the observer").isEmpty();
        assertThat(commands).extracting(n -> n.get("client").asText()).contains("trainer-under-test");
        // The update pulses went through the gateway as the rule the trainer chose says.
        assertThat(commands).extracting(n -> n.get("operation").asText())
                .contains(update.equals("manhattan") ? "pulse" : "outer_product_update");
    }

    private static boolean idledForTheEndOfTheLease(BoardEvent e) {
        return e.kind() == BoardEvent.Kind.SAFE_IDLE && e.message().contains("control lease of trainer-under-test (#");
    }

    /** Waits until the trainer has taken the lease (by its first write). */
    private static LeaseInfo awaitLease(CrossbarBoard observer, CompletableFuture<?> run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            LeaseInfo l = observer.refreshInfo().lease();
            if (l.held()) {
                return l;
            }
            if (run.isDone()) {
                run.join();
                throw new AssertionError("the training run ended before the lease was seen held");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the trainer did not take the lease within 120 s");
    }
}
