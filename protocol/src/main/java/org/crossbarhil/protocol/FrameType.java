package org.crossbarhil.protocol;

/** The second header byte: which envelope the payload holds. */
public enum FrameType {
    /** {@code crossbar.v1.Request}, host to board. */
    REQUEST(0x01),
    /** {@code crossbar.v1.Response}, board to host. */
    RESPONSE(0x02),
    /** {@code crossbar.v1.Event}, board to host, unsolicited. */
    EVENT(0x03);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or null when the code is unknown. */
    public static FrameType fromCode(int code) {
        switch (code) {
            case 0x01:
                return REQUEST;
            case 0x02:
                return RESPONSE;
            case 0x03:
                return EVENT;
            default:
                return null;
        }
    }
}
