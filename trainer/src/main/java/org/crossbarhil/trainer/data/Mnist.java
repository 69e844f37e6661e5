package org.crossbarhil.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * MNIST (or any digit set) in the standard IDX files. {@code --data} names a directory, an images
 * file (its labels file is found beside it), or an explicit pair {@code IMAGES,LABELS}. Files are
 * recognised by {@code *images-idx3*} / {@code *labels-idx1*} in their names. A directory with a
 * train pair and a test pair (names containing "train" and "t10k"/"test") uses them as such; a
 * single pair is split in order: the first 80% train, the last 20% test (the 10k file: first
 * 8,000 / last 2,000). Images are scaled to [0, 1] and resampled to {@code size x size} by area
 * averaging (14x14 by default).
 */
public final class Mnist {
    public static final int CLASSES = 10;

    private Mnist() {
    }

    /**
     * @param size     14 (default), 8 or 28 pixels a side
     * @param maxTrain use at most this many training samples (the first ones); 0 = all
     * @param maxTest  use at most this many test samples (the first ones); 0 = all
     */
    public record Options(int size, int maxTrain, int maxTest) {
        public static final Options DEFAULTS = new Options(14, 0, 0);

        public Options {
            if (size != 8 && size != 14 && size != 28) {
                throw new IllegalArgumentException("mnist image size: " + size + " (expected: 8, 14 or 28)");
            }
            if (maxTrain < 0 || maxTest < 0) {
                throw new IllegalArgumentException("mnist maxTrain " + maxTrain + ", maxTest " + maxTest + " (expected: >= 0, 0 = all)");
            }
        }
    }

    /** A matched images/labels file pair. */
    public record Pair(Path images, Path labels) {
    }

    public static DataSet load(String data, Options options) {
        if (data == null || data.isBlank()) {
            throw new DataSetException("MNIST needs --data: a directory with *images-idx3* and *labels-idx1* files, an images file, "
                    + "or IMAGES,LABELS");
        }
        List<Pair> pairs = locate(data);
        Split train;
        Split test;
        String split;
        if (pairs.size() == 1) {
            Split all = read(pairs.get(0), options.size());
            int nTest = all.size() / 5;
            int nTrain = all.size() - nTest;
            train = all.select(range(0, nTrain));
            test = all.select(range(nTrain, all.size()));
            split = "first " + nTrain + " train / last " + nTest + " test of " + pairs.get(0).images().getFileName();
        } else {
            train = read(pairs.get(0), options.size());
            test = read(pairs.get(1), options.size());
            split = pairs.get(0).images().getFileName() + " train / " + pairs.get(1).images().getFileName() + " test";
        }
        if (options.maxTrain() > 0 && options.maxTrain() < train.size()) {
            train = train.select(range(0, options.maxTrain()));
            split += ", first " + options.maxTrain() + " train samples used";
        }
        if (options.maxTest() > 0 && options.maxTest() < test.size()) {
            test = test.select(range(0, options.maxTest()));
            split += ", first " + options.maxTest() + " test samples used";
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("image_size", options.size() + "x" + options.size());
        params.put("train_size", train.size());
        params.put("test_size", test.size());
        params.put("split", split);
        return new DataSet("mnist", Task.CLASSIFICATION, options.size() * options.size(), CLASSES, List.of(new Fold(train, test)),
                params, OptionalDouble.empty());
    }

    /** One pair (to be split) or two (train, test); every failure is a {@link DataSetException} naming the path. */
    static List<Pair> locate(String data) {
        if (data.contains(",")) {
            String[] parts = data.split(",", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new DataSetException("--data '" + data + "': expected a directory, an images file, or IMAGES,LABELS");
            }
            Path a = Path.of(parts[0].strip());
            Path b = Path.of(parts[1].strip());
            requireFile(a);
            requireFile(b);
            return List.of(new Pair(a, b));
        }
        Path p = Path.of(data);
        if (Files.isDirectory(p)) {
            return inDirectory(p);
        }
        requireFile(p);
        String name = p.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("images-idx3")) {
            return List.of(new Pair(p, partner(p, "images-idx3", "labels-idx1")));
        }
        if (lower.contains("labels-idx1")) {
            return List.of(new Pair(partner(p, "labels-idx1", "images-idx3"), p));
        }
        throw new DataSetException(p + ": not recognised as MNIST data (expected a name containing images-idx3 or labels-idx1, "
                + "a directory, or IMAGES,LABELS)");
    }

    private static List<Pair> inDirectory(Path dir) {
        List<Path> images = new ArrayList<>();
        List<Path> labels = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).sorted().forEach(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.contains("images-idx3")) {
                    images.add(f);
                } else if (n.contains("labels-idx1")) {
                    labels.add(f);
                }
            });
        } catch (IOException e) {
            throw new DataSetException(dir + ": cannot list the directory (" + e.getMessage() + ")", e);
        }
        if (images.isEmpty() || labels.isEmpty()) {
            throw new DataSetException(dir + ": no MNIST files (found " + images.size() + " *images-idx3* and " + labels.size()
                    + " *labels-idx1* files; expected one of each, or a train and a test pair)");
        }
        if (images.size() == 1 && labels.size() == 1) {
            return List.of(new Pair(images.get(0), labels.get(0)));
        }
        if (images.size() == 2 && labels.size() == 2) {
            Pair train = new Pair(pick(images, dir, true), pick(labels, dir, true));
            Pair test = new Pair(pick(images, dir, false), pick(labels, dir, false));
            return List.of(train, test);
        }
        throw new DataSetException(dir + ": ambiguous MNIST files " + images + " and " + labels
                + " (expected one images/labels pair, or one train and one test pair; name a pair with --data IMAGES,LABELS)");
    }

    private static Path pick(List<Path> candidates, Path dir, boolean train) {
        Path found = null;
        for (Path c : candidates) {
            String n = c.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean isTest = n.contains("t10k") || n.contains("test");
            boolean isTrain = n.contains("train");
            if (train ? (isTrain && !isTest) : (isTest && !isTrain)) {
                if (found != null) {
                    throw new DataSetException(dir + ": two " + (train ? "training" : "test") + " files " + found.getFileName() + " and "
                            + c.getFileName());
                }
                found = c;
            }
        }
        if (found == null) {
            throw new DataSetException(dir + ": cannot tell the train and test files apart in " + candidates
                    + " (expected names containing 'train' and 't10k' or 'test')");
        }
        return found;
    }

    private static Path partner(Path file, String from, String to) {
        String name = file.getFileName().toString();
        int i = name.toLowerCase(Locale.ROOT).indexOf(from);
        String base = name.substring(0, i) + to + name.substring(i + from.length());
        List<String> tries = new ArrayList<>(List.of(base));
        if (base.endsWith(".gz")) {
            tries.add(base.substring(0, base.length() - 3));
        } else {
            tries.add(base + ".gz");
        }
        for (String t : tries) {
            Path c = file.resolveSibling(t);
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        throw new DataSetException(file + ": its partner file " + file.resolveSibling(base) + " is missing");
    }

    private static void requireFile(Path p) {
        if (!Files.exists(p)) {
            throw new DataSetException(p + ": no such file or directory");
        }
        if (!Files.isRegularFile(p)) {
            throw new DataSetException(p + ": not a regular file");
        }
    }

    /** Reads and checks one pair, scaling pixels to [0, 1] and resampling to size x size. */
    public static Split read(Pair pair, int size) {
        IdxFile images = IdxFile.read(pair.images(), IdxFile.IMAGES_MAGIC);
        IdxFile labels = IdxFile.read(pair.labels(), IdxFile.LABELS_MAGIC);
        if (images.count() != labels.count()) {
            throw new DataSetException(pair.images() + " holds " + images.count() + " images but " + pair.labels() + " holds "
                    + labels.count() + " labels (expected: the same number)");
        }
        int n = images.count();
        int rows = images.dimensions()[1];
        int cols = images.dimensions()[2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int label = labels.data()[i] & 0xff;
            if (label >= CLASSES) {
                throw new DataSetException(pair.labels() + ": label " + label + " at index " + i + " (expected: 0-9)");
            }
            y[i] = label;
        }
        float[][] x = new float[n][];
        float[] full = new float[rows * cols];
        for (int i = 0; i < n; i++) {
            int base = i * rows * cols;
            for (int p = 0; p < full.length; p++) {
                full[p] = (images.data()[base + p] & 0xff) / 255f;
            }
            x[i] = resample(full, rows, cols, size);
        }
        return new Split(x, Split.oneHot(y, CLASSES), y);
    }

    /** Area-average resampling of a rows x cols image to size x size (exact 2x2 pooling for 28 to 14). */
    static float[] resample(float[] image, int rows, int cols, int size) {
        if (rows == size && cols == size) {
            return image.clone();
        }
        float[] out = new float[size * size];
        double sy = (double) rows / size;
        double sx = (double) cols / size;
        for (int oy = 0; oy < size; oy++) {
            double y0 = oy * sy;
            double y1 = y0 + sy;
            for (int ox = 0; ox < size; ox++) {
                double x0 = ox * sx;
                double x1 = x0 + sx;
                double sum = 0;
                for (int iy = (int) Math.floor(y0); iy < Math.min(rows, Math.ceil(y1)); iy++) {
                    double wy = Math.min(y1, iy + 1) - Math.max(y0, iy);
                    for (int ix = (int) Math.floor(x0); ix < Math.min(cols, Math.ceil(x1)); ix++) {
                        double wx = Math.min(x1, ix + 1) - Math.max(x0, ix);
                        sum += wy * wx * image[iy * cols + ix];
                    }
                }
                out[oy * size + ox] = (float) (sum / (sy * sx));
            }
        }
        return out;
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
