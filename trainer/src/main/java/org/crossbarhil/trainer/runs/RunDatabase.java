package org.crossbarhil.trainer.runs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where runs are recorded: an SQLite file on this machine, or a PostgreSQL server that many
 * machines record into ({@code jdbc:postgresql://HOST:PORT/DB}). Both hold the same schema
 * ({@link RunSchema}) and are written by the same code; {@link Dialect} keeps their differences.
 * A PostgreSQL user and password come from the URL's {@code user} and {@code password}
 * parameters or from {@code PGUSER} and {@code PGPASSWORD}, and are never shown in messages.
 */
public final class RunDatabase {
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    private final Dialect dialect;
    private final Path file;
    private final String url;

    private RunDatabase(Dialect dialect, Path file, String url) {
        this.dialect = dialect;
        this.file = file;
        this.url = url;
    }

    /** An SQLite file. */
    public static RunDatabase file(Path file) {
        Objects.requireNonNull(file, "file");
        return new RunDatabase(Dialect.SQLITE, file, "jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** A {@code jdbc:postgresql:} URL, or else a path to an SQLite file. */
    public static RunDatabase parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--run-db: empty (expected: a file, or jdbc:postgresql://HOST:PORT/DATABASE)");
        }
        if (text.startsWith(POSTGRESQL_PREFIX)) {
            return new RunDatabase(Dialect.POSTGRESQL, null, text);
        }
        if (text.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--run-db '" + redact(text) + "': only jdbc:postgresql: URLs are supported "
                    + "(or a path to an SQLite file)");
        }
        return file(Path.of(text));
    }

    Dialect dialect() {
        return dialect;
    }

    /** The SQLite file, or empty for a server. */
    public Optional<Path> localFile() {
        return Optional.ofNullable(file);
    }

    /** Whether this database exists already (a server is taken to: connecting says if not). */
    public boolean exists() {
        return file == null || Files.exists(file);
    }

    Connection connect() throws SQLException {
        if (file != null) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new RunStoreException("run database " + file + ": directory " + parent + " does not exist");
            }
        }
        Properties p = dialect.connectionProperties();
        if (dialect == Dialect.POSTGRESQL) {
            setFromEnvironment(p, "user", "PGUSER");
            setFromEnvironment(p, "password", "PGPASSWORD");
        }
        return DriverManager.getConnection(url, p);
    }

    private static void setFromEnvironment(Properties p, String key, String variable) {
        String v = System.getenv(variable);
        if (v != null && !v.isEmpty()) {
            p.setProperty(key, v);
        }
    }

    /** The database as messages name it: the file, or the URL without a password. */
    @Override
    public String toString() {
        return file != null ? file.toString() : redact(url);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunDatabase d && d.url.equals(url);
    }

    @Override
    public int hashCode() {
        return url.hashCode();
    }
}
