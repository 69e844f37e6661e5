package org.crossbarhil.protocol;

/**
 * The protocol version spoken by this code. Major changes are incompatible and refused in the
 * handshake; minor changes only add fields. The protocol stays 0.x (golden vectors may be
 * regenerated) until a second, independent board implementation passes the conformance suite
 * with writes allowed (docs/protocol.md section 12).
 */
public final class ProtocolVersion {
    public static final int MAJOR = 0;
    public static final int MINOR = 1;

    /** Largest decoded frame (header + payload + CRC) accepted when the peer says nothing else. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

    /** Smallest max frame size a peer may announce; the handshake fits well inside it. */
    public static final int MIN_MAX_FRAME_BYTES = 4096;

    private ProtocolVersion() {
    }

    public static String string() {
        return MAJOR + "." + MINOR;
    }
}
