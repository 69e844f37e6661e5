package org.crossbarhil.conformance;

import java.util.Objects;

/** One line of a conformance report: the check's name, its outcome and what was observed. */
public record CheckResult(String name, CheckStatus status, String detail) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, CheckStatus.PASS, detail);
    }

    public static CheckResult fail(String name, String detail) {
        return new CheckResult(name, CheckStatus.FAIL, detail);
    }

    public static CheckResult skip(String name, String detail) {
        return new CheckResult(name, CheckStatus.SKIP, detail);
    }

    /** {@code PASS name}, {@code FAIL name: why} or {@code SKIP name: why}, as the CLI prints it. */
    public String line() {
        if (status == CheckStatus.PASS) {
            return "PASS " + name;
        }
        return status + " " + name + ": " + detail;
    }
}
