package org.crossbarhil.trainer.runs;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Which runs to list; a null field does not filter.
 *
 * @param dataset braille, iris or mnist
 * @param status  running, interrupted, failed or completed (as listed: a running run whose writer died is interrupted)
 * @param sweepId the sweep's id
 * @param since   runs created at or after this instant
 */
public record RunFilter(String dataset, String status, String sweepId, Instant since) {
    public static final RunFilter ALL = new RunFilter(null, null, null, null);
    private static final Set<String> STATUSES = Set.of(RunInfo.RUNNING, RunInfo.INTERRUPTED, RunInfo.FAILED, RunInfo.COMPLETED);

    public RunFilter {
        if (status != null) {
            status = status.toLowerCase(Locale.ROOT);
            if (!STATUSES.contains(status)) {
                throw new IllegalArgumentException("--status '" + status + "' (expected: running, interrupted, failed or completed)");
            }
        }
        if (dataset != null) {
            dataset = dataset.toLowerCase(Locale.ROOT);
        }
    }

    public static RunFilter sweep(String sweepId) {
        return new RunFilter(null, null, sweepId, null);
    }

    boolean accepts(RunInfo r) {
        return status == null || status.equals(r.status());
    }
}
