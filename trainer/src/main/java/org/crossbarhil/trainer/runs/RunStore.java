package org.crossbarhil.trainer.runs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crossbarhil.trainer.board.TileSnapshot;

/**
 * Run records in an embedded SQLite file: configuration, board state, per-epoch metrics,
 * conductance maps (initial, latest checkpoint, final, around a refresh), float weights of
 * reference and float-only runs, events and the final summary. Every write commits at once, so a
 * crash loses at most the epoch in progress.
 */
public final class RunStore implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private final Path file;
    private final Connection db;

    private RunStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static RunStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new RunStoreException("run database " + file + ": directory " + parent + " does not exist");
            }
            RunStore s = new RunStore(file, connect(file));
            s.createSchema();
            return s;
        } catch (SQLException e) {
            throw new RunStoreException("cannot open run database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connection that waits for another writer's short transaction (a heartbeat, an epoch of
     * another run) instead of failing at once with "database is locked".
     */
    static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public Path file() {
        return file;
    }

    private void createSchema() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, updated TEXT NOT NULL,"
                    + " status TEXT NOT NULL, dataset TEXT, board TEXT, network TEXT, update_rule TEXT, seed INTEGER, epochs INTEGER,"
                    + " folds INTEGER, config TEXT NOT NULL, state TEXT, summary TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS epochs (run_id INTEGER NOT NULL REFERENCES runs(id), fold INTEGER NOT NULL,"
                    + " epoch INTEGER NOT NULL, train_loss REAL, train_accuracy REAL, test_loss REAL, test_accuracy REAL,"
                    + " update_pulses INTEGER, write_verify_pulses INTEGER, refreshed_pairs INTEGER, energy_joules REAL,"
                    + " hardware_seconds REAL, wall_seconds REAL, extra TEXT, PRIMARY KEY (run_id, fold, epoch))");
            s.execute("CREATE TABLE IF NOT EXISTS conductances (run_id INTEGER NOT NULL REFERENCES runs(id), label TEXT NOT NULL,"
                    + " fold INTEGER, epoch INTEGER, tile INTEGER NOT NULL, rows INTEGER NOT NULL, cols INTEGER NOT NULL,"
                    + " siemens BLOB NOT NULL, PRIMARY KEY (run_id, label, tile))");
            s.execute("CREATE TABLE IF NOT EXISTS weights (run_id INTEGER NOT NULL REFERENCES runs(id), label TEXT NOT NULL,"
                    + " layer INTEGER NOT NULL, rows INTEGER NOT NULL, cols INTEGER NOT NULL, data BLOB NOT NULL,"
                    + " PRIMARY KEY (run_id, label, layer))");
            s.execute("CREATE TABLE IF NOT EXISTS run_values (run_id INTEGER NOT NULL REFERENCES runs(id), key TEXT NOT NULL,"
                    + " value TEXT, PRIMARY KEY (run_id, key))");
            s.execute("CREATE TABLE IF NOT EXISTS events (run_id INTEGER NOT NULL REFERENCES runs(id), time TEXT NOT NULL,"
                    + " message TEXT NOT NULL)");
            // added after the first release: CREATE IF NOT EXISTS gives older databases the table on
            // their next open, and older trainers never look at it
            s.execute("CREATE TABLE IF NOT EXISTS writers (run_id INTEGER PRIMARY KEY REFERENCES runs(id), host TEXT NOT NULL,"
                    + " pid INTEGER NOT NULL, since TEXT NOT NULL, heartbeat INTEGER NOT NULL, token TEXT NOT NULL)");
        }
    }

    public long createRun(String configJson, String dataset, String board, String network, String update, long seed, int epochs,
            int folds) {
        String now = Instant.now().toString();
        try (PreparedStatement p = db.prepareStatement("INSERT INTO runs (created, updated, status, dataset, board, network, update_rule,"
                + " seed, epochs, folds, config) VALUES (?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, now);
            p.setString(2, now);
            p.setString(3, RunInfo.RUNNING);
            p.setString(4, dataset);
            p.setString(5, board);
            p.setString(6, network);
            p.setString(7, update);
            p.setLong(8, seed);
            p.setInt(9, epochs);
            p.setInt(10, folds);
            p.setString(11, configJson);
            p.executeUpdate();
            try (ResultSet k = p.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        } catch (SQLException e) {
            throw fail("create a run", e);
        }
    }

    /**
     * Takes the run for this process until the lock is closed, with a heartbeat every
     * {@link RunWriter#HEARTBEAT}; a dead writer's hold is taken over and the takeover recorded.
     *
     * @throws RunLockedException when a live writer (another process, or another thread here) holds the run
     */
    public RunLock lock(long run) {
        return lock(run, RunWriter.HEARTBEAT);
    }

    RunLock lock(long run, Duration heartbeat) {
        return RunLock.acquire(file, run, heartbeat, dead -> addEvent(run, "took over from a writer that stopped ("
                + dead.describe(Instant.now()) + ")"));
    }

    /** The writer that holds the run, alive or not. */
    public Optional<RunWriter> writer(long run) {
        try {
            return RunLock.holder(db, run);
        } catch (SQLException e) {
            throw fail("read the writer of run " + run, e);
        }
    }

    static RunWriter writer(ResultSet r, int first) throws SQLException {
        return new RunWriter(r.getString(first), r.getLong(first + 1), Instant.parse(r.getString(first + 2)),
                Instant.ofEpochMilli(r.getLong(first + 3)), r.getString(first + 4));
    }

    public void setStatus(long run, String status) {
        update("UPDATE runs SET status = ?, updated = ? WHERE id = ?", status, Instant.now().toString(), run);
    }

    public void setUpdateRule(long run, String update) {
        update("UPDATE runs SET update_rule = ?, updated = ? WHERE id = ?", update, Instant.now().toString(), run);
    }

    public void saveState(long run, String stateJson) {
        update("UPDATE runs SET state = ?, updated = ? WHERE id = ?", stateJson, Instant.now().toString(), run);
    }

    public void saveSummary(long run, String summaryJson) {
        update("UPDATE runs SET summary = ?, updated = ? WHERE id = ?", summaryJson, Instant.now().toString(), run);
    }

    public void putValue(long run, String key, String value) {
        update("INSERT OR REPLACE INTO run_values (run_id, key, value) VALUES (?,?,?)", run, key, value);
    }

    public Optional<String> value(long run, String key) {
        try (PreparedStatement p = db.prepareStatement("SELECT value FROM run_values WHERE run_id = ? AND key = ?")) {
            p.setLong(1, run);
            p.setString(2, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("read a value of run " + run, e);
        }
    }

    public void addEvent(long run, String message) {
        update("INSERT INTO events (run_id, time, message) VALUES (?,?,?)", run, Instant.now().toString(), message);
    }

    public List<String> events(long run) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT time, message FROM events WHERE run_id = ? ORDER BY rowid")) {
            p.setLong(1, run);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1) + " " + r.getString(2));
                }
            }
        } catch (SQLException e) {
            throw fail("read the events of run " + run, e);
        }
        return out;
    }

    public void recordEpoch(long run, EpochRecord e) {
        update("INSERT OR REPLACE INTO epochs (run_id, fold, epoch, train_loss, train_accuracy, test_loss, test_accuracy, update_pulses,"
                + " write_verify_pulses, refreshed_pairs, energy_joules, hardware_seconds, wall_seconds, extra)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", run, e.fold(), e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(),
                e.testAccuracy(), e.updatePulses(), e.writeVerifyPulses(), e.refreshedPairs(), e.energyJoules(), e.hardwareSeconds(),
                e.wallSeconds(), e.extraJson());
        update("UPDATE runs SET updated = ? WHERE id = ?", Instant.now().toString(), run);
    }

    public List<EpochRecord> epochs(long run) {
        List<EpochRecord> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT fold, epoch, train_loss, train_accuracy, test_loss, test_accuracy,"
                + " update_pulses, write_verify_pulses, refreshed_pairs, energy_joules, hardware_seconds, wall_seconds, extra"
                + " FROM epochs WHERE run_id = ? ORDER BY fold, epoch")) {
            p.setLong(1, run);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new EpochRecord(r.getInt(1), r.getInt(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6),
                            r.getLong(7), r.getLong(8), r.getInt(9), r.getDouble(10), r.getDouble(11), r.getDouble(12), r.getString(13)));
                }
            }
        } catch (SQLException e) {
            throw fail("read the epochs of run " + run, e);
        }
        return out;
    }

    /** Replaces the maps recorded under {@code label}. */
    public void saveConductances(long run, String label, int fold, int epoch, List<TileSnapshot> maps) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement del = db.prepareStatement("DELETE FROM conductances WHERE run_id = ? AND label = ?");
                    PreparedStatement ins = db.prepareStatement("INSERT INTO conductances (run_id, label, fold, epoch, tile, rows, cols,"
                            + " siemens) VALUES (?,?,?,?,?,?,?,?)")) {
                del.setLong(1, run);
                del.setString(2, label);
                del.executeUpdate();
                for (TileSnapshot m : maps) {
                    ins.setLong(1, run);
                    ins.setString(2, label);
                    ins.setInt(3, fold);
                    ins.setInt(4, epoch);
                    ins.setInt(5, m.tile());
                    ins.setInt(6, m.rows());
                    ins.setInt(7, m.cols());
                    ins.setBytes(8, toBytes(m.siemens()));
                    ins.executeUpdate();
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw fail("save conductance maps '" + label + "' of run " + run, e);
        } finally {
            autoCommit();
        }
    }

    public List<TileSnapshot> conductances(long run, String label) {
        List<TileSnapshot> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT tile, rows, cols, siemens FROM conductances WHERE run_id = ? AND label = ?"
                + " ORDER BY tile")) {
            p.setLong(1, run);
            p.setString(2, label);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new TileSnapshot(r.getInt(1), r.getInt(2), r.getInt(3), fromBytes(r.getBytes(4))));
                }
            }
        } catch (SQLException e) {
            throw fail("read conductance maps '" + label + "' of run " + run, e);
        }
        return out;
    }

    /** Labels of recorded conductance maps with their fold and epoch, e.g. "checkpoint" (fold 1, epoch 3). */
    public List<String> conductanceLabels(long run) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT DISTINCT label FROM conductances WHERE run_id = ? ORDER BY label")) {
            p.setLong(1, run);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw fail("list conductance maps of run " + run, e);
        }
        return out;
    }

    public void saveWeights(long run, String label, List<float[][]> layers) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement del = db.prepareStatement("DELETE FROM weights WHERE run_id = ? AND label = ?");
                    PreparedStatement ins = db.prepareStatement("INSERT INTO weights (run_id, label, layer, rows, cols, data)"
                            + " VALUES (?,?,?,?,?,?)")) {
                del.setLong(1, run);
                del.setString(2, label);
                del.executeUpdate();
                for (int l = 0; l < layers.size(); l++) {
                    float[][] w = layers.get(l);
                    float[] flat = new float[w.length * w[0].length];
                    for (int j = 0; j < w.length; j++) {
                        System.arraycopy(w[j], 0, flat, j * w[0].length, w[0].length);
                    }
                    ins.setLong(1, run);
                    ins.setString(2, label);
                    ins.setInt(3, l);
                    ins.setInt(4, w.length);
                    ins.setInt(5, w[0].length);
                    ins.setBytes(6, toBytes(flat));
                    ins.executeUpdate();
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw fail("save weights '" + label + "' of run " + run, e);
        } finally {
            autoCommit();
        }
    }

    public List<float[][]> weights(long run, String label) {
        List<float[][]> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT rows, cols, data FROM weights WHERE run_id = ? AND label = ? ORDER BY layer")) {
            p.setLong(1, run);
            p.setString(2, label);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    int rows = r.getInt(1);
                    int cols = r.getInt(2);
                    float[] flat = fromBytes(r.getBytes(3));
                    float[][] w = new float[rows][cols];
                    for (int j = 0; j < rows; j++) {
                        System.arraycopy(flat, j * cols, w[j], 0, cols);
                    }
                    out.add(w);
                }
            }
        } catch (SQLException e) {
            throw fail("read weights '" + label + "' of run " + run, e);
        }
        return out;
    }

    public List<RunInfo> list() {
        return query("");
    }

    public Optional<RunInfo> run(long id) {
        List<RunInfo> r = query(" WHERE r.id = " + id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private List<RunInfo> query(String where) {
        List<RunInfo> out = new ArrayList<>();
        String sql = "SELECT r.id, r.created, r.updated, r.status, r.dataset, r.board, r.network, r.update_rule, r.seed, r.epochs, r.folds,"
                + " (SELECT fold FROM epochs e WHERE e.run_id = r.id ORDER BY fold DESC, epoch DESC LIMIT 1),"
                + " (SELECT epoch FROM epochs e WHERE e.run_id = r.id ORDER BY fold DESC, epoch DESC LIMIT 1),"
                + " (SELECT test_accuracy FROM epochs e WHERE e.run_id = r.id ORDER BY fold DESC, epoch DESC LIMIT 1),"
                + " r.config, r.state, r.summary, w.host, w.pid, w.since, w.heartbeat, w.token FROM runs r"
                + " LEFT JOIN writers w ON w.run_id = r.id" + where + " ORDER BY r.id";
        Instant now = Instant.now();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                double acc = r.getDouble(14);
                Double testAcc = r.wasNull() ? null : acc;
                String status = r.getString(4);
                // "running" is what the writer said when it started; whether it still runs is
                // whether it still heartbeats (a kill -9 cannot record "interrupted")
                if (RunInfo.RUNNING.equals(status) && (r.getString(18) == null || !writer(r, 18).alive(now))) {
                    status = RunInfo.INTERRUPTED;
                }
                out.add(new RunInfo(r.getLong(1), r.getString(2), r.getString(3), status, r.getString(5), r.getString(6),
                        r.getString(7), r.getString(8), r.getLong(9), r.getInt(10), r.getInt(11), r.getInt(12), r.getInt(13), testAcc,
                        r.getString(15), r.getString(16), r.getString(17)));
            }
        } catch (SQLException e) {
            throw fail("list runs", e);
        }
        return out;
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw fail("write", e);
        }
    }

    private RunStoreException fail(String what, SQLException e) {
        return new RunStoreException("run database " + file + ": cannot " + what + ": " + e.getMessage(), e);
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            throw fail("restore auto-commit", e);
        }
    }

    static byte[] toBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] fromBytes(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw fail("close", e);
        }
    }
}
