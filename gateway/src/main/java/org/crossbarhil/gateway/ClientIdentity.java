package org.crossbarhil.gateway;

/**
 * Who a connection is, as shown to other clients (lease holder) and in the audit log: the name
 * it gave in Hello, the gateway's own number for its session and the peer address. The session
 * id itself is never shown: whoever knows it could resume the session and with it the lease.
 */
record ClientIdentity(String name, int number, String peer, boolean admin) {
    /** The longest client name kept; longer ones are cut, control characters replaced. */
    static final int MAX_NAME_CHARS = 128;

    static String sanitizeName(String raw) {
        if (raw == null || raw.isBlank()) {
            return "unnamed";
        }
        StringBuilder b = new StringBuilder(Math.min(raw.length(), MAX_NAME_CHARS));
        raw.strip().codePoints().limit(MAX_NAME_CHARS).forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }

    /** "alice@4242 (#3, 127.0.0.1:50312)": the lease holder as other clients see it. */
    String display() {
        return name + " (#" + number + ", " + peer + ")";
    }
}
