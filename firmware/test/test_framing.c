/* Framing and golden vectors: the C code decodes every golden frame after garbage and
 * re-encodes it, through nanopb, to the identical bytes. */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pb_decode.h>
#include <pb_encode.h>

#include "crossbar/v1/envelope.pb.h"
#include "framing.h"
#include "harness.h"

static uint8_t rx_buf[1 << 16];

static void test_crc_check_value(void)
{
    harness_test = "crc32c check value";
    CHECK(crc32c((const uint8_t *)"123456789", 9) == 0xE3069283u);
}

static size_t hex(const char *s, uint8_t *out)
{
    size_t n = 0;
    for (; s[0] && s[1]; s += 2)
        out[n++] = (uint8_t)strtol((char[]){s[0], s[1], 0}, NULL, 16);
    return n;
}

static void cobs_case(const uint8_t *in, size_t n, const uint8_t *want, size_t want_n)
{
    uint8_t out[600];
    size_t got = cobs_encode(in, n, out);
    CHECK(got == want_n && memcmp(out, want, want_n) == 0);
    CHECK(got <= COBS_MAX_ENCODED(n));
}

static void test_cobs_table(void)
{
    harness_test = "cobs table of docs/protocol.md 2.3";
    uint8_t in[300] = {0}, want[300] = {0};
    cobs_case(in, 0, (const uint8_t *)"\x01", 1);
    cobs_case((const uint8_t *)"\x00", 1, (const uint8_t *)"\x01\x01", 2);
    cobs_case(in, hex("11220033", in), want, hex("0311220233", want));
    cobs_case(in, hex("11223344", in), want, hex("0511223344", want));
    cobs_case(in, hex("11000000", in), want, hex("0211010101", want));
    for (int i = 0; i < 255; i++)
        in[i] = (uint8_t)(i + 1);
    want[0] = 0xFF;
    memcpy(want + 1, in, 254);
    cobs_case(in, 254, want, 255);
    want[255] = 0x02;
    want[256] = 0xFF;
    cobs_case(in, 255, want, 257);
    for (int i = 0; i < 254; i++)
        in[i] = (uint8_t)(i + 2);
    in[254] = 0;
    want[0] = 0xFF;
    memcpy(want + 1, in, 254);
    want[255] = 0x01;
    want[256] = 0x01;
    cobs_case(in, 255, want, 257);
}

/* Feeds bytes; returns the last result other than FRAME_NONE (or FRAME_NONE). */
static frame_result feed(frame_rx *rx, const uint8_t *b, size_t n, size_t *len)
{
    frame_result last = FRAME_NONE;
    for (size_t i = 0; i < n; i++) {
        frame_result r = frame_rx_byte(rx, b[i], len);
        if (r != FRAME_NONE)
            last = r;
    }
    return last;
}

static void test_receiver_rules(void)
{
    harness_test = "receiver rules of docs/protocol.md 2.5";
    frame_rx rx;
    frame_rx_init(&rx, rx_buf, 64);
    uint8_t frame[80], wire[120];
    memcpy(frame + 2, "\x08\x01\xc2\x01\x00", 5);   /* Request{seq 1, heartbeat {}} */
    size_t n = frame_seal(frame, 5, 0, FRAME_TYPE_REQUEST, wire), len = 0;
    CHECK(feed(&rx, wire, n, &len) == FRAME_GOOD && len == 11);
    CHECK(feed(&rx, (const uint8_t *)"\x00\x00", 2, &len) == FRAME_NONE);          /* empty blocks */
    wire[4] ^= 0x10;
    CHECK(feed(&rx, wire, n, &len) == FRAME_BAD_CRC);
    wire[4] ^= 0x10;
    CHECK(feed(&rx, (const uint8_t *)"\x03\x11\x22\x00", 4, &len) == FRAME_TRUNCATED);
    CHECK(feed(&rx, (const uint8_t *)"\x05\x11\x00", 3, &len) == FRAME_BAD_COBS);   /* code runs past the end */
    uint8_t big[100];
    memset(big, 0x22, sizeof big);
    CHECK(feed(&rx, big, sizeof big, &len) == FRAME_NONE);
    CHECK(feed(&rx, (const uint8_t *)"\x00", 1, &len) == FRAME_OVERSIZED);
    CHECK(feed(&rx, wire, n, &len) == FRAME_GOOD);                                  /* and it resynchronises */
}

static crossbar_v1_Request req;
static crossbar_v1_Response resp;
static crossbar_v1_Event ev;

static void golden(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    static char text[1 << 17];
    static uint8_t bytes[1 << 16], frame[1 << 16], wire[(1 << 16) + 1];
    size_t t = 0;
    int c;
    while ((c = fgetc(f)) != EOF && t + 1 < sizeof text)
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
            text[t++] = (char)c;
    text[t] = 0;
    fclose(f);
    size_t n = hex(text, bytes);
    frame_rx rx;
    frame_rx_init(&rx, rx_buf, sizeof rx_buf);
    size_t len = 0;
    feed(&rx, (const uint8_t *)"\x13\x37\xff\x00\x42\x42", 6, &len);   /* garbage, then a delimiter */
    frame_result r = feed(&rx, (const uint8_t *)"\x42", 1, &len);
    CHECK(r == FRAME_NONE);
    feed(&rx, (const uint8_t *)"\x00", 1, &len);
    r = feed(&rx, bytes, n, &len);
    CHECK(r == FRAME_GOOD);
    if (r != FRAME_GOOD)
        return;
    const pb_msgdesc_t *fields = rx_buf[1] == FRAME_TYPE_REQUEST    ? crossbar_v1_Request_fields
                                 : rx_buf[1] == FRAME_TYPE_RESPONSE ? crossbar_v1_Response_fields
                                                                    : crossbar_v1_Event_fields;
    void *msg = rx_buf[1] == FRAME_TYPE_REQUEST ? (void *)&req : rx_buf[1] == FRAME_TYPE_RESPONSE ? (void *)&resp : (void *)&ev;
    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    memset(&ev, 0, sizeof ev);
    pb_istream_t in = pb_istream_from_buffer(rx_buf + 2, len - FRAME_OVERHEAD);
    CHECK(pb_decode(&in, fields, msg));
    pb_ostream_t out = pb_ostream_from_buffer(frame + 2, sizeof frame - FRAME_OVERHEAD);
    CHECK(pb_encode(&out, fields, msg));
    size_t w = frame_seal(frame, out.bytes_written, rx_buf[0], rx_buf[1], wire);
    if (w != n || memcmp(wire, bytes, n) != 0) {
        harness_failures++;
        fprintf(stderr, "FAIL golden %s: re-encoded %zu bytes differ from the %zu of the vector\n", name, w, n);
    }
}

static void test_golden_vectors(void)
{
    harness_test = "golden vectors";
    DIR *d = opendir(GOLDEN_DIR);
    CHECK(d != NULL);
    if (!d)
        return;
    int seen = 0, skipped = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 4 && !strcmp(e->d_name + l - 4, ".hex")) {
            /* This firmware does not implement settling (docs/protocol.md section 3.5; it does
             * not advertise Capabilities.settle and answers such requests UNSUPPORTED): its
             * options give the settle messages' repeated fields no static sizes, so nanopb leaves
             * them to callbacks and they cannot round-trip here. */
            if (!strncmp(e->d_name, "settle", 6)) {
                skipped++;
                continue;
            }
            golden(GOLDEN_DIR, e->d_name);
            seen++;
        }
    }
    closedir(d);
    CHECK(seen >= 10);
    printf("golden vectors checked: %d (%d settle vectors skipped: settling not implemented)\n", seen, skipped);
}

void framing_tests(void)
{
    test_crc_check_value();
    test_cobs_table();
    test_receiver_rules();
    test_golden_vectors();
}
