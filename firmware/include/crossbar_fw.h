/* Crossbar HIL reference firmware core: the board side of protocol 1.0 (docs/protocol.md),
 * portable C99, static memory only. A port calls these functions from its main loop and
 * implements crossbar_hal.h. */
#ifndef CROSSBAR_FW_H
#define CROSSBAR_FW_H

#include <stddef.h>
#include <stdint.h>

/* Largest decoded frame this board accepts and sends (announced in Hello; at least 4096). */
#ifndef FW_MAX_FRAME_BYTES
#define FW_MAX_FRAME_BYTES 32768u
#endif
/* Connections served at once (a serial port is one; TCP may have more). */
#ifndef FW_MAX_CONNS
#define FW_MAX_CONNS 4
#endif
/* Sessions whose idempotency memory is kept. */
#ifndef FW_MAX_SESSIONS
#define FW_MAX_SESSIONS 8
#endif
/* Remembered write answers (all sessions together) and the bytes they may take. */
#ifndef FW_IDEM_ENTRIES
#define FW_IDEM_ENTRIES 512
#endif
#ifndef FW_IDEM_POOL_BYTES
#define FW_IDEM_POOL_BYTES 65536u
#endif
#define FW_IDEM_TTL_SECONDS 600.0
#define FW_HEARTBEAT_TIMEOUT_SECONDS 5.0
#define FW_MIN_TELEMETRY_SECONDS 0.05
/* Unanswered requests one connection may have: one executing; Heartbeat and Abort excepted. */
#define FW_MAX_REQUESTS_IN_FLIGHT 1u
#define FW_MAX_RAMP_STEPS 1024u

#define FW_PROTOCOL_MAJOR 1u
#define FW_PROTOCOL_MINOR 0u

/* Starts the board: working limits equal to the hard ones, every line grounded. */
void fw_init(void);

/* A connection opened (before its first byte); conn is in [0, FW_MAX_CONNS). It carries one
 * session: a second Hello on it is refused (docs/protocol.md section 5). */
void fw_connection_opened(int conn);

/* A line without connection boundaries opened (a UART): the board cannot see a host close and
 * reopen it, so there a new Hello starts a new session (the previous one ends). */
void fw_line_opened(int conn);

/* Reads what has arrived on every open connection (hal_link_read) and acts on each frame as
 * its delimiter arrives. A connection whose read reports it closed goes away, and the board to
 * safe idle ("link lost"). The core also calls this itself between the pulses of a long
 * operation, so that Abort and Heartbeat are served within one pulse. */
void fw_poll(void);

/* Timers (heartbeat loss, telemetry): call at least every few milliseconds. */
void fw_tick(void);

/* The firmware is shutting down: safe idle ("shutdown"). */
void fw_shutdown(void);

#endif
