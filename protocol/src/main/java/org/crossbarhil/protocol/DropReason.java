package org.crossbarhil.protocol;

/** Why {@link FrameDecoder} discarded bytes between two delimiters. */
public enum DropReason {
    /** Two delimiters in a row: nothing between them. Harmless; senders may use it to resync. */
    EMPTY,
    /** More bytes than the maximum frame size arrived before a delimiter. */
    OVERSIZED,
    /** Not valid COBS (a code byte that runs past the block). */
    BAD_COBS,
    /** Shorter than header + CRC. */
    TRUNCATED,
    /** The CRC-32C does not match: corrupted on the line. */
    BAD_CRC,
    /** The header names a frame type this version does not know. */
    UNKNOWN_TYPE,
    /** The payload is not a valid protobuf message of the type the header names. */
    MALFORMED_PAYLOAD,
    /** A frame of a direction this endpoint does not receive (e.g. a Request sent to a host). */
    WRONG_DIRECTION
}
