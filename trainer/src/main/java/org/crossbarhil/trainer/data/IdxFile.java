package org.crossbarhil.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An unsigned-byte IDX file (the format of the MNIST distribution), gzip-compressed or not:
 *
 * <pre>
 * offset  type     value
 * 0       int32    magic: 0x00000800 | (number of dimensions); 0x801 labels, 0x803 images (big-endian)
 * 4       int32    size of dimension 0 (the item count)
 * 8...    int32    sizes of the other dimensions (images: rows, cols)
 * ...     ubyte    the data, row-major, count x rows x cols bytes
 * </pre>
 *
 * Compression is detected from the content (gzip magic 1f 8b), not from the file name.
 */
public record IdxFile(Path path, int[] dimensions, byte[] data) {
    public static final int LABELS_MAGIC = 0x00000801;
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Refuses headers that would need more memory than any MNIST-like file. */
    private static final long MAX_BYTES = 1L << 30;

    public int count() {
        return dimensions[0];
    }

    /** Reads a file whose magic must be {@code expectedMagic}; every failure names the file. */
    public static IdxFile read(Path path, int expectedMagic) {
        String kind = expectedMagic == IMAGES_MAGIC ? "IDX image file (idx3-ubyte)" : "IDX label file (idx1-ubyte)";
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream data = new DataInputStream(in);
            int magic;
            try {
                magic = data.readInt();
            } catch (EOFException e) {
                throw new DataSetException(path + ": too short to be an " + kind + " (no 4-byte magic number)");
            }
            if (magic != expectedMagic) {
                throw new DataSetException(String.format("%s: not an %s (magic number 0x%08x, expected 0x%08x)", path, kind, magic,
                        expectedMagic));
            }
            int dims = magic & 0xff;
            int[] sizes = new int[dims];
            long total = 1;
            for (int d = 0; d < dims; d++) {
                try {
                    sizes[d] = data.readInt();
                } catch (EOFException e) {
                    throw new DataSetException(path + ": truncated header (" + d + " of " + dims + " dimension sizes present)");
                }
                if (sizes[d] <= 0) {
                    throw new DataSetException(path + ": dimension " + d + " has size " + sizes[d] + " (expected: > 0)");
                }
                total *= sizes[d];
                if (total > MAX_BYTES) {
                    throw new DataSetException(path + ": header announces more than " + MAX_BYTES + " bytes of data");
                }
            }
            byte[] bytes = new byte[(int) total];
            int read = data.readNBytes(bytes, 0, bytes.length);
            if (read < bytes.length) {
                throw new DataSetException(path + ": truncated: the header announces " + describe(sizes) + " (" + total
                        + " data bytes) but the file holds only " + read);
            }
            if (data.read() >= 0) {
                throw new DataSetException(path + ": longer than its header says (" + describe(sizes) + "): corrupt or not IDX");
            }
            return new IdxFile(path, sizes, bytes);
        } catch (NoSuchFileException e) {
            throw new DataSetException(path + ": no such file");
        } catch (ZipException e) {
            throw new DataSetException(path + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataSetException(path + ": truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataSetException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(int[] sizes) {
        if (sizes.length == 3) {
            return sizes[0] + " images of " + sizes[1] + "x" + sizes[2];
        }
        if (sizes.length == 1) {
            return sizes[0] + " labels";
        }
        return java.util.Arrays.toString(sizes);
    }
}
