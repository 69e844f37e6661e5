/* Framing of docs/protocol.md section 2: header | protobuf payload | CRC-32C, COBS, 0x00. */
#ifndef CROSSBAR_FRAMING_H
#define CROSSBAR_FRAMING_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_OVERHEAD 6u   /* version + type + CRC */
#define FRAME_TYPE_REQUEST 1u
#define FRAME_TYPE_RESPONSE 2u
#define FRAME_TYPE_EVENT 3u

uint32_t crc32c(const uint8_t *data, size_t len);

/* Longest COBS encoding of n decoded bytes, delimiter excluded. */
#define COBS_MAX_ENCODED(n) ((n) + (n) / 254u + 1u)

/* COBS-encodes src[0, len) into dst (COBS_MAX_ENCODED(len) bytes); returns the encoded length. */
size_t cobs_encode(const uint8_t *src, size_t len, uint8_t *dst);

/* Builds the wire form of a frame from a buffer whose bytes [2, 2 + payload_len) already hold
 * the payload: writes the header into frame[0..1] and the CRC after the payload, then encodes
 * into wire with the delimiter. frame needs payload_len + 6 bytes, wire
 * COBS_MAX_ENCODED(payload_len + 6) + 1. Returns the wire length. */
size_t frame_seal(uint8_t *frame, size_t payload_len, uint8_t version, uint8_t type, uint8_t *wire);

typedef enum {
    FRAME_NONE = 0,      /* no complete block yet, or an empty one */
    FRAME_GOOD,          /* a frame with a valid CRC: buf[0, len) */
    FRAME_OVERSIZED,
    FRAME_BAD_COBS,
    FRAME_TRUNCATED,
    FRAME_BAD_CRC
} frame_result;

/* Streaming receiver: decodes COBS as bytes arrive into a buffer of the announced limit. */
typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t len;
    unsigned remaining;
    int zero_owed;
    int oversized;
    int empty;
} frame_rx;

void frame_rx_init(frame_rx *rx, uint8_t *buf, size_t cap);

/* Feeds one byte; on FRAME_GOOD the frame is buf[0, *len) (CRC included) until the next byte. */
frame_result frame_rx_byte(frame_rx *rx, uint8_t b, size_t *len);

#endif
