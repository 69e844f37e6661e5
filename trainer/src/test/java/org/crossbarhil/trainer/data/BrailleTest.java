package org.crossbarhil.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BrailleTest {
    @Test
    void lettersUseTheStandardBrailleDots() {
        // "a" is dot 1, "g" dots 1-2-4-5, "z" dots 1-3-5-6
        assertThat(Braille.pattern("a")).containsExactly(true, false, false, false, false, false);
        assertThat(Braille.pattern("g")).containsExactly(true, true, false, true, true, false);
        assertThat(Braille.pattern("z")).containsExactly(true, false, true, false, true, true);
    }

    @Test
    void defaultsAreTenWordsOfFourLettersWithTenPercentFlipsAndAtLeastAThousandTestSamples() {
        DataSet d = Braille.generate(Braille.Options.DEFAULTS, 1);
        assertThat(d.inputSize()).isEqualTo(24);
        assertThat(d.outputSize()).isEqualTo(10);
        assertThat(d.folds().get(0).test().size()).isGreaterThanOrEqualTo(1000);
        assertThat(d.parameters()).containsEntry("vocabulary_size", 10).containsEntry("word_length", 4).containsEntry("flip_rate", 0.1);
        assertThat(((String) d.parameters().get("vocabulary")).split(" ")).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void theSameSeedGivesTheSameSamplesAndAnotherSeedOthers() {
        DataSet a = Braille.generate(Braille.Options.DEFAULTS, 3);
        DataSet b = Braille.generate(Braille.Options.DEFAULTS, 3);
        DataSet c = Braille.generate(Braille.Options.DEFAULTS, 4);
        assertThat(a.folds().get(0).test().inputs()).isDeepEqualTo(b.folds().get(0).test().inputs());
        assertThat(a.parameters().get("vocabulary")).isNotEqualTo(c.parameters().get("vocabulary"));
    }

    @Test
    void flipsHappenAtTheRequestedRate() {
        Braille.Options o = Braille.Options.DEFAULTS.withFlipRate(0.2).withTask(Task.RECONSTRUCTION).withTestSize(3000);
        Split test = Braille.generate(o, 5).folds().get(0).test();
        long flips = 0;
        long dots = 0;
        for (int s = 0; s < test.size(); s++) {
            for (int i = 0; i < test.inputSize(); i++) {
                flips += test.inputs()[s][i] != test.targets()[s][i] ? 1 : 0;
                dots++;
            }
        }
        assertThat((double) flips / dots).isBetween(0.19, 0.21);
    }

    @Test
    void withoutFlipsTheNearestWordDecoderIsPerfect() {
        DataSet d = Braille.generate(Braille.Options.DEFAULTS.withFlipRate(0), 2);
        assertThat(d.optimalTestAccuracy().getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void threeLetterTenWordVocabulariesAtTenPercentFlipsAllowAbout96Point6Percent() {
        // DESIGN §5 quotes about 96.6% for this setting; the average over vocabularies must agree.
        double sum = 0;
        int n = 20;
        for (int seed = 0; seed < n; seed++) {
            Braille.Options o = Braille.Options.DEFAULTS.withWordLength(3).withTestSize(5000).withTrainSize(1);
            sum += Braille.generate(o, seed).optimalTestAccuracy().getAsDouble();
        }
        assertThat(sum / n).isBetween(0.955, 0.975);
    }

    @Test
    void nearestWordAccuracyCountsTiesFractionally() {
        boolean[][] words = {{true, false}, {false, true}};
        // the sample (0, 0) is one flip from both words: a tie, worth 1/2
        Split test = new Split(new float[][] {{0f, 0f}, {1f, 0f}}, new float[][] {{1, 0}, {1, 0}}, new int[] {0, 0});
        assertThat(Braille.nearestWordAccuracy(words, test)).isEqualTo(0.75);
    }

    @Test
    void reconstructionTargetsAreTheCleanWords() {
        DataSet d = Braille.generate(Braille.Options.DEFAULTS.withTask(Task.RECONSTRUCTION), 1);
        assertThat(d.outputSize()).isEqualTo(24);
        String[] vocab = ((String) d.parameters().get("vocabulary")).split(" ");
        Split train = d.folds().get(0).train();
        boolean[] clean = Braille.pattern(vocab[train.labels()[0]]);
        for (int i = 0; i < clean.length; i++) {
            assertThat(train.targets()[0][i]).isEqualTo(clean[i] ? 1f : 0f);
        }
    }

    @Test
    void vocabularyWordsAreDistinct() {
        assertThat(Braille.vocabulary(26, 1, new SplittableRandom(1))).hasSize(26).doesNotHaveDuplicates();
    }

    @Test
    void badOptionsAreRefusedWithTheirRange() {
        assertThatThrownBy(() -> Braille.Options.DEFAULTS.withFlipRate(0.5)).hasMessageContaining("flip rate: 0.5 (expected: in [0, 0.5))");
        assertThatThrownBy(() -> Braille.Options.DEFAULTS.withWordLength(1).withVocabularySize(27))
                .hasMessageContaining("vocabulary size: 27 (expected: 2..26");
        assertThatThrownBy(() -> Braille.Options.DEFAULTS.withTestSize(0)).hasMessageContaining("test size 0");
    }
}
