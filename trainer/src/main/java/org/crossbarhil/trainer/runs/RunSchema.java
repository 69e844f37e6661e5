package org.crossbarhil.trainer.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run store's schema and its forward migrations (docs/runs.md describes every table).
 * The version lives in the database ({@code schema_version}); {@link #migrate} runs on every open
 * and applies the steps the database lacks, each in one transaction with its version bump, so a
 * database is always at a version the code knows. A file written before versions were recorded
 * (its {@code runs} table exists, {@code schema_version} does not) is version 1. A database newer
 * than this code is refused, not written.
 */
final class RunSchema {
    /** The version this code writes. */
    static final int CURRENT = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Version 1: the tables as the first releases made them, without a recorded version. */
    private static final List<String> V1 = List.of(
            "CREATE TABLE IF NOT EXISTS runs (id {id}, created TEXT NOT NULL, updated TEXT NOT NULL,"
                    + " status TEXT NOT NULL, dataset TEXT, board TEXT, network TEXT, update_rule TEXT, seed {long}, epochs INTEGER,"
                    + " folds INTEGER, config TEXT NOT NULL, state TEXT, summary TEXT)",
            "CREATE TABLE IF NOT EXISTS epochs (run_id {long} NOT NULL REFERENCES runs(id), fold INTEGER NOT NULL,"
                    + " epoch INTEGER NOT NULL, train_loss {real}, train_accuracy {real}, test_loss {real}, test_accuracy {real},"
                    + " update_pulses {long}, write_verify_pulses {long}, refreshed_pairs INTEGER, energy_joules {real},"
                    + " hardware_seconds {real}, wall_seconds {real}, extra TEXT, PRIMARY KEY (run_id, fold, epoch))",
            "CREATE TABLE IF NOT EXISTS conductances (run_id {long} NOT NULL REFERENCES runs(id), label TEXT NOT NULL,"
                    + " fold INTEGER, epoch INTEGER, tile INTEGER NOT NULL, rows INTEGER NOT NULL, cols INTEGER NOT NULL,"
                    + " siemens {blob} NOT NULL, PRIMARY KEY (run_id, label, tile))",
            "CREATE TABLE IF NOT EXISTS weights (run_id {long} NOT NULL REFERENCES runs(id), label TEXT NOT NULL,"
                    + " layer INTEGER NOT NULL, rows INTEGER NOT NULL, cols INTEGER NOT NULL, data {blob} NOT NULL,"
                    + " PRIMARY KEY (run_id, label, layer))",
            "CREATE TABLE IF NOT EXISTS run_values (run_id {long} NOT NULL REFERENCES runs(id), key TEXT NOT NULL,"
                    + " value TEXT, PRIMARY KEY (run_id, key))",
            "CREATE TABLE IF NOT EXISTS events ({event_seq}run_id {long} NOT NULL REFERENCES runs(id), time TEXT NOT NULL,"
                    + " message TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS writers (run_id {long} PRIMARY KEY REFERENCES runs(id), host TEXT NOT NULL,"
                    + " pid {long} NOT NULL, since TEXT NOT NULL, heartbeat {long} NOT NULL, token TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS measurements (id {id}, time TEXT NOT NULL,"
                    + " command TEXT NOT NULL, command_line TEXT NOT NULL, board TEXT, exit_code INTEGER NOT NULL,"
                    + " result TEXT)");

    /** Version 2: sweeps, the resolved settings, the run's result, provenance. */
    private static final List<String> V2 = List.of(
            "CREATE TABLE sweeps (id TEXT PRIMARY KEY, created TEXT NOT NULL, name TEXT, spec TEXT NOT NULL, points INTEGER NOT NULL)",
            "ALTER TABLE runs ADD COLUMN sweep_id TEXT REFERENCES sweeps(id)",
            "ALTER TABLE runs ADD COLUMN sweep_point INTEGER",
            "ALTER TABLE runs ADD COLUMN settings TEXT",
            "ALTER TABLE runs ADD COLUMN test_accuracy {real}",
            "ALTER TABLE runs ADD COLUMN tool_version TEXT",
            "ALTER TABLE runs ADD COLUMN board_serial TEXT",
            "ALTER TABLE runs ADD COLUMN board_firmware TEXT",
            "ALTER TABLE runs ADD COLUMN sim_profile TEXT",
            "ALTER TABLE runs ADD COLUMN sim_seed {long}",
            "ALTER TABLE runs ADD COLUMN host TEXT",
            "ALTER TABLE runs ADD COLUMN user_name TEXT",
            "CREATE INDEX runs_by_sweep ON runs (sweep_id, sweep_point)");

    private RunSchema() {
    }

    /** Brings the database to {@link #CURRENT}, creating it when empty. */
    static void migrate(Connection db, Dialect dialect, RunDatabase where) throws SQLException {
        int version = version(db);
        if (version > CURRENT) {
            throw new RunStoreException("run database " + where + " has schema version " + version + ", newer than this crossbar's "
                    + CURRENT + ": use a newer crossbar (nothing was changed)");
        }
        if (version == CURRENT) {
            return;
        }
        boolean auto = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                if (dialect == Dialect.POSTGRESQL) {
                    // two processes opening one old database: the second waits, then sees the new version
                    s.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
                }
            }
            version = version(db);
            if (version <= 1) {
                // every version-1 statement is CREATE IF NOT EXISTS: a file from before the writers
                // or measurements tables gets them here
                run(db, dialect, V1);
                version = 1;
            }
            if (version < 2) {
                run(db, dialect, V2);
                backfillTestAccuracy(db);
                version = 2;
            }
            try (Statement s = db.createStatement()) {
                s.executeUpdate("DELETE FROM schema_version");
                s.executeUpdate("INSERT INTO schema_version (version) VALUES (" + version + ")");
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(auto);
        }
    }

    /** The recorded version; 1 for a database from before versions were recorded, 0 for an empty one. */
    static int version(Connection db) throws SQLException {
        if (hasTable(db, "schema_version")) {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (r.next() && r.getObject(1) != null) {
                    return r.getInt(1);
                }
            }
        }
        return hasTable(db, "runs") ? 1 : 0;
    }

    private static boolean hasTable(Connection db, String name) throws SQLException {
        // PostgreSQL folds unquoted names to lower case, as they are written here
        try (ResultSet r = db.getMetaData().getTables(null, null, name, new String[] {"TABLE"})) {
            return r.next();
        }
    }

    private static void run(Connection db, Dialect dialect, List<String> statements) throws SQLException {
        try (Statement s = db.createStatement()) {
            for (String sql : statements) {
                s.execute(dialect.ddl(sql));
            }
        }
    }

    /** Completed runs recorded before version 2 kept their result only in the summary JSON. */
    private static void backfillTestAccuracy(Connection db) throws SQLException {
        Map<Long, Double> found = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT id, summary FROM runs WHERE summary IS NOT NULL")) {
            while (r.next()) {
                Double acc = testAccuracy(r.getString(2));
                if (acc != null) {
                    found.put(r.getLong(1), acc);
                }
            }
        }
        try (PreparedStatement p = db.prepareStatement("UPDATE runs SET test_accuracy = ? WHERE id = ?")) {
            for (Map.Entry<Long, Double> e : found.entrySet()) {
                p.setDouble(1, e.getValue());
                p.setLong(2, e.getKey());
                p.executeUpdate();
            }
        }
    }

    private static Double testAccuracy(String summaryJson) {
        try {
            JsonNode n = JSON.readTree(summaryJson).get("test_accuracy");
            return n != null && n.isNumber() ? n.asDouble() : null;
        } catch (IOException e) {
            // a damaged summary stays as it is; the run simply shows no recorded result
            return null;
        }
    }
}
