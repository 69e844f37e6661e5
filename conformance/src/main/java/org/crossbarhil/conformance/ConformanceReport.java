package org.crossbarhil.conformance;

import java.util.List;

/** Every check's result, in the order they ran. */
public record ConformanceReport(String board, List<CheckResult> checks) {
    public ConformanceReport {
        checks = List.copyOf(checks);
    }

    public long passed() {
        return count(CheckStatus.PASS);
    }

    public long failed() {
        return count(CheckStatus.FAIL);
    }

    public long skipped() {
        return count(CheckStatus.SKIP);
    }

    public boolean hasFailures() {
        return failed() > 0;
    }

    /** The result of the named check, or null when no such check ran. */
    public CheckResult check(String name) {
        for (CheckResult r : checks) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** "N passed, N failed, N skipped". */
    public String summary() {
        return passed() + " passed, " + failed() + " failed, " + skipped() + " skipped";
    }

    private long count(CheckStatus status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }
}
