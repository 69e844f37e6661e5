/* The request loop: connections, handshake, sessions, idempotency, events, safe idle. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <pb_decode.h>
#include <pb_encode.h>

#include "framing.h"
#include "fw_internal.h"

#define DEFAULT_PEER_FRAME_BYTES 4194304u
#define MIN_FRAME_BYTES 4096u
#define HANDSHAKE_FRAME_BYTES 4096u

typedef struct {
    bool open, hello_done, subscribed;
    /* a line without connection boundaries (serial): a new Hello starts a new session (section 5) */
    bool hello_starts_over;
    /* a complete request frame (of this length) that arrived while another connection's request
       executed: it waits in rx.buf, and the connection is read no further, until the board is free */
    size_t parked_len;
    int session;
    uint64_t session_id, event_seq;
    /* the heartbeat timer of this host session (section 8): when a request last arrived, and the
       silence already reported, so that one silence idles the board once */
    double heard_at, lapsed_from;
    double telemetry_interval, next_telemetry;
    uint32_t peer_max_frame;
    frame_rx rx;
    /* bytes read from the link and not yet fed to rx: kept here so that a poll made while a
       request executes continues exactly where the interrupted one stopped */
    uint8_t in[256];
    uint16_t in_at, in_len;
} fw_conn;

fw_board fw;
crossbar_v1_Response fw_resp;

static fw_conn conns[FW_MAX_CONNS];
static uint8_t rx_bufs[FW_MAX_CONNS][FW_MAX_FRAME_BYTES];
static crossbar_v1_Request req;
static crossbar_v1_Event ev;
static uint8_t tx_frame[FW_MAX_FRAME_BYTES];
static uint8_t tx_wire[COBS_MAX_ENCODED(FW_MAX_FRAME_BYTES) + 1];
static uint64_t dropped_blocks;
/* the connection whose request executes while fw.busy */
static int busy_conn = -1;

bool fw_fail(crossbar_v1_Status status, const char *fmt, ...)
{
    fw_resp.status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fw_resp.message, sizeof fw_resp.message, fmt, ap);
    va_end(ap);
    return false;
}

uint64_t fw_random(void)
{
    /* xorshift64*: fast, tiny and good enough for stochastic pulse trains */
    fw.rng ^= fw.rng >> 12;
    fw.rng ^= fw.rng << 25;
    fw.rng ^= fw.rng >> 27;
    return fw.rng * 0x2545F4914F6CDD1Du;
}

double fw_random_unit(void)
{
    return (double)(fw_random() >> 11) * (1.0 / 9007199254740992.0);
}

/* ---- sending ---- */

static uint32_t frame_limit(const fw_conn *c)
{
    uint32_t peer = c->hello_done ? c->peer_max_frame : HANDSHAKE_FRAME_BYTES;
    return peer < FW_MAX_FRAME_BYTES ? peer : FW_MAX_FRAME_BYTES;
}

static void send_payload(int conn, uint8_t type, size_t payload_len)
{
    size_t n = frame_seal(tx_frame, payload_len, FW_PROTOCOL_MAJOR, type, tx_wire);
    hal_link_write(conn, tx_wire, n);
}

/* Encodes fw_resp into tx_frame; a response too large for the peer becomes RESOURCE_EXHAUSTED. */
static size_t encode_response(const fw_conn *c)
{
    size_t room = frame_limit(c) - FRAME_OVERHEAD, size = 0;
    if (!pb_get_encoded_size(&size, crossbar_v1_Response_fields, &fw_resp) || size > room) {
        uint64_t seq = fw_resp.seq;
        memset(&fw_resp, 0, sizeof fw_resp);
        fw_resp.seq = seq;
        fw_fail(crossbar_v1_Status_STATUS_RESOURCE_EXHAUSTED,
                "the response (%lu bytes) would exceed the frame limit of %lu bytes: split the request; nothing applied",
                (unsigned long)size, (unsigned long)frame_limit(c));
    }
    pb_ostream_t s = pb_ostream_from_buffer(tx_frame + 2, room);
    pb_encode(&s, crossbar_v1_Response_fields, &fw_resp);
    return s.bytes_written;
}

/* A response built field by field, without the (large) Response struct: used while a request
 * executes, when fw_resp is taken. */
static void send_small(int conn, uint64_t seq, crossbar_v1_Status status, const char *message, uint32_t tag,
                       const pb_msgdesc_t *fields, const void *body)
{
    pb_ostream_t s = pb_ostream_from_buffer(tx_frame + 2, HANDSHAKE_FRAME_BYTES - FRAME_OVERHEAD);
    bool ok = true;
    if (seq != 0)
        ok = pb_encode_tag(&s, PB_WT_VARINT, crossbar_v1_Response_seq_tag) && pb_encode_varint(&s, seq);
    ok = ok && pb_encode_tag(&s, PB_WT_VARINT, crossbar_v1_Response_status_tag) && pb_encode_varint(&s, status);
    if (ok && message && *message)
        ok = pb_encode_tag(&s, PB_WT_STRING, crossbar_v1_Response_message_tag)
             && pb_encode_string(&s, (const pb_byte_t *)message, strlen(message));
    if (ok && fields)
        ok = pb_encode_tag(&s, PB_WT_STRING, tag) && pb_encode_submessage(&s, fields, body);
    if (ok)
        send_payload(conn, FRAME_TYPE_RESPONSE, s.bytes_written);
}

static void send_event(int conn)
{
    fw_conn *c = &conns[conn];
    ev.event_seq = ++c->event_seq;
    ev.board_time_seconds = hal_time_seconds();
    pb_ostream_t s = pb_ostream_from_buffer(tx_frame + 2, frame_limit(c) - FRAME_OVERHEAD);
    if (pb_encode(&s, crossbar_v1_Event_fields, &ev))
        send_payload(conn, FRAME_TYPE_EVENT, s.bytes_written);
}

/* ---- events and safe idle ---- */

void fw_safe_idle(hal_idle_mode mode, const char *reason)
{
    hal_lines_idle(mode);
    fw.state = crossbar_v1_BoardState_BOARD_STATE_SAFE_IDLE;
    snprintf(fw.state_reason, sizeof fw.state_reason, "%s", reason);
    if (fw.busy && !fw.stop_requested) {
        fw.stop_requested = true;
        snprintf(fw.stop_reason, sizeof fw.stop_reason, "%s", reason);
    }
    memset(&ev, 0, sizeof ev);
    ev.which_body = crossbar_v1_Event_safe_idle_tag;
    snprintf(ev.body.safe_idle.reason, sizeof ev.body.safe_idle.reason, "%s", reason);
    for (int i = 0; i < FW_MAX_CONNS; i++)
        if (conns[i].open && conns[i].hello_done)
            send_event(i);
}

void fw_fault_event(crossbar_v1_Status status, const char *message)
{
    memset(&ev, 0, sizeof ev);
    ev.which_body = crossbar_v1_Event_fault_tag;
    ev.body.fault.status = status;
    snprintf(ev.body.fault.message, sizeof ev.body.fault.message, "%s", message);
    for (int i = 0; i < FW_MAX_CONNS; i++)
        if (conns[i].open && conns[i].hello_done)
            send_event(i);
}

void fw_limits_changed_event(void)
{
    memset(&ev, 0, sizeof ev);
    ev.which_body = crossbar_v1_Event_limits_changed_tag;
    ev.body.limits_changed.has_working_limits = true;
    ev.body.limits_changed.working_limits = fw.working;
    for (int i = 0; i < FW_MAX_CONNS; i++)
        if (conns[i].open && conns[i].hello_done && conns[i].subscribed)
            send_event(i);
}

static void telemetry(double now)
{
    for (int i = 0; i < FW_MAX_CONNS; i++) {
        fw_conn *c = &conns[i];
        if (!c->open || !c->hello_done || c->telemetry_interval <= 0 || now < c->next_telemetry)
            continue;
        c->next_telemetry = now + c->telemetry_interval;
        memset(&ev, 0, sizeof ev);
        ev.which_body = crossbar_v1_Event_telemetry_tag;
        ev.body.telemetry.state = fw.state;
        ev.body.telemetry.has_ledger = true;
        ev.body.telemetry.ledger = fw.ledger;
        send_event(i);
    }
}

/* Each host session has its own timer: another host's heartbeats do not vouch for a silent one. */
static void check_heartbeat(double now)
{
    for (int i = 0; i < FW_MAX_CONNS; i++) {
        fw_conn *c = &conns[i];
        if (!c->open || !c->hello_done || now - c->heard_at <= FW_HEARTBEAT_TIMEOUT_SECONDS || c->lapsed_from == c->heard_at)
            continue;
        c->lapsed_from = c->heard_at;
        if (fw.state != crossbar_v1_BoardState_BOARD_STATE_SAFE_IDLE || fw.busy) {
            char why[96];
            snprintf(why, sizeof why, "heartbeat lost (no request from connection %d for %.1f s)", i, now - c->heard_at);
            fw_safe_idle(HAL_IDLE_GROUNDED, why);
        }
    }
}

void fw_tick(void)
{
    double now = hal_time_seconds();
    check_heartbeat(now);
    telemetry(now);
}

bool fw_should_stop(void)
{
    fw_poll();
    check_heartbeat(hal_time_seconds());
    return fw.stop_requested;
}

/* A request from this host session arrived: its heartbeat timer starts again. */
static void heard(fw_conn *c)
{
    c->heard_at = hal_time_seconds();
    c->lapsed_from = -1;
}

/* ---- the description announced in Hello and Info ---- */

static void describe(crossbar_v1_BoardDescription *d)
{
    const hal_board_info *b = hal_board();
    d->has_identity = d->has_geometry = d->has_converters = d->has_capabilities = d->has_hard_limits = true;
    snprintf(d->identity.vendor, sizeof d->identity.vendor, "%s", b->vendor);
    snprintf(d->identity.model, sizeof d->identity.model, "%s", b->model);
    snprintf(d->identity.serial_number, sizeof d->identity.serial_number, "%s", b->serial_number);
    snprintf(d->identity.firmware_version, sizeof d->identity.firmware_version, "%s", b->firmware_version);
    d->geometry.tiles = b->tiles;
    d->geometry.rows = b->rows;
    d->geometry.cols = b->cols;
    d->converters.dac_bits = b->dac_bits;
    d->converters.dac_full_scale_volts = b->dac_full_scale_volts;
    d->converters.adc_bits = b->adc_bits;
    d->converters.adc_full_scale_amperes_count = (pb_size_t)b->adc_ranges;
    for (uint32_t i = 0; i < b->adc_ranges; i++)
        d->converters.adc_full_scale_amperes[i] = b->adc_full_scale_amperes[i];
    d->converters.max_reads_averaged = b->max_reads_averaged;
    d->capabilities.array_type = crossbar_v1_ArrayType_ARRAY_TYPE_PASSIVE;
    d->capabilities.parallel_outer_product_update = true;
    d->capabilities.write_verify = true;
    d->capabilities.ramp = true;
    d->capabilities.transposed_vmm = true;
    d->capabilities.simulated = b->simulated != 0;
    d->hard_limits = fw.hard;
}

void fw_init(void)
{
    const hal_board_info *b = hal_board();
    memset(&fw, 0, sizeof fw);
    memset(conns, 0, sizeof conns);
    fw.hard = (crossbar_v1_Limits){
        .max_volts = b->max_volts, .max_read_volts = b->max_read_volts, .max_half_select_volts = b->max_half_select_volts,
        .min_pulse_seconds = b->min_pulse_seconds, .max_pulse_seconds = b->max_pulse_seconds,
        .max_pulses_per_command = b->max_pulses_per_command, .max_device_amperes = b->max_device_amperes,
        .max_line_amperes = b->max_line_amperes, .energy_budget_joules = b->energy_budget_joules};
    fw.working = fw.hard;
    fw.read_config = (crossbar_v1_ReadConfig){.read_volts = b->read_volts, .integration_seconds = b->integration_seconds,
                                              .adc_full_scale_amperes = b->adc_full_scale_amperes[0], .reads_averaged = 1};
    fw.rng = hal_entropy() | 1u;
    idem_reset();
    hal_set_compliance(fw.working.max_device_amperes, fw.working.max_line_amperes);
    hal_lines_idle(HAL_IDLE_GROUNDED);
    fw.state = crossbar_v1_BoardState_BOARD_STATE_READY;
}

void fw_shutdown(void)
{
    fw_safe_idle(HAL_IDLE_GROUNDED, "shutdown");
}

void fw_connection_opened(int conn)
{
    fw_conn *c = &conns[conn];
    memset(c, 0, sizeof *c);
    c->open = true;
    frame_rx_init(&c->rx, rx_bufs[conn], FW_MAX_FRAME_BYTES);
}

void fw_line_opened(int conn)
{
    fw_connection_opened(conn);
    conns[conn].hello_starts_over = true;
}

/* Only a host session's loss idles the board, and only a board that is not idle already (section 8). */
static void connection_closed(int conn)
{
    bool past_hello = conns[conn].hello_done;
    conns[conn].open = false;
    conns[conn].hello_done = false;
    conns[conn].parked_len = 0;
    if (past_hello && (fw.state != crossbar_v1_BoardState_BOARD_STATE_SAFE_IDLE || fw.busy))
        fw_safe_idle(HAL_IDLE_GROUNDED, "link lost");
}

/* ---- request classes (docs/protocol.md section 3.4) ---- */

static bool is_write_class(const crossbar_v1_Request *r)
{
    switch (r->which_body) {
    case crossbar_v1_Request_configure_tag:
    case crossbar_v1_Request_pulse_tag:
    case crossbar_v1_Request_outer_product_update_tag:
    case crossbar_v1_Request_pulse_read_tag:
    case crossbar_v1_Request_write_verify_tag:
    case crossbar_v1_Request_ramp_tag:
    case crossbar_v1_Request_set_limits_tag:
    case crossbar_v1_Request_safe_idle_tag:
    case crossbar_v1_Request_set_update_mask_tag:
        return true;
    case crossbar_v1_Request_ledger_tag:
        return r->body.ledger.reset;
    default:
        return false;
    }
}

/* Operations that drive lines leave safe idle. */
static bool drives_lines(pb_size_t body)
{
    return body == crossbar_v1_Request_read_tag || body == crossbar_v1_Request_vmm_tag
           || body == crossbar_v1_Request_pulse_tag || body == crossbar_v1_Request_outer_product_update_tag
           || body == crossbar_v1_Request_pulse_read_tag || body == crossbar_v1_Request_write_verify_tag
           || body == crossbar_v1_Request_ramp_tag;
}

/* ---- the handshake ---- */

static bool decode_submessage(pb_istream_t *s, const pb_msgdesc_t *fields, void *dest)
{
    pb_istream_t sub;
    if (!pb_make_string_substream(s, &sub))
        return false;
    bool ok = pb_decode(&sub, fields, dest);
    return pb_close_string_substream(s, &sub) && ok;
}

/* The frozen fields (section 5): Request.seq and Request.hello, whatever else the payload holds. */
static void read_frozen(const uint8_t *payload, size_t len, uint64_t *seq, crossbar_v1_HelloRequest *hello,
                        bool *has_hello)
{
    pb_istream_t s = pb_istream_from_buffer(payload, len);
    *seq = 0;
    *has_hello = false;
    pb_wire_type_t wt;
    uint32_t tag;
    bool eof;
    while (pb_decode_tag(&s, &wt, &tag, &eof)) {
        if (tag == crossbar_v1_Request_seq_tag && wt == PB_WT_VARINT) {
            if (!pb_decode_varint(&s, seq))
                return;
        } else if (tag == crossbar_v1_Request_hello_tag && wt == PB_WT_STRING) {
            memset(hello, 0, sizeof *hello);
            if (!decode_submessage(&s, crossbar_v1_HelloRequest_fields, hello))
                return;
            *has_hello = true;
        } else if (!pb_skip_field(&s, wt)) {
            return;
        }
    }
}

/* minor < 0: the host's minor is not known (a frame of another major without a Hello of that major) */
static void refuse_version(int conn, uint64_t seq, uint32_t major, long minor)
{
    char msg[200], host[32];
    if (minor < 0)
        snprintf(host, sizeof host, "%lu.x", (unsigned long)major);
    else
        snprintf(host, sizeof host, "%lu.%ld", (unsigned long)major, minor);
    snprintf(msg, sizeof msg,
             "host speaks protocol %s, this board speaks %u.%u: update the host software or the board firmware so "
             "that the major versions match",
             host, FW_PROTOCOL_MAJOR, FW_PROTOCOL_MINOR);
    crossbar_v1_HelloResponse h = {.protocol_major = FW_PROTOCOL_MAJOR, .protocol_minor = FW_PROTOCOL_MINOR};
    send_small(conn, seq, crossbar_v1_Status_STATUS_VERSION_MISMATCH, msg, crossbar_v1_Response_hello_tag,
               crossbar_v1_HelloResponse_fields, &h);
}

static bool hello(fw_conn *c, const crossbar_v1_HelloRequest *h)
{
    if (h->session_id == 0)
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT, "session_id 0 is not allowed: choose a random non-zero id");
    if (h->max_frame_bytes != 0 && h->max_frame_bytes < MIN_FRAME_BYTES)
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT, "max_frame_bytes %lu is below the minimum %u",
                       (unsigned long)h->max_frame_bytes, MIN_FRAME_BYTES);
    bool resumed;
    uint64_t highest;
    c->session = idem_session(h->session_id, &resumed, &highest);
    c->session_id = h->session_id;
    c->peer_max_frame = h->max_frame_bytes ? h->max_frame_bytes : DEFAULT_PEER_FRAME_BYTES;
    c->hello_done = true;
    fw_resp.which_body = crossbar_v1_Response_hello_tag;
    crossbar_v1_HelloResponse *r = &fw_resp.body.hello;
    r->protocol_major = FW_PROTOCOL_MAJOR;
    r->protocol_minor = FW_PROTOCOL_MINOR;
    r->has_description = r->has_working_limits = r->has_read_config = true;
    describe(&r->description);
    r->working_limits = fw.working;
    r->read_config = fw.read_config;
    r->max_frame_bytes = FW_MAX_FRAME_BYTES;
    r->idempotency_ttl_seconds = FW_IDEM_TTL_SECONDS;
    r->idempotency_capacity = FW_IDEM_ENTRIES / FW_MAX_SESSIONS;
    r->heartbeat_timeout_seconds = FW_HEARTBEAT_TIMEOUT_SECONDS;
    r->session_resumed = resumed;
    r->highest_seq_seen = highest;
    r->max_requests_in_flight = FW_MAX_REQUESTS_IN_FLIGHT;
    return true;
}

/* ---- requests that need no operation ---- */

static void fill_lease(crossbar_v1_LeaseInfo *l)
{
    memset(l, 0, sizeof *l);   /* a plain board: nobody holds a lease */
}

static bool info(void)
{
    fw_resp.which_body = crossbar_v1_Response_info_tag;
    crossbar_v1_InfoResponse *r = &fw_resp.body.info;
    r->has_description = r->has_working_limits = r->has_read_config = r->has_lease = true;
    describe(&r->description);
    r->working_limits = fw.working;
    r->read_config = fw.read_config;
    r->state = fw.state;
    if (fw.state != crossbar_v1_BoardState_BOARD_STATE_READY)
        snprintf(r->state_reason, sizeof r->state_reason, "%s", fw.state_reason);
    fill_lease(&r->lease);
    r->protocol_major = FW_PROTOCOL_MAJOR;
    r->protocol_minor = FW_PROTOCOL_MINOR;
    return true;
}

static void limits_body(void)
{
    fw_resp.which_body = crossbar_v1_Response_limits_tag;
    fw_resp.body.limits.has_hard_limits = fw_resp.body.limits.has_working_limits = true;
    fw_resp.body.limits.hard_limits = fw.hard;
    fw_resp.body.limits.working_limits = fw.working;
}

static bool set_limits(const crossbar_v1_SetLimitsRequest *r)
{
    if (!r->has_working_limits)
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT, "SetLimits needs working_limits; nothing changed");
    if (!env_set_limits(&r->working_limits))
        return false;
    fw.working = r->working_limits;
    fw.budget_joules_used = 0;
    hal_set_compliance(fw.working.max_device_amperes, fw.working.max_line_amperes);
    fw_limits_changed_event();
    limits_body();
    return true;
}

static bool safe_idle_request(const crossbar_v1_SafeIdleRequest *r)
{
    if (r->mode != crossbar_v1_IdleMode_IDLE_MODE_UNSPECIFIED && r->mode != crossbar_v1_IdleMode_IDLE_MODE_GROUNDED
        && r->mode != crossbar_v1_IdleMode_IDLE_MODE_FLOATING)
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT, "unknown idle mode %d", (int)r->mode);
    bool floating = r->mode == crossbar_v1_IdleMode_IDLE_MODE_FLOATING;
    fw_safe_idle(floating ? HAL_IDLE_FLOATING : HAL_IDLE_GROUNDED, floating ? "requested (floating)" : "requested");
    fw_resp.which_body = crossbar_v1_Response_safe_idle_tag;
    return true;
}

static void abort_reason(const char *reason, char *out, size_t n)
{
    if (*reason)
        snprintf(out, n, "abort: %s", reason);
    else
        snprintf(out, n, "abort");
}

static bool ledger(const crossbar_v1_LedgerRequest *r)
{
    fw_resp.which_body = crossbar_v1_Response_ledger_tag;
    fw_resp.body.ledger.has_ledger = true;
    fw_resp.body.ledger.ledger = fw.ledger;
    if (r->reset) {
        memset(&fw.ledger, 0, sizeof fw.ledger);
        fw.budget_joules_used = 0;
    }
    return true;
}

static bool lease(const crossbar_v1_LeaseRequest *r)
{
    switch (r->action) {
    case crossbar_v1_LeaseAction_LEASE_ACTION_ACQUIRE:
    case crossbar_v1_LeaseAction_LEASE_ACTION_RENEW:
        return fw_fail(crossbar_v1_Status_STATUS_UNSUPPORTED, "this board has no control lease (it is not a gateway)");
    case crossbar_v1_LeaseAction_LEASE_ACTION_RELEASE:
    case crossbar_v1_LeaseAction_LEASE_ACTION_QUERY:
        fw_resp.which_body = crossbar_v1_Response_lease_tag;
        fw_resp.body.lease.has_lease = true;
        fill_lease(&fw_resp.body.lease.lease);
        return true;
    default:
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT, "unknown lease action %d", (int)r->action);
    }
}

static bool subscribe(fw_conn *c, const crossbar_v1_SubscribeRequest *r)
{
    double t = r->telemetry_interval_seconds;
    if (!isfinite(t) || t < 0)
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT, "telemetry_interval_seconds %g must be >= 0", t);
    if (t > 0 && t < FW_MIN_TELEMETRY_SECONDS)
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT,
                       "telemetry_interval_seconds %g is below this board's minimum %g s", t, FW_MIN_TELEMETRY_SECONDS);
    c->subscribed = r->events;
    c->telemetry_interval = t;
    c->next_telemetry = hal_time_seconds() + t;
    fw_resp.which_body = crossbar_v1_Response_subscribe_tag;
    return true;
}

static bool execute(fw_conn *c)
{
    const crossbar_v1_Request *r = &req;
    if (drives_lines(r->which_body)) {
        fw.state = crossbar_v1_BoardState_BOARD_STATE_READY;
        fw.state_reason[0] = 0;
    }
    switch (r->which_body) {
    case crossbar_v1_Request_info_tag: return info();
    case crossbar_v1_Request_configure_tag: return op_configure(&r->body.configure);
    case crossbar_v1_Request_read_tag: return op_read(&r->body.read);
    case crossbar_v1_Request_vmm_tag: return op_vmm(&r->body.vmm);
    case crossbar_v1_Request_pulse_tag: return op_pulse(&r->body.pulse);
    case crossbar_v1_Request_outer_product_update_tag: return op_outer_product(&r->body.outer_product_update);
    case crossbar_v1_Request_pulse_read_tag: return op_pulse_read(&r->body.pulse_read);
    case crossbar_v1_Request_write_verify_tag: return op_write_verify(&r->body.write_verify);
    case crossbar_v1_Request_ramp_tag: return op_ramp(&r->body.ramp);
    case crossbar_v1_Request_get_limits_tag: limits_body(); return true;
    case crossbar_v1_Request_set_limits_tag: return set_limits(&r->body.set_limits);
    case crossbar_v1_Request_safe_idle_tag: return safe_idle_request(&r->body.safe_idle);
    case crossbar_v1_Request_ledger_tag: return ledger(&r->body.ledger);
    case crossbar_v1_Request_lease_tag: return lease(&r->body.lease);
    case crossbar_v1_Request_subscribe_tag: return subscribe(c, &r->body.subscribe);
    case crossbar_v1_Request_set_update_mask_tag:
        return fw_fail(crossbar_v1_Status_STATUS_UNSUPPORTED, "update masks need a 1T1R array; this board is passive");
    default:
        return fw_fail(crossbar_v1_Status_STATUS_UNSUPPORTED, "unknown or missing request body (field %u)",
                       (unsigned)r->which_body);
    }
}

static void answer_control(int conn, uint64_t seq, pb_size_t body, const char *abort_text)
{
    if (body == crossbar_v1_Request_heartbeat_tag) {
        crossbar_v1_HeartbeatResponse h = {.board_time_seconds = hal_time_seconds(), .state = fw.state, .has_lease = true};
        send_small(conn, seq, crossbar_v1_Status_STATUS_OK, NULL, crossbar_v1_Response_heartbeat_tag,
                   crossbar_v1_HeartbeatResponse_fields, &h);
        return;
    }
    bool interrupted = fw.busy && !fw.stop_requested;
    char reason[192];
    abort_reason(abort_text, reason, sizeof reason);
    fw_safe_idle(HAL_IDLE_GROUNDED, reason);
    crossbar_v1_AbortResponse a = {.operation_interrupted = interrupted};
    send_small(conn, seq, crossbar_v1_Status_STATUS_OK, NULL, crossbar_v1_Response_abort_tag,
               crossbar_v1_AbortResponse_fields, &a);
}

/* Reads the body tag and, for Abort, its reason, without decoding into the busy request struct. */
static pb_size_t peek_body(const uint8_t *payload, size_t len, uint64_t *seq, char *reason, size_t reason_size)
{
    pb_istream_t s = pb_istream_from_buffer(payload, len);
    pb_wire_type_t wt;
    uint32_t tag;
    bool eof;
    pb_size_t body = 0;
    *seq = 0;
    reason[0] = 0;
    while (pb_decode_tag(&s, &wt, &tag, &eof)) {
        if (tag == crossbar_v1_Request_seq_tag && wt == PB_WT_VARINT) {
            if (!pb_decode_varint(&s, seq))
                return 0;
        } else if (tag >= crossbar_v1_Request_hello_tag && wt == PB_WT_STRING) {
            body = (pb_size_t)tag;
            if (tag == crossbar_v1_Request_abort_tag) {
                crossbar_v1_AbortRequest a;
                memset(&a, 0, sizeof a);
                if (!decode_submessage(&s, crossbar_v1_AbortRequest_fields, &a))
                    return 0;
                snprintf(reason, reason_size, "%s", a.reason);
            } else if (!pb_skip_field(&s, wt)) {
                return 0;
            }
        } else if (!pb_skip_field(&s, wt)) {
            return 0;
        }
    }
    return eof || s.bytes_left == 0 ? body : 0;
}

/* A frame that arrives while a request executes: Abort and Heartbeat are served now; another
 * request of the executing connection is beyond its max_requests_in_flight (1); a request of
 * another connection waits until the board is free (the bound counts per connection, 7.1). */
static bool busy_frame(int conn, const uint8_t *payload, size_t len)
{
    fw_conn *c = &conns[conn];
    uint64_t seq;
    char reason[128];
    pb_size_t body = peek_body(payload, len, &seq, reason, sizeof reason);
    if (body == 0 && seq == 0) {
        dropped_blocks++;
        return true;
    }
    if (body == crossbar_v1_Request_abort_tag || (c->hello_done && body == crossbar_v1_Request_heartbeat_tag)) {
        if (c->hello_done) {
            heard(c);
            idem_executed(c->session, seq);
        }
        answer_control(conn, seq, body, reason);
        fw.ledger.requests++;
        return true;
    }
    if (conn != busy_conn)
        return false;
    heard(c);
    char msg[96];
    snprintf(msg, sizeof msg, "at most %u request in flight (Heartbeat and Abort excepted); nothing applied",
             FW_MAX_REQUESTS_IN_FLIGHT);
    send_small(conn, seq, crossbar_v1_Status_STATUS_RESOURCE_EXHAUSTED, msg, 0, NULL, NULL);
    return true;
}

static bool too_large_error(const char *err)
{
    return err && (!strcmp(err, "array overflow") || !strcmp(err, "string overflow") || !strcmp(err, "bytes overflow"));
}

static void request_frame(int conn, const uint8_t *payload, size_t len)
{
    fw_conn *c = &conns[conn];
    memset(&req, 0, sizeof req);
    pb_istream_t s = pb_istream_from_buffer(payload, len);
    if (!pb_decode(&s, crossbar_v1_Request_fields, &req)) {
        if (too_large_error(PB_GET_ERROR(&s))) {
            uint64_t seq;
            char reason[8];
            peek_body(payload, len, &seq, reason, sizeof reason);
            send_small(conn, seq, crossbar_v1_Status_STATUS_RESOURCE_EXHAUSTED,
                       "a list or string of the request is longer than this board holds (docs/firmware.md); split it; "
                       "nothing applied", 0, NULL, NULL);
        } else {
            dropped_blocks++;   /* MALFORMED_PAYLOAD: never answered */
        }
        return;
    }
    memset(&fw_resp, 0, sizeof fw_resp);
    fw_resp.seq = req.seq;
    fw_resp.status = crossbar_v1_Status_STATUS_OK;
    if (req.which_body == crossbar_v1_Request_hello_tag) {
        if (req.body.hello.protocol_major != FW_PROTOCOL_MAJOR) {
            refuse_version(conn, req.seq, req.body.hello.protocol_major, (long)req.body.hello.protocol_minor);
            c->hello_done = false;
            return;
        }
        if (c->hello_done && !c->hello_starts_over) {
            char msg[160];
            snprintf(msg, sizeof msg, "hello: this connection already completed its handshake (session %llx); open a "
                     "new connection for another session", (unsigned long long)c->session_id);
            send_small(conn, req.seq, crossbar_v1_Status_STATUS_FAILED_PRECONDITION, msg, 0, NULL, NULL);
            return;
        }
        c->hello_done = false;
        if (hello(c, &req.body.hello))
            heard(c);
        send_payload(conn, FRAME_TYPE_RESPONSE, encode_response(c));
        return;
    }
    if (!c->hello_done && req.which_body != crossbar_v1_Request_abort_tag) {
        send_small(conn, req.seq, crossbar_v1_Status_STATUS_FAILED_PRECONDITION,
                   "send Hello first: the board answers nothing else before the handshake (Abort excepted)", 0, NULL, NULL);
        return;
    }
    if (req.which_body == crossbar_v1_Request_heartbeat_tag || req.which_body == crossbar_v1_Request_abort_tag) {
        /* Abort before Hello still stops the board; there is no session to record its seq in */
        if (c->hello_done) {
            heard(c);
            idem_executed(c->session, req.seq);
        }
        answer_control(conn, req.seq, req.which_body, req.body.abort.reason);
        fw.ledger.requests++;
        return;
    }
    heard(c);
    bool write = is_write_class(&req);
    uint64_t hash = 0;
    if (write && req.seq == 0) {
        send_small(conn, 0, crossbar_v1_Status_STATUS_INVALID_ARGUMENT,
                   "seq 0 (expected: 1 or more; seq 0 is an unset field, and a write needs a key of its own so that a "
                   "retransmission is told from a new request); nothing applied", 0, NULL, NULL);
        return;
    }
    if (write) {
        hash = idem_hash(payload, len);
        const uint8_t *kept;
        size_t kept_len;
        switch (idem_find(c->session, req.seq, hash, &kept, &kept_len)) {
        case IDEM_REPLAY:
            /* the remembered encoding plus replayed = true: a later field wins in protobuf */
            if (kept_len + 2 <= frame_limit(c) - FRAME_OVERHEAD) {
                memcpy(tx_frame + 2, kept, kept_len);
                tx_frame[2 + kept_len] = (crossbar_v1_Response_replayed_tag << 3) | PB_WT_VARINT;
                tx_frame[3 + kept_len] = 1;
                send_payload(conn, FRAME_TYPE_RESPONSE, kept_len + 2);
            }
            return;
        case IDEM_CONFLICT:
            send_small(conn, req.seq, crossbar_v1_Status_STATUS_IDEMPOTENCY_CONFLICT,
                       "this (session, seq) was already used for a different request; nothing applied", 0, NULL, NULL);
            return;
        case IDEM_FORGOTTEN:
            send_small(conn, req.seq, crossbar_v1_Status_STATUS_FAILED_PRECONDITION,
                       "the answer to this write was forgotten (ttl or capacity): its outcome is unknown; read the "
                       "devices; nothing applied", 0, NULL, NULL);
            return;
        case IDEM_NEW:
            break;
        }
    }
    fw.busy = true;
    busy_conn = conn;
    fw.stop_requested = false;
    bool ok = execute(c);
    fw.busy = false;
    busy_conn = -1;
    if (!ok || fw_resp.status != crossbar_v1_Status_STATUS_OK)
        fw_resp.which_body = 0;   /* a refusal or a stopped operation has no body; its message says how far it got */
    fw.ledger.requests++;
    fw.ledger.total_energy_joules = fw.ledger.read_energy_joules + fw.ledger.pulse_energy_joules
                                    + fw.ledger.half_select_energy_joules + fw.ledger.converter_energy_joules;
    idem_executed(c->session, req.seq);
    size_t n = encode_response(c);
    if (write)
        idem_store(c->session, req.seq, hash, tx_frame + 2, n);
    if (c->open)
        send_payload(conn, FRAME_TYPE_RESPONSE, n);
}

static void handle_frame(int conn, size_t len)
{
    fw_conn *c = &conns[conn];
    const uint8_t *f = c->rx.buf;
    const uint8_t *payload = f + 2;
    size_t payload_len = len - FRAME_OVERHEAD;
    if (f[0] != FW_PROTOCOL_MAJOR) {
        if (fw.busy)
            return;
        uint64_t seq;
        crossbar_v1_HelloRequest h;
        bool has_hello;
        read_frozen(payload, payload_len, &seq, &h, &has_hello);
        bool named = has_hello && h.protocol_major == f[0];
        refuse_version(conn, seq, f[0], named ? (long)h.protocol_minor : -1);
        c->hello_done = false;
        return;
    }
    if (f[1] != FRAME_TYPE_REQUEST) {
        dropped_blocks++;   /* UNKNOWN_TYPE or WRONG_DIRECTION */
        return;
    }
    if (!fw.busy)
        request_frame(conn, payload, payload_len);
    else if (!busy_frame(conn, payload, payload_len))
        conns[conn].parked_len = len;
}

/* Feeds what has arrived on one connection to its frame receiver. Once a frame has been acted on
 * it reads no further chunk in this call, so that a connection that floods the board takes its
 * turn with the others instead of holding the loop (section 7.1); the rest of the chunk already
 * read is still fed, so no complete frame waits for a later read. */
static void pump(int conn)
{
    fw_conn *c = &conns[conn];
    if (c->parked_len > 0) {
        if (fw.busy)
            return;   /* the parked request runs first, and nothing is read behind it meanwhile */
        size_t len = c->parked_len;
        c->parked_len = 0;
        handle_frame(conn, len);
        return;
    }
    bool handled = false;
    while (c->open && c->parked_len == 0) {
        if (c->in_at == c->in_len) {
            if (handled)
                return;
            long n = hal_link_read(conn, c->in, sizeof c->in);
            if (n < 0) {
                connection_closed(conn);
                return;
            }
            if (n == 0)
                return;
            c->in_at = 0;
            c->in_len = (uint16_t)n;
        }
        size_t len;
        frame_result r = frame_rx_byte(&c->rx, c->in[c->in_at++], &len);
        if (r == FRAME_GOOD) {
            handle_frame(conn, len);
            handled = true;
        } else if (r != FRAME_NONE) {
            dropped_blocks++;
        }
    }
}

void fw_poll(void)
{
    for (int i = 0; i < FW_MAX_CONNS; i++)
        if (conns[i].open)
            pump(i);
}
