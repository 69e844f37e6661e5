package org.crossbarhil.conformance;

/** Thrown by a check body to end it with FAIL or SKIP and a reason; returning normally is PASS. */
final class Verdict extends RuntimeException {
    private final CheckStatus status;

    private Verdict(CheckStatus status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    static Verdict fail(String detail) {
        return new Verdict(CheckStatus.FAIL, detail);
    }

    static Verdict skip(String detail) {
        return new Verdict(CheckStatus.SKIP, detail);
    }

    CheckStatus status() {
        return status;
    }

    /** Fails with {@code detail} unless {@code condition} holds. */
    static void require(boolean condition, String detail) {
        if (!condition) {
            throw fail(detail);
        }
    }
}
