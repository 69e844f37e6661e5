package org.crossbarhil.trainer.runs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one writer of a run, held in the run database's {@code writers} table: host, pid, since
 * when, and a heartbeat a daemon thread refreshes every {@link RunWriter#HEARTBEAT} on a
 * connection of its own (a long write-verify or a slow epoch must not look like a dead writer).
 * A writer that stopped heartbeating, or whose process is gone on this host, is dead, and its
 * run may be taken over. Taking and releasing are single compare-and-set statements, so two
 * processes racing for one run cannot both win.
 */
public final class RunLock implements AutoCloseable {
    private final RunDatabase where;
    private final long run;
    private final RunWriter self;
    private final Connection db;
    private final ScheduledExecutorService beat;
    private volatile String lostTo;

    private RunLock(RunDatabase where, long run, RunWriter self, Connection db, Duration period) {
        this.where = where;
        this.run = run;
        this.self = self;
        this.db = db;
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crossbar-run-" + run + "-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat.scheduleAtFixedRate(this::heartbeat, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the run for this process.
     *
     * @param previous receives the dead writer that held the run before, if any
     * @throws RunLockedException when a live writer holds it
     */
    static RunLock acquire(RunDatabase where, long run, Duration period, Consumer<RunWriter> previous) {
        Connection db = null;
        try {
            db = RunStore.connect(where);
            Instant now = Instant.now();
            RunWriter self = new RunWriter(RunWriter.localHost(), ProcessHandle.current().pid(), now, now, UUID.randomUUID().toString());
            Optional<RunWriter> holder = holder(db, run);
            if (holder.isPresent() && holder.get().alive(now)) {
                throw refused(run, holder.get(), now);
            }
            boolean taken;
            if (holder.isEmpty()) {
                taken = execute(db, "INSERT INTO writers (run_id, host, pid, since, heartbeat, token) VALUES (?,?,?,?,?,?)"
                        + " ON CONFLICT (run_id) DO NOTHING", run,
                        self.host(), self.pid(), self.since().toString(), now.toEpochMilli(), self.token()) == 1;
            } else {
                taken = execute(db, "UPDATE writers SET host = ?, pid = ?, since = ?, heartbeat = ?, token = ? WHERE run_id = ? AND token = ?",
                        self.host(), self.pid(), self.since().toString(), now.toEpochMilli(), self.token(), run, holder.get().token()) == 1;
            }
            if (!taken) {
                // another process took it between our look and our write
                RunWriter winner = holder(db, run).orElse(self);
                throw refused(run, winner, Instant.now());
            }
            holder.ifPresent(previous);
            return new RunLock(where, run, self, db, period);
        } catch (SQLException e) {
            close(db);
            throw new RunStoreException("run database " + where + ": cannot take run " + run + " for writing: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(db);
            throw e;
        }
    }

    static Optional<RunWriter> holder(Connection db, long run) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT host, pid, since, heartbeat, token FROM writers WHERE run_id = ?")) {
            p.setLong(1, run);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(RunStore.writer(r, 1)) : Optional.empty();
            }
        }
    }

    private static RunLockedException refused(long run, RunWriter holder, Instant now) {
        return new RunLockedException(run, holder, "run " + run + " is being written by another trainer (" + holder.describe(now)
                + "); let it finish or stop it (Ctrl-C), then resume; a writer silent for " + RunWriter.STALE_AFTER.toSeconds()
                + " s is taken for dead");
    }

    /** This writer, as the database records it. */
    public RunWriter writer() {
        return self;
    }

    /**
     * Throws when another process took the run over (this one was silent too long, e.g. stopped
     * with SIGSTOP): from then on this process must not write the run.
     */
    public void checkHeld() {
        String winner = lostTo;
        if (winner != null) {
            throw new RunLockedException(run, null, "run " + run + " was taken over by another trainer (" + winner + ") while this one "
                    + "was silent; this process stops writing it");
        }
    }

    private void heartbeat() {
        try {
            if (execute(db, "UPDATE writers SET heartbeat = ? WHERE run_id = ? AND token = ?", Instant.now().toEpochMilli(), run,
                    self.token()) == 0) {
                lostTo = holder(db, run).map(w -> w.describe(Instant.now())).orElse("the lock was removed");
                beat.shutdown();
            }
        } catch (SQLException e) {
            // a busy or briefly unreadable database: the next heartbeat tries again, and only
            // STALE_AFTER of silence lets another writer in
        }
    }

    private static int execute(Connection db, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }

    /** Releases the run (only if this writer still holds it). */
    @Override
    public void close() {
        beat.shutdownNow();
        try {
            beat.awaitTermination(5, TimeUnit.SECONDS);
            execute(db, "DELETE FROM writers WHERE run_id = ? AND token = ?", run, self.token());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new RunStoreException("run database " + where + ": cannot release run " + run + ": " + e.getMessage(), e);
        } finally {
            close(db);
        }
    }

    private static void close(Connection db) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // nothing left to release
            }
        }
    }
}
