package org.crossbarhil.trainer.runs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crossbarhil.trainer.board.TileSnapshot;

/**
 * Run records in a run database ({@link RunDatabase}: an SQLite file or a PostgreSQL server):
 * configuration, board state, per-epoch metrics, conductance maps (initial, latest checkpoint,
 * final, around a refresh), float weights of reference and float-only runs, events, the final
 * summary, sweeps and provenance. The schema is docs/runs.md; {@link RunSchema} migrates older
 * databases when they are opened. Every write commits at once, so a crash loses at most the epoch
 * in progress.
 */
public final class RunStore implements AutoCloseable {
    private final RunDatabase where;
    private final Dialect dialect;
    private final Connection db;

    private RunStore(RunDatabase where, Connection db) {
        this.where = where;
        this.dialect = where.dialect();
        this.db = db;
    }

    public static RunStore open(Path file) {
        return open(RunDatabase.file(file));
    }

    public static RunStore open(RunDatabase where) {
        return new RunStore(where, connect(where));
    }

    /**
     * A connection to a database at the current schema. SQLite connections wait for another
     * writer's short transaction (a heartbeat, an epoch of another run) instead of failing at once
     * with "database is locked".
     */
    static Connection connect(RunDatabase where) {
        Connection c = null;
        try {
            c = where.connect();
            RunSchema.migrate(c, where.dialect(), where);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new RunStoreException("cannot open run database " + where + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the failure to open is the one worth reporting
            }
        }
    }

    public RunDatabase database() {
        return where;
    }

    /** The SQLite file (a server has none). */
    public Path file() {
        return where.localFile().orElseThrow(() -> new IllegalStateException("run database " + where + " is not a file"));
    }

    /** Creates a run without settings, sweep or provenance. */
    public long createRun(String configJson, String dataset, String board, String network, String update, long seed, int epochs,
            int folds) {
        return createRun(new NewRun(configJson, dataset, board, network, update, seed, epochs, folds, null, null, null, null));
    }

    /**
     * A run about to start.
     *
     * @param settingsJson the resolved experiment settings (null: none recorded)
     * @param sweepId      its sweep, or null
     * @param sweepPoint   its grid point in the sweep, or null
     * @param provenance   where it came from, or null
     */
    public record NewRun(String configJson, String dataset, String board, String network, String update, long seed, int epochs, int folds,
            String settingsJson, String sweepId, Integer sweepPoint, Provenance provenance) {
    }

    public long createRun(NewRun n) {
        String now = Instant.now().toString();
        Provenance pr = n.provenance() != null ? n.provenance() : new Provenance(null, null, null, null, null, null, null);
        try (PreparedStatement p = dialect.insertReturningId(db, "INSERT INTO runs (created, updated, status, dataset, board, network,"
                + " update_rule, seed, epochs, folds, config, settings, sweep_id, sweep_point, tool_version, board_serial, board_firmware,"
                + " sim_profile, sim_seed, host, user_name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            Object[] args = {now, now, RunInfo.RUNNING, n.dataset(), n.board(), n.network(), n.update(), n.seed(), n.epochs(), n.folds(),
                n.configJson(), n.settingsJson(), n.sweepId(), n.sweepPoint(), pr.toolVersion(), pr.boardSerial(), pr.boardFirmware(),
                pr.simProfile(), pr.simSeed(), pr.host(), pr.user()};
            bind(p, args);
            p.executeUpdate();
            try (ResultSet k = p.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        } catch (SQLException e) {
            throw fail("create a run", e);
        }
    }

    /** Records a sweep before its runs: its id, a name, its spec as JSON and its number of grid points. */
    public void createSweep(String id, String name, String specJson, int points) {
        update("INSERT INTO sweeps (id, created, name, spec, points) VALUES (?,?,?,?,?)", id, Instant.now().toString(), name, specJson,
                points);
    }

    /** A sweep's spec JSON and its number of points, if recorded. */
    public Optional<SweepRecord> sweep(String id) {
        try (PreparedStatement p = db.prepareStatement("SELECT id, created, name, spec, points FROM sweeps WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new SweepRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("read sweep " + id, e);
        }
    }

    /** A recorded sweep. */
    public record SweepRecord(String id, String created, String name, String specJson, int points) {
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
        return RunLock.acquire(where, run, heartbeat, dead -> addEvent(run, "took over from a writer that stopped ("
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

    /** Records the run's summary and its result (the test accuracy, over folds their mean), which lists and comparisons show. */
    public void saveSummary(long run, String summaryJson, double testAccuracy) {
        update("UPDATE runs SET summary = ?, test_accuracy = ?, updated = ? WHERE id = ?", summaryJson, testAccuracy,
                Instant.now().toString(), run);
    }

    public void putValue(long run, String key, String value) {
        update("INSERT INTO run_values (run_id, key, value) VALUES (?,?,?)"
                + " ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value", run, key, value);
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
        try (PreparedStatement p = db.prepareStatement("SELECT time, message FROM events WHERE run_id = ? ORDER BY "
                + dialect.eventOrder())) {
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
        update("INSERT INTO epochs (run_id, fold, epoch, train_loss, train_accuracy, test_loss, test_accuracy, update_pulses,"
                + " write_verify_pulses, refreshed_pairs, energy_joules, hardware_seconds, wall_seconds, extra)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, fold, epoch) DO UPDATE SET train_loss = excluded.train_loss,"
                + " train_accuracy = excluded.train_accuracy, test_loss = excluded.test_loss, test_accuracy = excluded.test_accuracy,"
                + " update_pulses = excluded.update_pulses, write_verify_pulses = excluded.write_verify_pulses,"
                + " refreshed_pairs = excluded.refreshed_pairs, energy_joules = excluded.energy_joules,"
                + " hardware_seconds = excluded.hardware_seconds, wall_seconds = excluded.wall_seconds, extra = excluded.extra", run, e.fold(), e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(),
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
        return list(RunFilter.ALL);
    }

    /** The runs a filter accepts, oldest first. */
    public List<RunInfo> list(RunFilter f) {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (f.dataset() != null) {
            where.append(" AND r.dataset = ?");
            args.add(f.dataset());
        }
        if (f.sweepId() != null) {
            where.append(" AND r.sweep_id = ?");
            args.add(f.sweepId());
        }
        if (f.since() != null) {
            // ISO-8601 instants in UTC sort as text
            where.append(" AND r.created >= ?");
            args.add(f.since().toString());
        }
        List<RunInfo> out = new ArrayList<>();
        for (RunInfo r : query(where.length() == 0 ? "" : " WHERE" + where.substring(4), args.toArray())) {
            if (f.accepts(r)) {
                out.add(r);
            }
        }
        return out;
    }

    public Optional<RunInfo> run(long id) {
        List<RunInfo> r = query(" WHERE r.id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private List<RunInfo> query(String where, Object... args) {
        List<RunInfo> out = new ArrayList<>();
        // an unfinished run's result so far: the mean over its folds of each fold's latest epoch
        String sql = "SELECT r.id, r.created, r.updated, r.status, r.dataset, r.board, r.network, r.update_rule, r.seed, r.epochs, r.folds,"
                + " (SELECT fold FROM epochs e WHERE e.run_id = r.id ORDER BY fold DESC, epoch DESC LIMIT 1),"
                + " (SELECT epoch FROM epochs e WHERE e.run_id = r.id ORDER BY fold DESC, epoch DESC LIMIT 1),"
                + " COALESCE(r.test_accuracy, (SELECT AVG(e.test_accuracy) FROM epochs e WHERE e.run_id = r.id"
                + " AND e.epoch = (SELECT MAX(e2.epoch) FROM epochs e2 WHERE e2.run_id = e.run_id AND e2.fold = e.fold))),"
                + " r.config, r.state, r.summary, w.host, w.pid, w.since, w.heartbeat, w.token,"
                + " r.settings, r.sweep_id, r.sweep_point, r.tool_version, r.board_serial, r.board_firmware, r.sim_profile, r.sim_seed,"
                + " r.host, r.user_name FROM runs r LEFT JOIN writers w ON w.run_id = r.id" + where + " ORDER BY r.id";
        Instant now = Instant.now();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            bind(p, args);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    double acc = r.getDouble(14);
                    Double testAcc = r.wasNull() ? null : acc;
                    String status = r.getString(4);
                    // "running" is what the writer said when it started; whether it still runs is
                    // whether it still heartbeats (a kill -9 cannot record "interrupted")
                    if (RunInfo.RUNNING.equals(status) && (r.getString(18) == null || !writer(r, 18).alive(now))) {
                        status = RunInfo.INTERRUPTED;
                    }
                    int point = r.getInt(25);
                    Integer sweepPoint = r.wasNull() ? null : point;
                    long simSeed = r.getLong(30);
                    Long sim = r.wasNull() ? null : simSeed;
                    Provenance pr = new Provenance(r.getString(26), r.getString(27), r.getString(28), r.getString(29), sim, r.getString(31),
                            r.getString(32));
                    out.add(new RunInfo(r.getLong(1), r.getString(2), r.getString(3), status, r.getString(5), r.getString(6),
                            r.getString(7), r.getString(8), r.getLong(9), r.getInt(10), r.getInt(11), r.getInt(12), r.getInt(13), testAcc,
                            r.getString(15), r.getString(16), r.getString(17), r.getString(23), r.getString(24), sweepPoint, pr));
                }
            }
        } catch (SQLException e) {
            throw fail("list runs", e);
        }
        return out;
    }

    private static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            // a typed null: PostgreSQL refuses an untyped one where it cannot infer the column's type
            if (args[i] == null) {
                p.setNull(i + 1, Types.NULL);
            } else {
                p.setObject(i + 1, args[i]);
            }
        }
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            bind(p, args);
            p.executeUpdate();
        } catch (SQLException e) {
            throw fail("write", e);
        }
    }

    private RunStoreException fail(String what, SQLException e) {
        return new RunStoreException("run database " + where + ": cannot " + what + ": " + e.getMessage(), e);
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
