package org.crossbarhil.protocol;

/** A message does not fit in the maximum frame size agreed for this link. */
public final class FrameTooLargeException extends IllegalArgumentException {
    private final int frameBytes;
    private final int maxFrameBytes;

    public FrameTooLargeException(int frameBytes, int maxFrameBytes) {
        super("frame of " + frameBytes + " bytes exceeds the maximum frame size of " + maxFrameBytes
                + " bytes; split the request (fewer vectors or rows per request)");
        this.frameBytes = frameBytes;
        this.maxFrameBytes = maxFrameBytes;
    }

    public int frameBytes() {
        return frameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
