#include "framing.h"

/* Table-driven CRC-32C, reflected polynomial 0x82F63B78; the table is built once into RAM
 * (1 KiB) rather than kept in flash as a literal, so that the code states the polynomial once. */
static uint32_t crc_table[256];
static int crc_ready;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
        crc_table[i] = c;
    }
    crc_ready = 1;
}

uint32_t crc32c(const uint8_t *data, size_t len)
{
    if (!crc_ready)
        crc_init();
    uint32_t crc = 0xFFFFFFFFu;
    while (len--)
        crc = (crc >> 8) ^ crc_table[(crc ^ *data++) & 0xFFu];
    return crc ^ 0xFFFFFFFFu;
}

size_t cobs_encode(const uint8_t *src, size_t len, uint8_t *dst)
{
    size_t out = 1, code_at = 0;
    uint8_t code = 1;
    for (size_t i = 0; i < len; i++) {
        if (src[i] == 0) {
            dst[code_at] = code;
            code_at = out++;
            code = 1;
            continue;
        }
        dst[out++] = src[i];
        /* a full run implies no zero; the canonical form ends without an empty run */
        if (++code == 0xFF && i + 1 < len) {
            dst[code_at] = code;
            code_at = out++;
            code = 1;
        }
    }
    dst[code_at] = code;
    return out;
}

size_t frame_seal(uint8_t *frame, size_t payload_len, uint8_t version, uint8_t type, uint8_t *wire)
{
    frame[0] = version;
    frame[1] = type;
    uint32_t crc = crc32c(frame, payload_len + 2);
    uint8_t *c = frame + 2 + payload_len;
    c[0] = (uint8_t)crc;
    c[1] = (uint8_t)(crc >> 8);
    c[2] = (uint8_t)(crc >> 16);
    c[3] = (uint8_t)(crc >> 24);
    size_t n = cobs_encode(frame, payload_len + FRAME_OVERHEAD, wire);
    wire[n] = 0;
    return n + 1;
}

void frame_rx_init(frame_rx *rx, uint8_t *buf, size_t cap)
{
    rx->buf = buf;
    rx->cap = cap;
    rx->len = 0;
    rx->remaining = 0;
    rx->zero_owed = 0;
    rx->oversized = 0;
    rx->empty = 1;
}

static frame_result end_block(frame_rx *rx, size_t *len)
{
    size_t n = rx->len;
    int cut = rx->remaining != 0, oversized = rx->oversized, empty = rx->empty;
    rx->len = 0;
    rx->remaining = 0;
    rx->zero_owed = 0;
    rx->oversized = 0;
    rx->empty = 1;
    if (empty)
        return FRAME_NONE;
    if (oversized)
        return FRAME_OVERSIZED;
    if (cut)
        return FRAME_BAD_COBS;
    if (n < FRAME_OVERHEAD)
        return FRAME_TRUNCATED;
    const uint8_t *c = rx->buf + n - 4;
    uint32_t stored = c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
    if (crc32c(rx->buf, n - 4) != stored)
        return FRAME_BAD_CRC;
    *len = n;
    return FRAME_GOOD;
}

frame_result frame_rx_byte(frame_rx *rx, uint8_t b, size_t *len)
{
    if (b == 0)
        return end_block(rx, len);
    rx->empty = 0;
    if (rx->oversized)
        return FRAME_NONE;
    if (rx->remaining == 0) {
        if (rx->zero_owed) {
            if (rx->len == rx->cap) {
                rx->oversized = 1;
                return FRAME_NONE;
            }
            rx->buf[rx->len++] = 0;
        }
        rx->remaining = b - 1u;
        rx->zero_owed = b != 0xFF;
    } else {
        if (rx->len == rx->cap) {
            rx->oversized = 1;
            return FRAME_NONE;
        }
        rx->buf[rx->len++] = b;
        rx->remaining--;
    }
    return FRAME_NONE;
}
