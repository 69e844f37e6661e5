package org.crossbarhil.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossbarhil.driver.BoardLinkException;
import org.crossbarhil.trainer.board.FakeBoard;
import org.crossbarhil.trainer.board.NetworkDoesNotFitException;
import org.crossbarhil.trainer.board.UpdateRule;
import org.crossbarhil.trainer.data.Braille;
import org.crossbarhil.trainer.runs.EpochRecord;
import org.crossbarhil.trainer.runs.RunInfo;
import org.crossbarhil.trainer.runs.RunLockedException;
import org.crossbarhil.trainer.runs.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    private static final Braille.Options SMALL = Braille.Options.DEFAULTS.withWordLength(2).withVocabularySize(4).withTrainSize(600)
            .withTestSize(100);

    private TrainingConfig.Builder tiny(FakeBoard board) {
        return TrainingConfig.builder().board("fake:").boardOpener(u -> board).runDb(dir.resolve("runs.db")).braille(SMALL).hidden(new int[] {8})
                .epochs(3).freeIterations(6).nudgeIterations(3).learningRateDecay(1.0).update(UpdateRule.STOCHASTIC);
    }

    @Test
    void aTinyBrailleRunOnABoardReportsEveryKeyOfTheSummary() {
        TrainingSummary s = Trainer.run(tiny(FakeBoard.ideal(2, 16, 16)).reference(ReferenceKind.EQPROP).build(), ProgressListener.NONE);
        // the keys --json wrote before the summary became a record, in their order
        assertThat(JsonKeys.of(RunJson.tree(s))).containsExactly("run_id", "dataset", "board", "epochs",
                "train_accuracy", "test_accuracy", "seed", "network", "update", "settle", "pulses", "write_verify_pulses", "energy_joules",
                "hardware_seconds", "wall_seconds", "samples_per_second", "training_samples", "energy_joules_per_training_sample",
                "hardware_seconds_per_training_sample", "energy_joules_per_inference_sample", "setup_energy_joules", "faulty_devices",
                "devices_probed", "refreshed_pairs", "digital_reference", "digital_to_board_energy_ratio", "vocabulary_size",
                "word_length", "flip_rate", "train_size", "test_size", "task", "vocabulary", "optimal_test_accuracy", "reference",
                "reference_test_accuracy", "eqprop");
        assertThat(JsonKeys.of(RunJson.tree(s).get("eqprop"))).containsExactlyInAnyOrder("free_iterations",
                "nudge_iterations", "beta", "nudging", "learning_rates", "batch_size");
        assertThat(JsonKeys.of(RunJson.tree(s).get("digital_reference"))).containsExactly("joules_per_mac",
                "forward_macs_per_sample", "training_joules_per_sample", "inference_joules_per_sample", "source", "assumptions");
        assertThat(RunJson.tree(s).get("reference").asText()).isEqualTo("eqprop");
        assertThat(s.network()).isEqualTo("12-8-4");
        assertThat(s.update()).isEqualTo("stochastic");
        assertThat(s.pulses()).isPositive();
        assertThat(s.testAccuracy()).isGreaterThan(0.5);
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            RunInfo r = store.run(s.runId()).orElseThrow();
            assertThat(r.status()).isEqualTo(RunInfo.COMPLETED);
            assertThat(store.epochs(s.runId())).hasSize(3);
            assertThat(store.conductanceLabels(s.runId())).contains("initial", "checkpoint", "final");
        }
    }

    @Test
    void progressArrivesPerBatchAndPerEpoch() {
        List<ProgressListener.EpochReport> epochs = new ArrayList<>();
        AtomicInteger batches = new AtomicInteger();
        Trainer.run(tiny(FakeBoard.ideal(2, 16, 16)).build(), new ProgressListener() {
            @Override
            public void batch(EpochProgress p) {
                batches.incrementAndGet();
            }

            @Override
            public void epoch(EpochReport r) {
                epochs.add(r);
            }
        });
        assertThat(epochs).extracting(ProgressListener.EpochReport::epoch).containsExactly(1, 2, 3);
        assertThat(epochs.get(2).etaSeconds()).isZero();
        assertThat(batches.get()).isEqualTo(3 * (600 / 16 + 1));
    }

    /** Cancels the run as soon as its first epoch is recorded (what Ctrl-C does). */
    private TrainingInterruptedException interruptAfterFirstEpoch(TrainingConfig config) {
        Cancellation cancel = new Cancellation();
        try {
            Trainer.run(config, new ProgressListener() {
                @Override
                public void epoch(EpochReport r) {
                    cancel.cancel("Ctrl-C");
                }
            }, cancel);
        } catch (TrainingInterruptedException e) {
            return e;
        }
        throw new AssertionError("the run was not interrupted");
    }

    @Test
    void anInterruptedRunResumesFromItsLastEpochOnTheSameBoardFromTheMeasuredState() {
        FakeBoard board = FakeBoard.ideal(2, 16, 16);
        TrainingInterruptedException stop = interruptAfterFirstEpoch(tiny(board).build());
        assertThat(stop).hasMessageContaining("resume with --resume " + stop.runId());
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            assertThat(store.run(stop.runId()).orElseThrow().status()).isEqualTo(RunInfo.INTERRUPTED);
            assertThat(store.epochs(stop.runId())).hasSize(1);
        }
        TrainingSummary s = Trainer.resume(stop.runId(), dir.resolve("runs.db"), u -> board, ProgressListener.NONE, new Cancellation());
        assertThat(s.runId()).isEqualTo(stop.runId());
        assertThat(s.notes()).singleElement().asString().contains("resumed from the board's measured physical state");
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            assertThat(store.epochs(stop.runId())).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
            assertThat(store.run(stop.runId()).orElseThrow().status()).isEqualTo(RunInfo.COMPLETED);
            assertThat(store.conductanceLabels(stop.runId())).contains("resume-measured");
        }
    }

    @Test
    void aRunResumedOnAResetBoardReprogramsItsCheckpointAndSaysSo() {
        FakeBoard first = FakeBoard.ideal(2, 16, 16);
        TrainingInterruptedException stop = interruptAfterFirstEpoch(tiny(first).build());
        FakeBoard fresh = FakeBoard.ideal(2, 16, 16);
        TrainingSummary s = Trainer.resume(stop.runId(), dir.resolve("runs.db"), u -> fresh, ProgressListener.NONE, new Cancellation());
        assertThat(s.notes()).singleElement().asString().contains("does not hold the run's checkpoint")
                .contains("reprogrammed the recorded conductances");
        assertThat(s.epochs()).isEqualTo(3);
    }

    @Test
    void theRestoringWriteVerifyPulsesAndTheirEnergyAreInTheTotals() {
        TrainingInterruptedException stop = interruptAfterFirstEpoch(tiny(FakeBoard.ideal(2, 16, 16)).build());
        TrainingSummary s = Trainer.resume(stop.runId(), dir.resolve("runs.db"), u -> FakeBoard.ideal(2, 16, 16), ProgressListener.NONE,
                new Cancellation());
        Matcher restored = Pattern.compile("write-verify \\((\\d+) pulses\\)").matcher(s.notes().get(0));
        assertThat(restored.find()).as(s.notes().get(0)).isTrue();
        long restorePulses = Long.parseLong(restored.group(1));
        assertThat(restorePulses).isPositive();
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            List<EpochRecord> epochs = store.epochs(s.runId());
            BoardSetup setup = RunJson.read(store.value(s.runId(), "setup").orElseThrow(), BoardSetup.class);
            Reprogramming again = Reprogramming.recorded(store, s.runId());
            assertThat(again.writeVerifyPulses()).isEqualTo(restorePulses);
            assertThat(again.energyJoules()).isPositive();
            long epochPulses = epochs.stream().mapToLong(EpochRecord::writeVerifyPulses).sum();
            double epochEnergy = epochs.stream().mapToDouble(EpochRecord::energyJoules).sum();
            assertThat(s.writeVerifyPulses()).isEqualTo(epochPulses + setup.writeVerifyPulses() + restorePulses);
            assertThat(s.energyJoules()).isCloseTo(epochEnergy + setup.energyJoules() + again.energyJoules(), within(1e-18));
            assertThat(RunJson.tree(s).get("write_verify_pulses").asLong()).isEqualTo(s.writeVerifyPulses());
            assertThat(RunJson.tree(s).get("energy_joules").asDouble()).isEqualTo(s.energyJoules());
        }
    }

    @Test
    void aLinkFailureMidRunSaysSoAndHowToResume() {
        FakeBoard board = FakeBoard.ideal(2, 16, 16);
        TrainingConfig c = tiny(board).build();
        TrainingInterruptedException failed = catchThrowableOfType(TrainingInterruptedException.class, () -> Trainer.run(c, new ProgressListener() {
            @Override
            public void epoch(EpochReport r) {
                board.cutLink("link to fake: closed by peer");
            }
        }));
        assertThat(failed.linkFailure()).isTrue();
        assertThat(failed).hasMessageContaining("the link to the board failed").hasMessageContaining("link to fake: closed by peer")
                .hasMessageContaining("its 1 completed epoch is recorded: once the board at fake: answers again, resume with --resume "
                        + failed.runId());
    }

    @Test
    void aResumeWhoseBoardCannotBeReachedIsALinkFailureAndWithNoEpochDoesNotSuggestResume() {
        FakeBoard board = FakeBoard.ideal(2, 16, 16);
        TrainingConfig c = tiny(board).build();
        // the link dies in the first batch: the board was set up, no epoch completed
        TrainingInterruptedException first = catchThrowableOfType(TrainingInterruptedException.class, () -> Trainer.run(c, new ProgressListener() {
            @Override
            public void stage(String message) {
                if (message.startsWith("calibrating")) {
                    board.cutLink("link to fake: closed by peer");
                }
            }
        }));
        assertThat(first.linkFailure()).isTrue();
        assertThat(first).hasMessageContaining("nothing to resume").satisfies(e -> assertThat(e.getMessage()).doesNotContain("--resume"));

        TrainingInterruptedException refused = catchThrowableOfType(TrainingInterruptedException.class, () -> Trainer.resume(first.runId(), dir.resolve("runs.db"), u -> {
            throw new BoardLinkException("cannot connect to " + u + ": Connection refused");
        }, ProgressListener.NONE, new Cancellation()));
        assertThat(refused.linkFailure()).isTrue();
        assertThat(refused).hasMessageContaining("Connection refused")
                .hasMessageContaining("no epoch was completed, so there is nothing to resume: once the board at fake: answers again, "
                        + "start a new run with the same options")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("--resume"));
    }

    @Test
    void aSecondTrainerCannotResumeARunWhileItTrainsAndTheRunEndsOnce() throws Exception {
        FakeBoard board = FakeBoard.ideal(2, 16, 16);
        CountDownLatch firstEpoch = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicLong runId = new AtomicLong();
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<TrainingSummary> training = first.submit(() -> Trainer.run(tiny(board).build(), new ProgressListener() {
                @Override
                public void epoch(EpochReport r) {
                    if (firstEpoch.getCount() > 0) {
                        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
                            runId.set(store.list().get(0).id());
                        }
                        firstEpoch.countDown();
                        try {
                            goOn.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }));
            assertThat(firstEpoch.await(30, TimeUnit.SECONDS)).as("the first trainer reached its first epoch").isTrue();
            try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
                assertThat(store.run(runId.get()).orElseThrow().status()).as("a live writer's run").isEqualTo(RunInfo.RUNNING);
            }
            RunLockedException refused = catchThrowableOfType(RunLockedException.class, () -> Trainer.resume(runId.get(), dir.resolve("runs.db"),
                    u -> FakeBoard.ideal(2, 16, 16), ProgressListener.NONE, new Cancellation()));
            assertThat(refused).hasMessageContaining("run " + runId.get() + " is being written by another trainer (pid "
                    + ProcessHandle.current().pid() + " on ").hasMessageContaining(" since ").hasMessageContaining("let it finish");
            goOn.countDown();
            assertThat(training.get(60, TimeUnit.SECONDS).runId()).isEqualTo(runId.get());
        } finally {
            goOn.countDown();
            first.shutdownNow();
        }
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            assertThat(store.events(runId.get())).filteredOn(e -> e.endsWith(" completed")).hasSize(1);
            assertThat(store.events(runId.get())).noneMatch(e -> e.contains("resumed"));
            assertThat(store.writer(runId.get())).as("released at the end").isEmpty();
        }
    }

    @Test
    void aCompletedRunCannotBeResumed() {
        TrainingSummary s = Trainer.run(tiny(FakeBoard.ideal(2, 16, 16)).epochs(1).build(), ProgressListener.NONE);
        assertThatThrownBy(() -> Trainer.resume(s.runId(), dir.resolve("runs.db"), null, ProgressListener.NONE, new Cancellation()))
                .hasMessageContaining("already completed");
    }

    @Test
    void aFloatOnlyRunTrainsTheReferenceAndResumesFromItsWeights() {
        TrainingConfig c = TrainingConfig.builder().board("none").reference(ReferenceKind.EQPROP).runDb(dir.resolve("runs.db")).braille(SMALL)
                .hidden(new int[] {8}).epochs(3).build();
        TrainingInterruptedException stop = interruptAfterFirstEpoch(c);
        TrainingSummary s = Trainer.resume(stop.runId(), dir.resolve("runs.db"), null, ProgressListener.NONE, new Cancellation());
        assertThat(s.update()).isEqualTo("float-eqprop");
        assertThat(s.pulses()).isZero();
        assertThat(s.notes()).singleElement().asString().contains("float checkpoint of epoch 1");
        assertThat(JsonKeys.of(RunJson.tree(s))).as("a float-only run has no board figures and no reference")
                .doesNotContain("energy_joules_per_training_sample", "digital_reference", "reference", "folds")
                .contains("run_id", "pulses", "training_samples", "optimal_test_accuracy", "eqprop", "notes");
    }

    @Test
    void aNetworkTooLargeForTheBoardIsRefusedNamingTheTilesItNeeds() {
        TrainingConfig c = tiny(FakeBoard.ideal(1, 16, 16)).hidden(new int[] {40}).build();
        assertThatThrownBy(() -> Trainer.run(c, ProgressListener.NONE)).isInstanceOf(NetworkDoesNotFitException.class)
                .hasMessageContaining("needs 8 tiles of 16x16").hasMessageContaining("the board has 1");
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            assertThat(store.list()).as("a refused network leaves no run behind").isEmpty();
        }
    }

    @Test
    void mnistWithoutDataIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> TrainingConfig.builder().dataset(DatasetKind.MNIST).build()).hasMessageContaining("MNIST needs --data");
    }

    @Test
    void noBoardWithoutAReferenceIsRefused() {
        assertThatThrownBy(() -> TrainingConfig.builder().board("none").build()).hasMessageContaining("choose --reference eqprop or backprop");
    }

    @Test
    void theRecordedConfigurationRebuildsTheSameConfiguration() {
        TrainingConfig c = tiny(FakeBoard.ideal(2, 16, 16)).seed(9).beta(0.7).averageLast(2).build();
        TrainingPlan back = RunJson.readPlan(RunJson.write(c.plan()));
        assertThat(back).usingRecursiveComparison().isEqualTo(c.plan());
        assertThat(RunJson.write(back)).isEqualTo(RunJson.write(c.plan()));
    }

    @Test
    void theSameSeedGivesTheSameFloatResult() {
        TrainingConfig c = TrainingConfig.builder().board("none").reference(ReferenceKind.BACKPROP).runDb(dir.resolve("runs.db")).braille(SMALL)
                .hidden(new int[] {8}).epochs(2).build();
        assertThat(Trainer.run(c, ProgressListener.NONE).testAccuracy()).isEqualTo(Trainer.run(c, ProgressListener.NONE).testAccuracy());
    }
}
