package org.crossbarhil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --mkdirs} flag, and the check every output path passes before a command touches a
 * board or starts long work: an unwritable path found only after an hour of training loses the
 * result, and a parent directory created silently (as root, anywhere) hides a typo.
 */
final class OutputFiles {
    @Option(names = "--mkdirs", description = "Create missing parent directories of output paths (default: refuse them).")
    boolean mkdirs;

    /**
     * Checks that {@code file} (given as {@code option}) can be written: it is not a directory and
     * its parent is a writable directory, created first with {@code --mkdirs}.
     *
     * @throws IllegalArgumentException saying what is wrong and what to do (exit code 2)
     */
    void checkFile(String option, Path file) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + ": is a directory (expected: a file to write)");
        }
        checkDirectory(option, file, file.toAbsolutePath().getParent());
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException(option + " " + file + ": the file exists and is not writable");
        }
    }

    /** Like {@link #checkFile}, for an output directory: it is created, its parent must exist (or --mkdirs). */
    void checkDirectoryToCreate(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": is a file (expected: a directory to write into)");
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            checkDirectory(option, dir, parent);
        }
    }

    private void checkDirectory(String option, Path given, Path parent) {
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new IllegalArgumentException(option + " " + given + ": " + existing + " is a file, not a directory");
        }
        if (!Files.exists(parent)) {
            if (!mkdirs) {
                throw new IllegalArgumentException(option + " " + given + ": directory " + parent
                        + " does not exist (create it, or pass --mkdirs)");
            }
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create directory " + parent + " for " + option + ": " + e, e);
            }
        }
        if (!Files.isWritable(parent)) {
            throw new IllegalArgumentException(option + " " + given + ": directory " + parent + " is not writable");
        }
    }
}
