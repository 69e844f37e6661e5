/* The firmware core end to end through a fake link and clock, on the host device model:
 * handshake, envelope, idempotency, safe idle triggers, the in-flight bound, the ledger. */
#include <math.h>
#include <string.h>

#include <pb_decode.h>
#include <pb_encode.h>

#include "crossbar/v1/envelope.pb.h"
#include "crossbar_fw.h"
#include "device_model.h"
#include "framing.h"
#include "harness.h"

/* ---- fake link and clock ---- */

static double now;
static uint8_t link_in[FW_MAX_CONNS][1 << 16];
static size_t in_len[FW_MAX_CONNS], in_at[FW_MAX_CONNS];
static bool closed[FW_MAX_CONNS];
/* bytes handed to conn 0 only once the board reads while executing (the busy path) */
static uint8_t later[4096];
static size_t later_len;
static int reads_before_later;   /* empty reads first: the operation is under way by then */
static uint8_t out_wire[1 << 17];
static size_t out_len;

double hal_time_seconds(void)
{
    return now;
}

long hal_link_read(int conn, uint8_t *buf, size_t max)
{
    if (in_at[conn] == in_len[conn]) {
        if (closed[conn])
            return -1;
        if (conn == 0 && later_len > 0 && in_len[0] > 0 && --reads_before_later <= 0) {
            memcpy(link_in[0], later, later_len);
            in_len[0] = later_len;
            in_at[0] = 0;
            later_len = 0;
        } else {
            return 0;
        }
    }
    size_t n = in_len[conn] - in_at[conn];
    if (n > max)
        n = max;
    memcpy(buf, link_in[conn] + in_at[conn], n);
    in_at[conn] += n;
    return (long)n;
}

void hal_link_write(int conn, const uint8_t *bytes, size_t len)
{
    (void)conn;
    memcpy(out_wire + out_len, bytes, len);
    out_len += len;
}

/* ---- messages ---- */

static crossbar_v1_Request req;
static crossbar_v1_Response resps[16];
static int nresp;
static crossbar_v1_Event events[16];
static int nevents;

static size_t wire_of(const crossbar_v1_Request *r, uint8_t *wire)
{
    static uint8_t frame[1 << 16];
    pb_ostream_t s = pb_ostream_from_buffer(frame + 2, sizeof frame - FRAME_OVERHEAD);
    pb_encode(&s, crossbar_v1_Request_fields, r);
    return frame_seal(frame, s.bytes_written, FW_PROTOCOL_MAJOR, FRAME_TYPE_REQUEST, wire);
}

static void queue(int conn, const crossbar_v1_Request *r)
{
    in_len[conn] += wire_of(r, link_in[conn] + in_len[conn]);
}

static void parse_output(void)
{
    static uint8_t buf[1 << 17];
    frame_rx rx;
    frame_rx_init(&rx, buf, sizeof buf);
    nresp = nevents = 0;
    for (size_t i = 0; i < out_len; i++) {
        size_t len;
        if (frame_rx_byte(&rx, out_wire[i], &len) != FRAME_GOOD)
            continue;
        pb_istream_t s = pb_istream_from_buffer(buf + 2, len - FRAME_OVERHEAD);
        if (buf[1] == FRAME_TYPE_RESPONSE && nresp < 16) {
            memset(&resps[nresp], 0, sizeof resps[nresp]);
            CHECK(pb_decode(&s, crossbar_v1_Response_fields, &resps[nresp]));
            nresp++;
        } else if (buf[1] == FRAME_TYPE_EVENT && nevents < 16) {
            memset(&events[nevents], 0, sizeof events[nevents]);
            CHECK(pb_decode(&s, crossbar_v1_Event_fields, &events[nevents]));
            nevents++;
        }
    }
    out_len = 0;
}

/* Sends one request on conn 0 and returns the first response to it. */
static crossbar_v1_Response *call(const crossbar_v1_Request *r)
{
    queue(0, r);
    fw_poll();
    parse_output();
    for (int i = 0; i < nresp; i++)
        if (resps[i].seq == r->seq)
            return &resps[i];
    static crossbar_v1_Response none;
    memset(&none, 0, sizeof none);
    return &none;
}

static uint64_t seq;

static void start(uint64_t session)
{
    now = 0;
    memset(in_len, 0, sizeof in_len);
    memset(in_at, 0, sizeof in_at);
    memset(closed, 0, sizeof closed);
    later_len = out_len = 0;
    model_init(7);
    fw_init();
    fw_connection_opened(0);
    seq = 0;
    memset(&req, 0, sizeof req);
    req.seq = ++seq;
    req.which_body = crossbar_v1_Request_hello_tag;
    req.body.hello.protocol_major = FW_PROTOCOL_MAJOR;
    req.body.hello.protocol_minor = FW_PROTOCOL_MINOR;
    req.body.hello.session_id = session;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_OK);
}

static crossbar_v1_Request *pulse(uint32_t row, uint32_t col, double volts, uint32_t count)
{
    memset(&req, 0, sizeof req);
    req.seq = ++seq;
    req.which_body = crossbar_v1_Request_pulse_tag;
    req.body.pulse.pulses_count = 1;
    req.body.pulse.pulses[0] = (crossbar_v1_DevicePulse){.row = row, .col = col, .volts = volts, .width_seconds = 1e-7,
                                                         .count = count};
    return &req;
}

static crossbar_v1_Request *simple(pb_size_t body)
{
    memset(&req, 0, sizeof req);
    req.seq = ++seq;
    req.which_body = body;
    return &req;
}

/* ---- tests ---- */

static void test_handshake(void)
{
    harness_test = "request before Hello, Hello refusals";
    model_init(7);
    fw_init();
    fw_connection_opened(0);
    memset(in_len, 0, sizeof in_len);
    memset(in_at, 0, sizeof in_at);
    out_len = 0;
    memset(&req, 0, sizeof req);
    req.seq = 5;
    req.which_body = crossbar_v1_Request_info_tag;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_FAILED_PRECONDITION);
    req.which_body = crossbar_v1_Request_hello_tag;
    req.body.hello.protocol_major = FW_PROTOCOL_MAJOR;
    req.body.hello.session_id = 0;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_INVALID_ARGUMENT);
    req.body.hello.session_id = 9;
    req.body.hello.max_frame_bytes = 4095;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_INVALID_ARGUMENT);
    req.body.hello.max_frame_bytes = 0;
    req.body.hello.protocol_major = FW_PROTOCOL_MAJOR + 1;
    crossbar_v1_Response *r = call(&req);
    CHECK(r->status == crossbar_v1_Status_STATUS_VERSION_MISMATCH);
    CHECK(strstr(r->message, "host speaks protocol 2.0, this board speaks 1.0") != NULL);
    /* another minor of the same major is accepted; the board answers with its own */
    req.body.hello.protocol_major = FW_PROTOCOL_MAJOR;
    req.body.hello.protocol_minor = FW_PROTOCOL_MINOR + 7;
    r = call(&req);
    CHECK(r->status == crossbar_v1_Status_STATUS_OK && r->body.hello.max_requests_in_flight == FW_MAX_REQUESTS_IN_FLIGHT);
    CHECK(r->body.hello.protocol_major == FW_PROTOCOL_MAJOR && r->body.hello.protocol_minor == FW_PROTOCOL_MINOR);
    CHECK(r->body.hello.description.geometry.rows == 64 && !r->body.hello.session_resumed);
    /* one Hello per connection (section 5) */
    req.seq = 6;
    r = call(&req);
    CHECK(r->status == crossbar_v1_Status_STATUS_FAILED_PRECONDITION && strstr(r->message, "already completed") != NULL);
}

/* The protocol 1.0 decisions where this firmware did otherwise before (docs/protocol.md). */
static void test_protocol_1_0_rules(void)
{
    harness_test = "protocol 1.0 rules";
    /* Abort before Hello stops the board (section 8); a heartbeat before Hello is refused */
    model_init(7);
    fw_init();
    fw_connection_opened(0);
    memset(in_len, 0, sizeof in_len);
    memset(in_at, 0, sizeof in_at);
    out_len = 0;
    seq = 0;
    crossbar_v1_Response *r = call(simple(crossbar_v1_Request_abort_tag));
    CHECK(r->status == crossbar_v1_Status_STATUS_OK && r->which_body == crossbar_v1_Response_abort_tag);
    CHECK(call(simple(crossbar_v1_Request_heartbeat_tag))->status == crossbar_v1_Status_STATUS_FAILED_PRECONDITION);

    start(21);
    /* VMM_DIRECTION_UNSPECIFIED is invalid, not forward */
    simple(crossbar_v1_Request_vmm_tag);
    req.body.vmm.vector_count = 1;
    req.body.vmm.input_count = 64;
    req.body.vmm.volts_count = 64;
    r = call(&req);
    CHECK(r->status == crossbar_v1_Status_STATUS_INVALID_ARGUMENT && strstr(r->message, "direction") != NULL);
    /* a negative read voltage in Configure is invalid */
    simple(crossbar_v1_Request_configure_tag);
    req.body.configure.read_volts = -0.1;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_INVALID_ARGUMENT);
    /* an outer product needs both amplitudes, whatever signs its vectors hold */
    double g = model_conductance(0, 0, 0);
    simple(crossbar_v1_Request_outer_product_update_tag);
    req.body.outer_product_update.row_values_count = 1;
    req.body.outer_product_update.row_values[0] = 1;
    req.body.outer_product_update.col_values_count = 1;
    req.body.outer_product_update.col_values[0] = 1;
    req.body.outer_product_update.set_volts = 1.2;
    req.body.outer_product_update.width_seconds = 1e-7;
    r = call(&req);
    CHECK(r->status == crossbar_v1_Status_STATUS_INVALID_ARGUMENT && strstr(r->message, "reset_volts") != NULL);
    CHECK(model_conductance(0, 0, 0) == g);
    /* a write with seq 0 has no key of its own: refused, nothing applied */
    crossbar_v1_Request *p = pulse(0, 0, 1.2, 1);
    p->seq = 0;
    seq--;
    r = call(p);
    CHECK(r->status == crossbar_v1_Status_STATUS_INVALID_ARGUMENT && strstr(r->message, "seq 0") != NULL);
    CHECK(model_conductance(0, 0, 0) == g);
    /* Ledger.requests counts executed requests, not the Hello */
    simple(crossbar_v1_Request_ledger_tag);
    r = call(&req);
    /* vmm, configure, the outer product (refused by its own checks); not the Hello, not the unnumbered
       pulse (refused before execution), not this request (counted once answered) */
    CHECK(r->body.ledger.ledger.requests == 3);
    /* a host session closing while the board is already in safe idle idles nothing again */
    CHECK(call(simple(crossbar_v1_Request_safe_idle_tag))->status == crossbar_v1_Status_STATUS_OK);
    fw_connection_opened(1);
    memset(&req, 0, sizeof req);
    req.seq = 1;
    req.which_body = crossbar_v1_Request_hello_tag;
    req.body.hello.protocol_major = FW_PROTOCOL_MAJOR;
    req.body.hello.session_id = 22;
    queue(1, &req);
    fw_poll();
    closed[1] = true;
    fw_poll();
    parse_output();
    CHECK(nresp == 1 && nevents == 0);
}

static void test_envelope_refuses_and_applies_nothing(void)
{
    harness_test = "the envelope refuses, never clamps";
    start(11);
    double g = model_conductance(0, 3, 4);
    crossbar_v1_Response *r = call(pulse(3, 4, 1.6, 1));
    CHECK(r->status == crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE && strstr(r->message, "max_volts") != NULL);
    r = call(pulse(3, 4, 1.2, 2000000));
    CHECK(r->status == crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE && strstr(r->message, "max_pulses_per_command") != NULL);
    req.body.pulse.pulses[0].count = 1;
    req.body.pulse.pulses[0].width_seconds = 1;
    req.seq = ++seq;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE);
    req.body.pulse.pulses[0].width_seconds = NAN;
    req.seq = ++seq;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_INVALID_ARGUMENT);
    CHECK(model_conductance(0, 3, 4) == g);
    /* limits: beyond hard is refused; a tighter working limit then refuses what was allowed */
    simple(crossbar_v1_Request_set_limits_tag);
    req.body.set_limits.has_working_limits = true;
    req.body.set_limits.working_limits = (crossbar_v1_Limits){
        .max_volts = 2.0, .max_read_volts = 0.3, .max_half_select_volts = 0.7, .min_pulse_seconds = 1e-8,
        .max_pulse_seconds = 1e-3, .max_pulses_per_command = 1000, .max_device_amperes = 2e-4, .max_line_amperes = 5e-3};
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE);
    req.body.set_limits.working_limits.max_volts = 1.0;
    req.seq = ++seq;
    r = call(&req);
    CHECK(r->status == crossbar_v1_Status_STATUS_OK && r->body.limits.working_limits.max_volts == 1.0);
    CHECK(nevents == 0);   /* LimitsChanged goes to subscribers only */
    CHECK(call(pulse(3, 4, 1.2, 1))->status == crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE);
    CHECK(model_conductance(0, 3, 4) == g);
    req.body.set_limits.working_limits.max_volts = 0;
    simple(crossbar_v1_Request_set_limits_tag);
    req.body.set_limits.has_working_limits = true;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_INVALID_ARGUMENT);
}

static void test_idempotency(void)
{
    harness_test = "a retransmission never pulses twice";
    start(12);
    crossbar_v1_Request *p = pulse(5, 6, 1.2, 10);
    crossbar_v1_Request first = *p;
    crossbar_v1_Response *r = call(&first);
    CHECK(r->status == crossbar_v1_Status_STATUS_OK && r->body.pulse.device_pulses == 10 && !r->replayed);
    double g = model_conductance(0, 5, 6);
    r = call(&first);
    CHECK(r->status == crossbar_v1_Status_STATUS_OK && r->replayed && r->body.pulse.device_pulses == 10);
    CHECK(model_conductance(0, 5, 6) == g);
    first.body.pulse.pulses[0].count = 3;
    CHECK(call(&first)->status == crossbar_v1_Status_STATUS_IDEMPOTENCY_CONFLICT);
    CHECK(model_conductance(0, 5, 6) == g);
    /* a reconnect with the same session id resumes it and still finds the answer */
    fw_connection_opened(1);
    closed[0] = true;
    fw_poll();
    parse_output();
    CHECK(nevents == 0);   /* nobody past Hello is left to hear it */
    memset(&req, 0, sizeof req);
    req.seq = ++seq;
    req.which_body = crossbar_v1_Request_hello_tag;
    req.body.hello.protocol_major = FW_PROTOCOL_MAJOR;
    req.body.hello.session_id = 12;
    queue(1, &req);
    fw_poll();
    parse_output();
    CHECK(nresp == 1 && resps[0].body.hello.session_resumed && resps[0].body.hello.highest_seq_seen == first.seq);
    first.body.pulse.pulses[0].count = 10;
    queue(1, &first);
    fw_poll();
    parse_output();
    CHECK(nresp == 1 && resps[0].replayed);
    CHECK(model_conductance(0, 5, 6) == g);
    queue(1, simple(crossbar_v1_Request_info_tag));
    fw_poll();
    parse_output();
    CHECK(nresp == 1 && resps[0].body.info.state == crossbar_v1_BoardState_BOARD_STATE_SAFE_IDLE
          && !strcmp(resps[0].body.info.state_reason, "link lost"));
}

static void test_forgotten_writes_are_refused(void)
{
    harness_test = "a forgotten write is refused, not run";
    start(13);
    crossbar_v1_Request old = *pulse(1, 1, 1.2, 1);
    CHECK(call(&old)->status == crossbar_v1_Status_STATUS_OK);
    for (int i = 0; i < FW_IDEM_ENTRIES; i++)
        call(pulse(2, 2, 1.2, 1));
    double g = model_conductance(0, 1, 1);
    crossbar_v1_Response *r = call(&old);
    CHECK(r->status == crossbar_v1_Status_STATUS_FAILED_PRECONDITION);
    CHECK(model_conductance(0, 1, 1) == g);
    /* and the ttl forgets too */
    crossbar_v1_Request recent = *pulse(1, 1, 1.2, 1);
    CHECK(call(&recent)->status == crossbar_v1_Status_STATUS_OK);
    now += FW_IDEM_TTL_SECONDS + 1;
    CHECK(call(&recent)->status == crossbar_v1_Status_STATUS_FAILED_PRECONDITION);
}

static void test_heartbeat_loss_and_abort(void)
{
    harness_test = "heartbeat loss, abort, safe idle request";
    start(14);
    now = FW_HEARTBEAT_TIMEOUT_SECONDS - 0.1;
    fw_tick();
    parse_output();
    CHECK(nevents == 0);
    now = FW_HEARTBEAT_TIMEOUT_SECONDS + 0.1;
    fw_tick();
    parse_output();
    CHECK(nevents == 1 && strncmp(events[0].body.safe_idle.reason, "heartbeat lost", 14) == 0);
    crossbar_v1_Response *r = call(simple(crossbar_v1_Request_heartbeat_tag));
    CHECK(r->body.heartbeat.state == crossbar_v1_BoardState_BOARD_STATE_SAFE_IDLE);
    simple(crossbar_v1_Request_read_tag);
    req.body.read.scope = crossbar_v1_ReadScope_READ_SCOPE_DEVICE;
    r = call(&req);
    CHECK(r->status == crossbar_v1_Status_STATUS_OK && fabs(r->body.read.siemens[0] - model_conductance(0, 0, 0)) < 0.02 * model_conductance(0, 0, 0));
    CHECK(call(simple(crossbar_v1_Request_heartbeat_tag))->body.heartbeat.state == crossbar_v1_BoardState_BOARD_STATE_READY);
    simple(crossbar_v1_Request_abort_tag);
    strcpy(req.body.abort.reason, "operator");
    r = call(&req);
    CHECK(r->status == crossbar_v1_Status_STATUS_OK && !r->body.abort.operation_interrupted);
    CHECK(nevents == 1 && !strcmp(events[0].body.safe_idle.reason, "abort: operator"));
    simple(crossbar_v1_Request_safe_idle_tag);
    req.body.safe_idle.mode = crossbar_v1_IdleMode_IDLE_MODE_FLOATING;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_OK);
    CHECK(nevents == 1 && !strcmp(events[0].body.safe_idle.reason, "requested (floating)"));
}

/* Section 8: a timer per host session. A second host that said Hello and then nothing idles the
 * board within the timeout although the first keeps heartbeating, and only once per silence. */
static void test_heartbeat_per_session(void)
{
    harness_test = "heartbeat timer per host session";
    start(15);
    fw_connection_opened(1);
    memset(&req, 0, sizeof req);
    req.seq = 1;
    req.which_body = crossbar_v1_Request_hello_tag;
    req.body.hello.protocol_major = FW_PROTOCOL_MAJOR;
    req.body.hello.session_id = 16;
    queue(1, &req);
    fw_poll();
    parse_output();
    CHECK(nresp == 1 && resps[0].status == crossbar_v1_Status_STATUS_OK);
    for (int beat = 1; beat <= 3; beat++) {
        now = beat * 0.3 * FW_HEARTBEAT_TIMEOUT_SECONDS;
        CHECK(call(simple(crossbar_v1_Request_heartbeat_tag))->status == crossbar_v1_Status_STATUS_OK);
        fw_tick();
        parse_output();
        CHECK(nevents == 0);
    }
    now = FW_HEARTBEAT_TIMEOUT_SECONDS + 0.2;
    CHECK(call(simple(crossbar_v1_Request_heartbeat_tag))->status == crossbar_v1_Status_STATUS_OK);
    fw_tick();
    parse_output();
    /* the safe idle event goes to both sessions */
    CHECK(nevents == 2 && strncmp(events[0].body.safe_idle.reason, "heartbeat lost", 14) == 0);
    CHECK(call(simple(crossbar_v1_Request_heartbeat_tag))->body.heartbeat.state == crossbar_v1_BoardState_BOARD_STATE_SAFE_IDLE);
    /* one silence idles the board once: after a read leaves safe idle, the same silence does not idle it again */
    simple(crossbar_v1_Request_read_tag);
    req.body.read.scope = crossbar_v1_ReadScope_READ_SCOPE_DEVICE;
    CHECK(call(&req)->status == crossbar_v1_Status_STATUS_OK);
    now += 1;
    fw_tick();
    parse_output();
    CHECK(nevents == 0);
    CHECK(call(simple(crossbar_v1_Request_heartbeat_tag))->body.heartbeat.state == crossbar_v1_BoardState_BOARD_STATE_READY);
}

static void test_busy_path(void)
{
    harness_test = "while executing: abort stops it, other requests are refused beyond the in-flight bound";
    start(15);
    crossbar_v1_Request busy = *pulse(7, 7, 1.2, 1000);
    crossbar_v1_Request extra = *pulse(8, 8, 1.2, 1);
    crossbar_v1_Request stop = *simple(crossbar_v1_Request_abort_tag);
    later_len = wire_of(&extra, later);
    later_len += wire_of(&stop, later + later_len);
    reads_before_later = 50;
    queue(0, &busy);
    fw_poll();
    parse_output();
    CHECK(nresp == 3);
    for (int i = 0; i < nresp; i++) {
        if (resps[i].seq == busy.seq)
            CHECK(resps[i].status == crossbar_v1_Status_STATUS_ABORTED && strstr(resps[i].message, "of 1000") != NULL);
        else if (resps[i].seq == extra.seq)
            CHECK(resps[i].status == crossbar_v1_Status_STATUS_RESOURCE_EXHAUSTED);
        else
            CHECK(resps[i].status == crossbar_v1_Status_STATUS_OK && resps[i].body.abort.operation_interrupted);
    }
    simple(crossbar_v1_Request_ledger_tag);
    crossbar_v1_Response *r = call(&req);
    CHECK(r->body.ledger.ledger.device_pulses > 0 && r->body.ledger.ledger.device_pulses < 1000);
    CHECK(r->body.ledger.ledger.half_select_pulses == r->body.ledger.ledger.device_pulses * 126);
}

/* The in-flight bound counts per connection (section 7.1): a request of another connection that
 * arrives while one executes waits for it, and is then answered, not refused. */
static void test_other_connection_waits(void)
{
    harness_test = "another connection's request waits while one executes";
    start(17);
    fw_connection_opened(1);
    memset(&req, 0, sizeof req);
    req.seq = 1;
    req.which_body = crossbar_v1_Request_hello_tag;
    req.body.hello.protocol_major = FW_PROTOCOL_MAJOR;
    req.body.hello.session_id = 18;
    queue(1, &req);
    fw_poll();
    parse_output();
    crossbar_v1_Request busy = *pulse(7, 7, 1.2, 200);
    memset(&req, 0, sizeof req);
    req.seq = 100;   /* conn 1's own numbering, distinct from conn 0's for this test's matching */
    req.which_body = crossbar_v1_Request_info_tag;
    queue(1, &req);
    queue(0, &busy);
    fw_poll();   /* conn 0 is pumped first: its train runs, and its polls between pulses read conn 1 */
    parse_output();
    int info_at = -1, pulse_at = -1;
    for (int i = 0; i < nresp; i++) {
        if (resps[i].seq == 100 && resps[i].status == crossbar_v1_Status_STATUS_OK && resps[i].which_body == crossbar_v1_Response_info_tag)
            info_at = i;
        if (resps[i].seq == busy.seq && resps[i].status == crossbar_v1_Status_STATUS_OK)
            pulse_at = i;
    }
    CHECK(nresp == 2 && pulse_at == 0 && info_at == 1);   /* answered after the train, not refused during it */
}

static void test_ledger_and_reset(void)
{
    harness_test = "ledger counters";
    start(16);
    call(pulse(1, 2, 1.2, 4));
    simple(crossbar_v1_Request_ledger_tag);
    req.body.ledger.reset = true;
    crossbar_v1_Response *r = call(&req);
    CHECK(r->body.ledger.ledger.device_pulses == 4 && r->body.ledger.ledger.pulse_energy_joules > 0);
    CHECK(r->body.ledger.ledger.requests == 1);   /* the pulse: the Hello does not count */
    simple(crossbar_v1_Request_ledger_tag);
    r = call(&req);
    CHECK(r->body.ledger.ledger.device_pulses == 0 && r->body.ledger.ledger.requests == 1);
}

static void test_oversized_list_refused(void)
{
    harness_test = "a list longer than the board holds is refused RESOURCE_EXHAUSTED";
    start(17);
    /* 5000 pulses, more than the PulseRequest array (4096): encoded by hand */
    static uint8_t payload[12000], frame[12100], wire[12200];
    size_t n = 0;
    payload[n++] = 0x08;
    payload[n++] = 0x33;   /* seq 51 */
    payload[n++] = 0x7a;   /* field 15, length-delimited */
    payload[n++] = 0;   /* the body's length, a two-byte varint filled in below */
    payload[n++] = 0;
    size_t body_at = n;
    for (int i = 0; i < 5000; i++) {
        payload[n++] = 0x12;   /* pulses */
        payload[n++] = 0x00;
    }
    size_t body = n - body_at;
    payload[body_at - 2] = (uint8_t)(0x80 | (body & 0x7f));
    payload[body_at - 1] = (uint8_t)(body >> 7);
    memcpy(frame + 2, payload, n);
    size_t w = frame_seal(frame, n, FW_PROTOCOL_MAJOR, FRAME_TYPE_REQUEST, wire);
    memcpy(link_in[0] + in_len[0], wire, w);
    in_len[0] += w;
    fw_poll();
    parse_output();
    CHECK(nresp == 1 && resps[0].seq == 51 && resps[0].status == crossbar_v1_Status_STATUS_RESOURCE_EXHAUSTED);
}

void board_tests(void)
{
    test_handshake();
    test_envelope_refuses_and_applies_nothing();
    test_idempotency();
    test_forgotten_writes_are_refused();
    test_heartbeat_loss_and_abort();
    test_heartbeat_per_session();
    test_protocol_1_0_rules();
    test_other_connection_waits();
    test_busy_path();
    test_ledger_and_reset();
    test_oversized_list_refused();
}
