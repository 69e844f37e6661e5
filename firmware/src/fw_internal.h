/* State and helpers shared by the firmware core's files; not part of the port's interface. */
#ifndef CROSSBAR_FW_INTERNAL_H
#define CROSSBAR_FW_INTERNAL_H

#include <stdbool.h>

#include "crossbar/v1/envelope.pb.h"
#include "crossbar_fw.h"
#include "crossbar_hal.h"

typedef struct {
    crossbar_v1_Limits hard, working;
    crossbar_v1_ReadConfig read_config;
    crossbar_v1_BoardState state;
    char state_reason[192];
    crossbar_v1_Ledger ledger;
    /* programming energy since the budget was set or the ledger reset (rule 7) */
    double budget_joules_used;
    /* an operation is executing: frames that arrive meanwhile are served by the busy path */
    bool busy;
    /* set by Abort or a lost heartbeat while busy: the operation stops before its next pulse */
    bool stop_requested;
    char stop_reason[160];
    uint64_t rng;
} fw_board;

extern fw_board fw;

/* The response being built for the current request (static: too big for an MCU stack). */
extern crossbar_v1_Response fw_resp;

/* Sets fw_resp's status and message (printf-style); returns false, for `return fw_fail(...)`. */
bool fw_fail(crossbar_v1_Status status, const char *fmt, ...);

/* Safe idle: every line idle, state SAFE_IDLE, SafeIdleEvent to every connection past Hello. */
void fw_safe_idle(hal_idle_mode mode, const char *reason);

/* During an operation: serves frames that arrived (Abort, Heartbeat) and says whether to stop. */
bool fw_should_stop(void);

void fw_fault_event(crossbar_v1_Status status, const char *message);
void fw_limits_changed_event(void);

uint64_t fw_random(void);
double fw_random_unit(void);

/* Envelope (fw_envelope.c): each check returns true when allowed, else fills fw_resp. */
bool env_program_volts(double volts, bool forming, const char *item);
bool env_width(double seconds, const char *item);
bool env_read_volts(double volts, const char *item);
bool env_pulse_count(uint64_t pulses);
bool env_energy(double worst_case_joules);
double env_pulse_energy(double volts, double width_seconds);
bool env_set_limits(const crossbar_v1_Limits *l);

/* Operations (fw_ops.c): fill fw_resp's body and return true, or fail through fw_fail. */
bool op_configure(const crossbar_v1_ConfigureRequest *r);
bool op_read(const crossbar_v1_ReadRequest *r);
bool op_vmm(const crossbar_v1_VmmRequest *r);
bool op_pulse(const crossbar_v1_PulseRequest *r);
bool op_pulse_read(const crossbar_v1_PulseReadRequest *r);
bool op_outer_product(const crossbar_v1_OuterProductUpdateRequest *r);
bool op_write_verify(const crossbar_v1_WriteVerifyRequest *r);
bool op_ramp(const crossbar_v1_RampRequest *r);

/* Idempotency memory (fw_idem.c). */
typedef enum { IDEM_NEW, IDEM_REPLAY, IDEM_CONFLICT, IDEM_FORGOTTEN } idem_lookup;
/* Finds or creates the session; returns its index and whether it was known. */
int idem_session(uint64_t session_id, bool *resumed, uint64_t *highest_seq_seen);
idem_lookup idem_find(int session, uint64_t seq, uint64_t request_hash, const uint8_t **payload, size_t *len);
void idem_store(int session, uint64_t seq, uint64_t request_hash, const uint8_t *payload, size_t len);
void idem_executed(int session, uint64_t seq);
void idem_reset(void);
uint64_t idem_hash(const uint8_t *data, size_t len);

#endif
