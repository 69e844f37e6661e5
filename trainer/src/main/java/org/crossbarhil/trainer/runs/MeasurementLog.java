package org.crossbarhil.trainer.runs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench commands' log in the run database, beside the training runs of {@link RunStore}: one
 * row per command (read, pulse, ramp, program, ...) with its command line, the board (without
 * secrets), when, its exit code and its result as JSON, so a conductance map or a forming ramp
 * can be traced to the command that made it. Its own table, its own connection: a log entry
 * never touches the runs.
 */
public final class MeasurementLog implements AutoCloseable {
    /** One logged command. {@code resultJson} is null when the command produced no result. */
    public record Entry(long id, String time, String command, String commandLine, String board, int exitCode,
            String resultJson) {
    }

    private final RunDatabase where;
    private final Connection db;

    private MeasurementLog(RunDatabase where, Connection db) {
        this.where = where;
        this.db = db;
    }

    public static MeasurementLog open(Path file) {
        return open(RunDatabase.file(file));
    }

    /** The log of a run database; opening it migrates the database like {@link RunStore#open(RunDatabase)}. */
    public static MeasurementLog open(RunDatabase where) {
        return new MeasurementLog(where, RunStore.connect(where));
    }

    /** Appends one entry (its id is ignored) and returns the id it was given. */
    public long append(Entry e) {
        try (PreparedStatement p = where.dialect().insertReturningId(db, "INSERT INTO measurements (time, command, command_line, board,"
                + " exit_code, result) VALUES (?,?,?,?,?,?)")) {
            p.setString(1, e.time());
            p.setString(2, e.command());
            p.setString(3, e.commandLine());
            p.setString(4, e.board());
            p.setInt(5, e.exitCode());
            p.setString(6, e.resultJson());
            p.executeUpdate();
            try (ResultSet k = p.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        } catch (SQLException ex) {
            throw new RunStoreException("run database " + where + ": cannot log a measurement: " + ex.getMessage(), ex);
        }
    }

    /** Every entry, oldest first. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT id, time, command, command_line, board,"
                + " exit_code, result FROM measurements ORDER BY id")) {
            while (r.next()) {
                out.add(new Entry(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getInt(6),
                        r.getString(7)));
            }
        } catch (SQLException e) {
            throw new RunStoreException("run database " + where + ": cannot list measurements: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new RunStoreException("run database " + where + ": cannot close: " + e.getMessage(), e);
        }
    }
}
