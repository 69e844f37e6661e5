package org.crossbarhil.trainer.runs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

/**
 * The process that writes a run: its host, pid, when it took the run and when it last said it is
 * alive. Only one writer holds a run at a time (see {@link RunLock}).
 *
 * @param token tells two writers in one process apart (two threads, or a test)
 */
public record RunWriter(String host, long pid, Instant since, Instant heartbeat, String token) {
    /** How often a writer refreshes its heartbeat. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(3);
    /** A writer silent for longer than this is taken for dead: three heartbeats missed. */
    public static final Duration STALE_AFTER = HEARTBEAT.multipliedBy(3);

    /**
     * Whether this writer may still be writing: its heartbeat is recent, and, on this host, its
     * process still exists (a {@code kill -9} leaves a fresh heartbeat for a few seconds).
     */
    public boolean alive(Instant now) {
        if (heartbeat.plus(STALE_AFTER).isBefore(now)) {
            return false;
        }
        if (host.equals(localHost())) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        return true;
    }

    /** "pid 4711 on bench-2 since 2026-12-03T14:02:11Z, last heartbeat 1.2 s ago". */
    public String describe(Instant now) {
        return "pid " + pid + " on " + host + " since " + since + ", last heartbeat "
                + String.format(java.util.Locale.ROOT, "%.1f s", Duration.between(heartbeat, now).toMillis() / 1000.0) + " ago";
    }

    /** The name this host gives itself; the same string every writer on it records. */
    static String localHost() {
        return LocalHost.NAME;
    }

    /** Looked up once: a name lookup can take seconds on a host without DNS. */
    private static final class LocalHost {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                String env = System.getenv("HOSTNAME");
                return env != null && !env.isBlank() ? env : "unknown-host";
            }
        }
    }
}
