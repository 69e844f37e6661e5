/* libFuzzer target over the board's receive path: `make fuzz-smoke` (10^5 inputs), `make fuzz`
 * (10^6). An input starting with 0x02 is a protobuf payload that the harness frames with a
 * valid CRC after a Hello, so that the mutations reach nanopb's decoder and every request
 * handler; any other input is a raw byte stream (COBS, CRC, resynchronisation, refusals).
 * AddressSanitizer and UndefinedBehaviorSanitizer report any memory or arithmetic error. */
#include <stdint.h>
#include <string.h>

#include <pb_encode.h>

#include "crossbar/v1/envelope.pb.h"
#include "crossbar_fw.h"
#include "device_model.h"
#include "framing.h"

static const uint8_t *input;
static size_t input_len, input_at;
static double now;

double hal_time_seconds(void)
{
    return now += 1e-3;
}

long hal_link_read(int conn, uint8_t *buf, size_t max)
{
    if (conn != 0)
        return 0;
    size_t n = input_len - input_at;
    if (n == 0)
        return 0;
    if (n > max)
        n = max;
    memcpy(buf, input + input_at, n);
    input_at += n;
    return (long)n;
}

void hal_link_write(int conn, const uint8_t *bytes, size_t len)
{
    (void)conn;
    (void)bytes;
    (void)len;
}

static uint8_t stream[3 * FW_MAX_FRAME_BYTES];
static uint8_t frame[FW_MAX_FRAME_BYTES + 8];
static crossbar_v1_Request setup;

static size_t put_frame(size_t at, const uint8_t *payload, size_t len)
{
    memcpy(frame + 2, payload, len);
    return at + frame_seal(frame, len, FW_PROTOCOL_MAJOR, FRAME_TYPE_REQUEST, stream + at);
}

static size_t put_request(size_t at)
{
    static uint8_t payload[512];
    pb_ostream_t s = pb_ostream_from_buffer(payload, sizeof payload);
    pb_encode(&s, crossbar_v1_Request_fields, &setup);
    return put_frame(at, payload, s.bytes_written);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int started;
    if (!started) {
        model_init(3);
        started = 1;
    }
    fw_init();
    fw_connection_opened(0);
    if (size > 0 && data[0] == 0x02 && size - 1 <= FW_MAX_FRAME_BYTES - FRAME_OVERHEAD) {
        memset(&setup, 0, sizeof setup);
        setup.seq = 1;
        setup.which_body = crossbar_v1_Request_hello_tag;
        setup.body.hello.protocol_major = FW_PROTOCOL_MAJOR;
        setup.body.hello.session_id = 42;
        size_t at = put_request(0);
        /* tight working limits keep every operation short enough to fuzz */
        memset(&setup, 0, sizeof setup);
        setup.seq = 2;
        setup.which_body = crossbar_v1_Request_set_limits_tag;
        setup.body.set_limits.has_working_limits = true;
        setup.body.set_limits.working_limits = (crossbar_v1_Limits){
            .max_volts = 1.5, .max_read_volts = 0.3, .max_half_select_volts = 0.7, .min_pulse_seconds = 1e-8,
            .max_pulse_seconds = 1e-3, .max_pulses_per_command = 64, .max_device_amperes = 2e-4, .max_line_amperes = 5e-3};
        at = put_request(at);
        at = put_frame(at, data + 1, size - 1);
        input = stream;
        input_len = at;
    } else {
        input = data;
        input_len = size;
    }
    input_at = 0;
    fw_poll();
    fw_tick();
    return 0;
}
