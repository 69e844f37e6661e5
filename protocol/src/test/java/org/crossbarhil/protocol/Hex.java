package org.crossbarhil.protocol;

import java.util.HexFormat;

/** The golden files' hex format: lowercase, 32 bytes a line, readable by {@code xxd -r -p}. */
final class Hex {
    static final int BYTES_PER_LINE = 32;

    private Hex() {
    }

    static String format(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2 + bytes.length / BYTES_PER_LINE + 1);
        for (int i = 0; i < bytes.length; i += BYTES_PER_LINE) {
            text.append(HexFormat.of().formatHex(bytes, i, Math.min(bytes.length, i + BYTES_PER_LINE))).append('\n');
        }
        return text.toString();
    }

    /** Parses hex digits, ignoring all whitespace. */
    static byte[] parse(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    /** Space-separated bytes, for messages and documentation: {@code 00 01 08}. */
    static String spaced(byte[] bytes, int from, int to) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes, from, to);
    }
}
