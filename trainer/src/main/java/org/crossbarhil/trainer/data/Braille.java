package org.crossbarhil.trainer.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The Braille-word task of Yi et al. 2023: a vocabulary of random words written as Braille cells
 * (6 dots a letter, the standard patterns of a-z), corrupted by independent dot flips. Each sample
 * is the 6·L dots of a uniformly chosen word with every dot flipped with probability
 * {@code flipRate}. Classification names the word; reconstruction outputs its clean dots.
 *
 * <p>The best any decoder can do is maximum-likelihood decoding, which for equal priors and a flip
 * rate below 1/2 is nearest-word (Hamming) decoding; its accuracy on the very test samples is
 * reported as the optimum. A tie between k nearest words counts 1/k when the true word is among
 * them: the expected accuracy of the optimal decoder breaking ties at random.
 */
public final class Braille {
    /** Dots 1-6 of letters a-z, bit (d - 1) set for dot d. */
    private static final int[] LETTER_DOTS = {
        dots(1), dots(1, 2), dots(1, 4), dots(1, 4, 5), dots(1, 5), dots(1, 2, 4), dots(1, 2, 4, 5), dots(1, 2, 5),
        dots(2, 4), dots(2, 4, 5), dots(1, 3), dots(1, 2, 3), dots(1, 3, 4), dots(1, 3, 4, 5), dots(1, 3, 5),
        dots(1, 2, 3, 4), dots(1, 2, 3, 4, 5), dots(1, 2, 3, 5), dots(2, 3, 4), dots(2, 3, 4, 5), dots(1, 3, 6),
        dots(1, 2, 3, 6), dots(2, 4, 5, 6), dots(1, 3, 4, 6), dots(1, 3, 4, 5, 6), dots(1, 3, 5, 6)
    };
    public static final int DOTS_PER_LETTER = 6;

    private Braille() {
    }

    /**
     * Options with their defaults: 10 words of 4 letters, 10% flips, 8,000 train and 2,000 test
     * samples (more training samples average out the stochastic pulse updates; see docs/benchmarks.md).
     */
    public record Options(int vocabularySize, int wordLength, double flipRate, int trainSize, int testSize, Task task) {
        public static final Options DEFAULTS = new Options(10, 4, 0.1, 8000, 2000, Task.CLASSIFICATION);

        public Options {
            if (wordLength < 1 || wordLength > 16) {
                throw new IllegalArgumentException("braille word length: " + wordLength + " (expected: 1..16)");
            }
            double possible = Math.pow(26, wordLength);
            if (vocabularySize < 2 || vocabularySize > Math.min(possible, 10_000)) {
                throw new IllegalArgumentException("braille vocabulary size: " + vocabularySize + " (expected: 2.."
                        + (long) Math.min(possible, 10_000) + " for words of " + wordLength + " letters)");
            }
            if (!(flipRate >= 0 && flipRate < 0.5)) {
                throw new IllegalArgumentException("braille flip rate: " + flipRate + " (expected: in [0, 0.5))");
            }
            if (trainSize < 1 || testSize < 1) {
                throw new IllegalArgumentException("braille train size " + trainSize + " and test size " + testSize + " (expected: >= 1)");
            }
            if (task == null) {
                throw new NullPointerException("task");
            }
        }

        public Options withVocabularySize(int v) {
            return new Options(v, wordLength, flipRate, trainSize, testSize, task);
        }

        public Options withWordLength(int v) {
            return new Options(vocabularySize, v, flipRate, trainSize, testSize, task);
        }

        public Options withFlipRate(double v) {
            return new Options(vocabularySize, wordLength, v, trainSize, testSize, task);
        }

        public Options withTrainSize(int v) {
            return new Options(vocabularySize, wordLength, flipRate, v, testSize, task);
        }

        public Options withTestSize(int v) {
            return new Options(vocabularySize, wordLength, flipRate, trainSize, v, task);
        }

        public Options withTask(Task v) {
            return new Options(vocabularySize, wordLength, flipRate, trainSize, testSize, v);
        }
    }

    /** The vocabulary, train and test samples for a seed; the same options and seed give the same set. */
    public static DataSet generate(Options o, long seed) {
        SplittableRandom root = new SplittableRandom(seed ^ 0x42524149_4C4C45L);
        List<String> words = vocabulary(o.vocabularySize(), o.wordLength(), root.split());
        boolean[][] patterns = new boolean[words.size()][];
        for (int w = 0; w < words.size(); w++) {
            patterns[w] = pattern(words.get(w));
        }
        Split train = samples(patterns, o, o.trainSize(), root.split());
        Split test = samples(patterns, o, o.testSize(), root.split());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("vocabulary_size", o.vocabularySize());
        params.put("word_length", o.wordLength());
        params.put("flip_rate", o.flipRate());
        params.put("train_size", o.trainSize());
        params.put("test_size", o.testSize());
        params.put("task", o.task().name().toLowerCase(java.util.Locale.ROOT));
        params.put("vocabulary", String.join(" ", words));
        int out = o.task() == Task.CLASSIFICATION ? words.size() : o.wordLength() * DOTS_PER_LETTER;
        return new DataSet("braille", o.task(), o.wordLength() * DOTS_PER_LETTER, out, List.of(new Fold(train, test)), params,
                OptionalDouble.of(nearestWordAccuracy(patterns, test)));
    }

    /** Distinct random words of lower-case letters. */
    static List<String> vocabulary(int size, int length, SplittableRandom random) {
        Set<String> words = new LinkedHashSet<>();
        StringBuilder sb = new StringBuilder(length);
        while (words.size() < size) {
            sb.setLength(0);
            for (int i = 0; i < length; i++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            words.add(sb.toString());
        }
        return new ArrayList<>(words);
    }

    /** The 6·L dots of a word, letter after letter, dots 1-6 within a letter. */
    public static boolean[] pattern(String word) {
        boolean[] p = new boolean[word.length() * DOTS_PER_LETTER];
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < 'a' || c > 'z') {
                throw new IllegalArgumentException("braille letter '" + c + "' in \"" + word + "\" (expected: a-z)");
            }
            int bits = LETTER_DOTS[c - 'a'];
            for (int d = 0; d < DOTS_PER_LETTER; d++) {
                p[i * DOTS_PER_LETTER + d] = (bits & (1 << d)) != 0;
            }
        }
        return p;
    }

    private static Split samples(boolean[][] patterns, Options o, int n, SplittableRandom random) {
        int dots = patterns[0].length;
        float[][] x = new float[n][dots];
        int[] labels = new int[n];
        float[][] targets = new float[n][];
        for (int s = 0; s < n; s++) {
            int w = random.nextInt(patterns.length);
            labels[s] = w;
            for (int d = 0; d < dots; d++) {
                boolean on = patterns[w][d] ^ (random.nextDouble() < o.flipRate());
                x[s][d] = on ? 1f : 0f;
            }
            if (o.task() == Task.RECONSTRUCTION) {
                targets[s] = new float[dots];
                for (int d = 0; d < dots; d++) {
                    targets[s][d] = patterns[w][d] ? 1f : 0f;
                }
            }
        }
        if (o.task() == Task.CLASSIFICATION) {
            targets = Split.oneHot(labels, patterns.length);
        }
        return new Split(x, targets, labels);
    }

    /** Expected accuracy of nearest-word decoding (random tie-breaking) on these samples. */
    static double nearestWordAccuracy(boolean[][] patterns, Split test) {
        double credit = 0;
        for (int s = 0; s < test.size(); s++) {
            float[] x = test.inputs()[s];
            int best = Integer.MAX_VALUE;
            int ties = 0;
            boolean trueAmongBest = false;
            for (int w = 0; w < patterns.length; w++) {
                int d = 0;
                for (int i = 0; i < x.length; i++) {
                    if ((x[i] >= 0.5f) != patterns[w][i]) {
                        d++;
                    }
                }
                if (d < best) {
                    best = d;
                    ties = 1;
                    trueAmongBest = w == test.labels()[s];
                } else if (d == best) {
                    ties++;
                    trueAmongBest |= w == test.labels()[s];
                }
            }
            if (trueAmongBest) {
                credit += 1.0 / ties;
            }
        }
        return credit / test.size();
    }

    private static int dots(int... d) {
        int bits = 0;
        for (int i : d) {
            bits |= 1 << (i - 1);
        }
        return bits;
    }
}
