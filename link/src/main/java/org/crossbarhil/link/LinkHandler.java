package org.crossbarhil.link;

/**
 * Receives what arrives on a {@link Link}: raw bytes in whatever fragments the medium delivers
 * (a frame may be split or several frames joined), then one {@code onClosed}. Calls come from one
 * thread at a time, in order.
 */
public interface LinkHandler {
    void onBytes(byte[] data, int offset, int length);

    /** The link ended; {@code cause} is null for an orderly close. */
    void onClosed(Throwable cause);
}
