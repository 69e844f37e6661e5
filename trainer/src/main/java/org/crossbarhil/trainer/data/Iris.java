package org.crossbarhil.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Fisher's Iris data (150 rows, 4 measurements, 3 species), shipped in the jar, with stratified
 * k-fold cross-validation. Features are scaled to [0, 1] with the minimum and maximum of each
 * fold's training rows (test rows outside that range are clipped to it), so no test statistic
 * leaks into training.
 */
public final class Iris {
    public static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");
    public static final int FEATURES = 4;
    private static final String RESOURCE = "iris.csv";

    private Iris() {
    }

    /** The 150 rows as read from the shipped CSV: measurements in centimetres and species index. */
    public record Rows(double[][] features, int[] species) {
    }

    public static Rows load() {
        try (InputStream in = Iris.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DataSetException("the Iris data (" + RESOURCE + ") is missing from the trainer jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new DataSetException("cannot read the Iris data from the trainer jar: " + e.getMessage(), e);
        }
    }

    static Rows parse(BufferedReader reader) throws IOException {
        List<double[]> features = new ArrayList<>();
        List<Integer> species = new ArrayList<>();
        String line;
        int lineNo = 0;
        boolean header = false;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                header = true;
                continue;
            }
            String[] f = line.split(",");
            if (f.length != FEATURES + 1) {
                throw new DataSetException("iris.csv line " + lineNo + ": " + f.length + " fields (expected: 5)");
            }
            double[] row = new double[FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                row[i] = Double.parseDouble(f[i].strip());
            }
            int s = SPECIES.indexOf(f[FEATURES].strip());
            if (s < 0) {
                throw new DataSetException("iris.csv line " + lineNo + ": unknown species '" + f[FEATURES].strip() + "'");
            }
            features.add(row);
            species.add(s);
        }
        int[] sp = species.stream().mapToInt(Integer::intValue).toArray();
        return new Rows(features.toArray(new double[0][]), sp);
    }

    /** Stratified k folds: each class shuffled with the seed and dealt round-robin to the folds. */
    public static DataSet folds(int k, long seed) {
        Rows rows = load();
        int n = rows.species().length;
        if (k < 2 || k > 50) {
            throw new IllegalArgumentException("iris folds: " + k + " (expected: 2..50)");
        }
        int[] foldOf = assign(rows.species(), k, seed);
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (foldOf[i] == f ? test : train).add(i);
            }
            double[] min = new double[FEATURES];
            double[] max = new double[FEATURES];
            java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int i : train) {
                for (int j = 0; j < FEATURES; j++) {
                    min[j] = Math.min(min[j], rows.features()[i][j]);
                    max[j] = Math.max(max[j], rows.features()[i][j]);
                }
            }
            folds.add(new Fold(split(rows, train, min, max), split(rows, test, min, max)));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("folds", k);
        params.put("rows", n);
        params.put("scaling", "min-max of each fold's training rows");
        return new DataSet("iris", Task.CLASSIFICATION, FEATURES, SPECIES.size(), folds, params, OptionalDouble.empty());
    }

    /** The fold of each row: each class shuffled with the seed and dealt round-robin to the folds. */
    static int[] assign(int[] species, int k, long seed) {
        int n = species.length;
        int[] foldOf = new int[n];
        SplittableRandom random = new SplittableRandom(seed ^ 0x49524953L);
        for (int c = 0; c < SPECIES.size(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (species[i] == c) {
                    members.add(i);
                }
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            for (int i = 0; i < members.size(); i++) {
                foldOf[members.get(i)] = i % k;
            }
        }
        return foldOf;
    }

    private static Split split(Rows rows, List<Integer> idx, double[] min, double[] max) {
        float[][] x = new float[idx.size()][FEATURES];
        int[] labels = new int[idx.size()];
        for (int r = 0; r < idx.size(); r++) {
            int i = idx.get(r);
            for (int j = 0; j < FEATURES; j++) {
                double v = (rows.features()[i][j] - min[j]) / (max[j] - min[j]);
                x[r][j] = (float) Math.min(1, Math.max(0, v));
            }
            labels[r] = rows.species()[i];
        }
        return new Split(x, Split.oneHot(labels, SPECIES.size()), labels);
    }
}
