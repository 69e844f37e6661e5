package org.crossbarhil.protocol;

/**
 * The protocol version spoken by this code. Another major is incompatible and refused in the
 * handshake; another minor of the same major is accepted both ways, each side using what both
 * know (docs/protocol.md section 12). 1.0 was declared once the C reference firmware, a second
 * and independent board implementation, passed the conformance suite with writes allowed.
 */
public final class ProtocolVersion {
    public static final int MAJOR = 1;
    public static final int MINOR = 0;

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
