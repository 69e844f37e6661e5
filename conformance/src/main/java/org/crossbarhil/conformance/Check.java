package org.crossbarhil.conformance;

/**
 * One named conformance check. {@link #body} returns the PASS detail or throws a {@link Verdict};
 * any other exception fails the check with its message.
 */
record Check(String name, Need need, Body body) {

    /** What the options must allow before the check may touch the board. */
    enum Need {
        /** Reads, VMMs, queries, and probes a compliant board refuses without applying anything. */
        READ_ONLY,
        /** Full-amplitude pulses inside the region. */
        WRITES,
        /** Voltage ramps inside the region. */
        FORMING
    }

    @FunctionalInterface
    interface Body {
        String run(SuiteContext ctx) throws Exception;
    }

    static Check readOnly(String name, Body body) {
        return new Check(name, Need.READ_ONLY, body);
    }

    static Check writes(String name, Body body) {
        return new Check(name, Need.WRITES, body);
    }

    static Check forming(String name, Body body) {
        return new Check(name, Need.FORMING, body);
    }
}
