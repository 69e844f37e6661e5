package org.crossbarhil.trainer.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run: who holds it, when a writer counts as dead, and databases made before the lock existed. */
@Timeout(60)
class RunLockTest {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("runs.db");
    }

    private long newRun(RunStore s) {
        return s.createRun("{}", "braille", "sim:", "24-32-10", "manhattan", 1, 3, 1);
    }

    /** Records a writer as another process would have, with the given heartbeat. */
    private void recordWriter(long run, String host, long pid, Instant heartbeat) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO writers (run_id, host, pid, since, heartbeat, token)"
                        + " VALUES (?,?,?,?,?,?)")) {
            p.setLong(1, run);
            p.setString(2, host);
            p.setLong(3, pid);
            p.setString(4, heartbeat.minusSeconds(60).toString());
            p.setLong(5, heartbeat.toEpochMilli());
            p.setString(6, "other");
            p.executeUpdate();
        }
    }

    /** A pid that existed on this host and is gone now. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("java", "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }

    @Test
    void aSecondWriterIsRefusedNamingHostPidAndSince() {
        try (RunStore s = RunStore.open(db()); RunStore other = RunStore.open(db())) {
            long id = newRun(s);
            try (RunLock held = s.lock(id)) {
                assertThatThrownBy(() -> other.lock(id)).isInstanceOf(RunLockedException.class)
                        .hasMessageContaining("run " + id + " is being written by another trainer (pid " + ProcessHandle.current().pid()
                                + " on " + held.writer().host() + " since " + held.writer().since())
                        .hasMessageContaining("let it finish or stop it (Ctrl-C), then resume");
                assertThat(other.run(id).orElseThrow().status()).isEqualTo(RunInfo.RUNNING);
            }
            assertThat(s.writer(id)).as("released").isEmpty();
            assertThat(s.run(id).orElseThrow().status()).as("running, but nobody writes it").isEqualTo(RunInfo.INTERRUPTED);
            try (RunLock again = other.lock(id)) {
                assertThat(other.writer(id)).isPresent();
            }
        }
    }

    @Test
    void twoWritersRacingForOneRunGetItOnce() throws Exception {
        long id;
        try (RunStore s = RunStore.open(db())) {
            id = newRun(s);
        }
        int writers = 4;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch decided = new CountDownLatch(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Boolean>> results = new ArrayList<>();
        List<RunLock> won = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    try (RunStore s = RunStore.open(db())) {
                        start.await();
                        try {
                            won.add(s.lock(id));
                            return true;
                        } catch (RunLockedException refused) {
                            return false;
                        } finally {
                            decided.countDown();
                            // hold on until every writer has tried
                            decided.await(30, TimeUnit.SECONDS);
                        }
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            won.forEach(RunLock::close);
            pool.shutdownNow();
        }
    }

    @Test
    void theHeartbeatAdvancesWhileTheLockIsHeld() throws Exception {
        try (RunStore s = RunStore.open(db())) {
            long id = newRun(s);
            try (RunLock held = s.lock(id, Duration.ofMillis(50))) {
                Instant first = s.writer(id).orElseThrow().heartbeat();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!s.writer(id).orElseThrow().heartbeat().isAfter(first) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(s.writer(id).orElseThrow().heartbeat()).isAfter(first);
            }
        }
    }

    @Test
    void aWriterWhoseProcessIsGoneIsShownInterruptedAndItsRunCanBeTakenOver() throws Exception {
        try (RunStore s = RunStore.open(db())) {
            long id = newRun(s);
            recordWriter(id, RunWriter.localHost(), deadPid(), Instant.now());
            assertThat(s.run(id).orElseThrow().status()).as("a kill -9 left a fresh heartbeat").isEqualTo(RunInfo.INTERRUPTED);
            try (RunLock taken = s.lock(id)) {
                assertThat(s.writer(id).orElseThrow().pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(s.run(id).orElseThrow().status()).isEqualTo(RunInfo.RUNNING);
            }
            assertThat(s.events(id)).anyMatch(e -> e.contains("took over from a writer that stopped (pid "));
        }
    }

    @Test
    void aWriterOnAnotherHostHoldsTheRunUntilItsHeartbeatIsStale() throws Exception {
        try (RunStore s = RunStore.open(db())) {
            long id = newRun(s);
            recordWriter(id, "bench-far-away", 4711, Instant.now());
            assertThat(s.run(id).orElseThrow().status()).isEqualTo(RunInfo.RUNNING);
            assertThatThrownBy(() -> s.lock(id)).isInstanceOf(RunLockedException.class).hasMessageContaining("pid 4711 on bench-far-away");

            recordWriter(id, "bench-far-away", 4711, Instant.now().minus(RunWriter.STALE_AFTER).minusSeconds(1));
            assertThat(s.run(id).orElseThrow().status()).isEqualTo(RunInfo.INTERRUPTED);
            try (RunLock taken = s.lock(id)) {
                assertThat(s.writer(id).orElseThrow().host()).isEqualTo(RunWriter.localHost());
            }
        }
    }

    @Test
    void aWriterThatWasTakenOverWhileSilentStopsWriting() throws Exception {
        try (RunStore s = RunStore.open(db())) {
            long id = newRun(s);
            try (RunLock silent = s.lock(id, Duration.ofMillis(50))) {
                silent.checkHeld();
                // as if this writer had been stopped (SIGSTOP) long enough for another to take over
                recordWriter(id, "bench-far-away", 4711, Instant.now());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                boolean lost = false;
                while (!lost && System.nanoTime() < deadline) {
                    try {
                        silent.checkHeld();
                        Thread.onSpinWait();
                    } catch (RunLockedException e) {
                        assertThat(e).hasMessageContaining("taken over by another trainer (pid 4711 on bench-far-away");
                        lost = true;
                    }
                }
                assertThat(lost).as("the silent writer noticed").isTrue();
            }
            assertThat(s.writer(id).orElseThrow().host()).as("closing does not release another's lock").isEqualTo("bench-far-away");
        }
    }

    @Test
    void aDatabaseMadeBeforeTheLockOpensAndItsRunningRunIsShownInterruptedAndResumable() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            // the schema of the first release, without the writers table
            st.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, updated TEXT NOT NULL,"
                    + " status TEXT NOT NULL, dataset TEXT, board TEXT, network TEXT, update_rule TEXT, seed INTEGER, epochs INTEGER,"
                    + " folds INTEGER, config TEXT NOT NULL, state TEXT, summary TEXT)");
            st.execute("CREATE TABLE epochs (run_id INTEGER NOT NULL REFERENCES runs(id), fold INTEGER NOT NULL,"
                    + " epoch INTEGER NOT NULL, train_loss REAL, train_accuracy REAL, test_loss REAL, test_accuracy REAL,"
                    + " update_pulses INTEGER, write_verify_pulses INTEGER, refreshed_pairs INTEGER, energy_joules REAL,"
                    + " hardware_seconds REAL, wall_seconds REAL, extra TEXT, PRIMARY KEY (run_id, fold, epoch))");
            st.execute("CREATE TABLE events (run_id INTEGER NOT NULL REFERENCES runs(id), time TEXT NOT NULL, message TEXT NOT NULL)");
            st.execute("INSERT INTO runs (created, updated, status, dataset, config) VALUES ('2026-11-01T10:00:00Z',"
                    + " '2026-11-01T10:05:00Z', 'running', 'braille', '{}')");
            st.execute("INSERT INTO runs (created, updated, status, dataset, config) VALUES ('2026-11-01T11:00:00Z',"
                    + " '2026-11-01T11:05:00Z', 'completed', 'iris', '{}')");
        }
        try (RunStore s = RunStore.open(db())) {
            assertThat(s.list()).extracting(RunInfo::status).containsExactly(RunInfo.INTERRUPTED, RunInfo.COMPLETED);
            try (RunLock taken = s.lock(1)) {
                assertThat(s.run(1).orElseThrow().status()).isEqualTo(RunInfo.RUNNING);
            }
            assertThat(newRun(s)).isEqualTo(3);
        }
    }
}
