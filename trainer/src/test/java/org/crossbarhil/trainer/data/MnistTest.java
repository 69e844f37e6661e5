package org.crossbarhil.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir
    Path dir;

    /** n images of rows x cols whose pixel (r, c) of image i is (i + r + c) % 256, labels i % 10. */
    static byte[] images(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(IdxFile.IMAGES_MAGIC);
        o.writeInt(n);
        o.writeInt(rows);
        o.writeInt(cols);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < rows * cols; p++) {
                o.writeByte((i + p / cols + p % cols) % 256);
            }
        }
        return b.toByteArray();
    }

    static byte[] labels(int n) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(IdxFile.LABELS_MAGIC);
        o.writeInt(n);
        for (int i = 0; i < n; i++) {
            o.writeByte(i % 10);
        }
        return b.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
        return p;
    }

    @Test
    void aSinglePairIsSplitFirstFourFifthsTrainLastFifthTest() throws IOException {
        write("x-images-idx3-ubyte.gz", images(50, 28, 28), true);
        write("x-labels-idx1-ubyte", labels(50), false);
        DataSet d = Mnist.load(dir.toString(), Mnist.Options.DEFAULTS);
        Fold f = d.folds().get(0);
        assertThat(f.train().size()).isEqualTo(40);
        assertThat(f.test().size()).isEqualTo(10);
        assertThat(f.test().labels()[0]).isEqualTo(0); // sample 40 has label 40 % 10
        assertThat(d.inputSize()).isEqualTo(196);
        assertThat(d.parameters().get("split")).asString().contains("first 40 train / last 10 test");
    }

    @Test
    void aTrainAndATestPairInOneDirectoryAreUsedAsSuch() throws IOException {
        write("train-images-idx3-ubyte", images(30, 28, 28), false);
        write("train-labels-idx1-ubyte", labels(30), false);
        write("t10k-images-idx3-ubyte", images(20, 28, 28), false);
        write("t10k-labels-idx1-ubyte", labels(20), false);
        Fold f = Mnist.load(dir.toString(), Mnist.Options.DEFAULTS).folds().get(0);
        assertThat(f.train().size()).isEqualTo(30);
        assertThat(f.test().size()).isEqualTo(20);
    }

    @Test
    void anImagesFileFindsItsLabelsBesideItAndAnExplicitPairWorksToo() throws IOException {
        Path images = write("a-images-idx3-ubyte.gz", images(10, 28, 28), true);
        Path labels = write("a-labels-idx1-ubyte.gz", labels(10), true);
        assertThat(Mnist.load(images.toString(), Mnist.Options.DEFAULTS).folds().get(0).train().size()).isEqualTo(8);
        assertThat(Mnist.load(images + "," + labels, Mnist.Options.DEFAULTS).folds().get(0).test().size()).isEqualTo(2);
    }

    @Test
    void downsamplingTo14AveragesTwoByTwoBlocks() {
        float[] image = new float[28 * 28];
        for (int p = 0; p < image.length; p++) {
            image[p] = p % 7;
        }
        float[] small = Mnist.resample(image, 28, 28, 14);
        float expected = (image[0] + image[1] + image[28] + image[29]) / 4;
        assertThat(small[0]).isCloseTo(expected, within(1e-6f));
        assertThat(small).hasSize(196);
    }

    @Test
    void downsamplingTo8PreservesTheMeanAndKeeps28Unchanged() {
        float[] image = new float[28 * 28];
        for (int p = 0; p < image.length; p++) {
            image[p] = (p * 37 % 101) / 100f;
        }
        double mean = 0;
        for (float v : image) {
            mean += v / image.length;
        }
        double small = 0;
        for (float v : Mnist.resample(image, 28, 28, 8)) {
            small += v / 64;
        }
        assertThat(small).isCloseTo(mean, within(1e-5));
        assertThat(Mnist.resample(image, 28, 28, 28)).containsExactly(image);
    }

    @Test
    void aMissingDirectoryIsNamed() {
        assertThatThrownBy(() -> Mnist.load(dir.resolve("nope").toString(), Mnist.Options.DEFAULTS))
                .isInstanceOf(DataSetException.class).hasMessageContaining("nope: no such file or directory");
    }

    @Test
    void aDirectoryWithoutIdxFilesSaysWhatItFound() throws IOException {
        write("readme.txt", new byte[] {1}, false);
        assertThatThrownBy(() -> Mnist.load(dir.toString(), Mnist.Options.DEFAULTS)).isInstanceOf(DataSetException.class)
                .hasMessageContaining("no MNIST files (found 0 *images-idx3* and 0 *labels-idx1* files");
    }

    @Test
    void aWrongMagicNumberIsRefused() throws IOException {
        write("x-images-idx3-ubyte", labels(10), false);
        write("x-labels-idx1-ubyte", labels(10), false);
        assertThatThrownBy(() -> Mnist.load(dir.toString(), Mnist.Options.DEFAULTS)).isInstanceOf(DataSetException.class)
                .hasMessageContaining("not an IDX image file (idx3-ubyte) (magic number 0x00000801, expected 0x00000803)");
    }

    @Test
    void aTruncatedFileSaysHowMuchIsMissing() throws IOException {
        byte[] full = images(10, 28, 28);
        write("x-images-idx3-ubyte", Arrays.copyOf(full, full.length - 100), false);
        write("x-labels-idx1-ubyte", labels(10), false);
        assertThatThrownBy(() -> Mnist.load(dir.toString(), Mnist.Options.DEFAULTS)).isInstanceOf(DataSetException.class)
                .hasMessageContaining("truncated: the header announces 10 images of 28x28 (7840 data bytes) but the file holds only 7740");
    }

    @Test
    void aTruncatedGzipStreamIsReported() throws IOException {
        Path p = write("x-images-idx3-ubyte.gz", images(10, 28, 28), true);
        byte[] gz = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(gz, gz.length / 2));
        write("x-labels-idx1-ubyte", labels(10), false);
        assertThatThrownBy(() -> Mnist.load(dir.toString(), Mnist.Options.DEFAULTS)).isInstanceOf(DataSetException.class)
                .hasMessageContaining("x-images-idx3-ubyte.gz");
    }

    @Test
    void mismatchedCountsAreRefused() throws IOException {
        write("x-images-idx3-ubyte", images(10, 28, 28), false);
        write("x-labels-idx1-ubyte", labels(9), false);
        assertThatThrownBy(() -> Mnist.load(dir.toString(), Mnist.Options.DEFAULTS)).isInstanceOf(DataSetException.class)
                .hasMessageContaining("holds 10 images but").hasMessageContaining("holds 9 labels");
    }

    @Test
    void aLabelAboveNineIsRefused() throws IOException {
        byte[] l = labels(10);
        l[8 + 3] = 12;
        write("x-images-idx3-ubyte", images(10, 28, 28), false);
        write("x-labels-idx1-ubyte", l, false);
        assertThatThrownBy(() -> Mnist.load(dir.toString(), Mnist.Options.DEFAULTS)).hasMessageContaining("label 12 at index 3 (expected: 0-9)");
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] full = images(10, 28, 28);
        write("x-images-idx3-ubyte", Arrays.copyOf(full, full.length + 5), false);
        write("x-labels-idx1-ubyte", labels(10), false);
        assertThatThrownBy(() -> Mnist.load(dir.toString(), Mnist.Options.DEFAULTS)).hasMessageContaining("longer than its header says");
    }

    @Test
    void aMissingPartnerFileIsNamed() throws IOException {
        Path images = write("solo-images-idx3-ubyte", images(10, 28, 28), false);
        assertThatThrownBy(() -> Mnist.load(images.toString(), Mnist.Options.DEFAULTS))
                .hasMessageContaining("its partner file").hasMessageContaining("solo-labels-idx1-ubyte is missing");
    }

    @Test
    void anUnsupportedImageSizeIsRefused() {
        assertThatThrownBy(() -> new Mnist.Options(10, 0, 0)).hasMessageContaining("mnist image size: 10 (expected: 8, 14 or 28)");
    }

    /** The project's 10k subset, found from the project root (the folder holding mvnw): ../shared/data/mnist10k. */
    static Path sharedMnist() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        Path data = p == null ? null : p.resolve("../shared/data/mnist10k").normalize();
        Assumptions.assumeTrue(data != null && Files.isDirectory(data), "../shared/data/mnist10k (relative to the project root) is absent");
        return data;
    }

    @Test
    void theSharedTenThousandDigitsSplitIntoEightThousandAndTwoThousand() {
        DataSet d = Mnist.load(sharedMnist().toString(), Mnist.Options.DEFAULTS);
        Fold f = d.folds().get(0);
        assertThat(f.train().size()).isEqualTo(8000);
        assertThat(f.test().size()).isEqualTo(2000);
        int[] counts = new int[10];
        for (int l : f.test().labels()) {
            counts[l]++;
        }
        // the file is shuffled so that every prefix is class-balanced: each digit is about a tenth
        for (int c : counts) {
            assertThat(c).isBetween(150, 250);
        }
        double ink = 0;
        for (float[] x : f.train().inputs()) {
            for (float v : x) {
                ink += v;
            }
        }
        // MNIST's mean pixel is about 0.13
        assertThat(ink / (8000 * 196)).isBetween(0.10, 0.16);
    }
}
