package org.crossbarhil.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossbarhil.trainer.board.UpdateRule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy targets of issue 5 with the recorded configurations (docs/benchmarks.md, "Training").
 * Long: about an hour on two cores, so opt-in: {@code ./mvnw verify -pl trainer -Pslow}.
 */
@Tag("slow")
class AccuracyTargetsTest {
    @TempDir
    Path dir;

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static Path mnist() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        Path data = p == null ? null : p.resolve("../shared/data/mnist10k").normalize();
        Assumptions.assumeTrue(data != null && Files.isDirectory(data), "../shared/data/mnist10k (relative to the project root) is absent");
        return data;
    }

    @Test
    void brailleOnTheTwoTaoxArraysComesWithinOnePointOfTheNearestWordOptimum() {
        for (long seed = 1; seed <= 3; seed++) {
            TrainingSummary s = Trainer.run(TrainingConfig.builder().board("sim:?profile=taox-2x64").seed(seed).runDb(dir.resolve("r.db"))
                    .build(), ProgressListener.NONE);
            assertThat(s.optimalTestAccuracy() - s.testAccuracy()).as("seed %d: %s", seed, s).isLessThanOrEqualTo(0.01);
        }
    }

    @Test
    void irisOnTheTwoTaoxArraysReachesNinetyFivePercentOverFiveFolds() {
        TrainingSummary s = Trainer.run(TrainingConfig.builder().board("sim:?profile=taox-2x64").dataset(DatasetKind.IRIS)
                .update(UpdateRule.MANHATTAN).runDb(dir.resolve("r.db")).build(), ProgressListener.NONE);
        assertThat(s.testAccuracy()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void mnistMeetsTheFloatIdealAndTaoxTargets() {
        String data = mnist().toString();
        List<Double> floatEq = new ArrayList<>();
        List<Double> taox = new ArrayList<>();
        List<Double> ideal = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            TrainingSummary t = Trainer.run(TrainingConfig.builder().dataset(DatasetKind.MNIST).data(data).seed(seed)
                    .reference(ReferenceKind.EQPROP).runDb(dir.resolve("r.db")).build(), ProgressListener.NONE);
            taox.add(t.testAccuracy());
            floatEq.add(t.referenceTestAccuracy());
            TrainingSummary i = Trainer.run(TrainingConfig.builder().board("sim:?profile=ideal").dataset(DatasetKind.MNIST).data(data)
                    .seed(seed).runDb(dir.resolve("r.db")).build(), ProgressListener.NONE);
            ideal.add(i.testAccuracy());
        }
        assertThat(median(floatEq)).as("float EqProp %s", floatEq).isGreaterThanOrEqualTo(0.94);
        assertThat(median(taox)).as("TaOx %s", taox).isGreaterThanOrEqualTo(0.88);
        assertThat(median(floatEq) - median(ideal)).as("ideal %s against float %s", ideal, floatEq).isLessThanOrEqualTo(0.01);
    }
}
