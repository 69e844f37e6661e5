/* Hardware abstraction layer: the one place a port of the Crossbar HIL reference firmware
 * changes. The core (src/) calls these functions and nothing else of the board; a port
 * implements them for its analog front end, timer and link (host/ backs them with a device model
 * and sockets). docs/firmware.md says what each one must guarantee. */
#ifndef CROSSBAR_HAL_H
#define CROSSBAR_HAL_H

#include <stddef.h>
#include <stdint.h>

/* The two sides of a tile: rows are word lines (driven in a forward VMM), columns bit lines. */
typedef enum { HAL_ROWS = 0, HAL_COLS = 1 } hal_side;

typedef enum { HAL_IDLE_GROUNDED = 1, HAL_IDLE_FLOATING = 2 } hal_idle_mode;

/* What the board is: reported in Hello and Info, and the ceilings of its safety envelope. */
typedef struct {
    const char *vendor, *model, *serial_number, *firmware_version;
    uint32_t tiles, rows, cols;
    uint32_t dac_bits;
    double dac_full_scale_volts;
    uint32_t adc_bits;
    double adc_full_scale_amperes[4];
    uint32_t adc_ranges;
    uint32_t max_reads_averaged;
    /* hard limits (docs/protocol.md section 7) */
    double max_volts, max_read_volts, max_half_select_volts;
    double min_pulse_seconds, max_pulse_seconds;
    uint32_t max_pulses_per_command;
    double max_device_amperes, max_line_amperes, energy_budget_joules;
    /* the largest conductance a device can reach: bounds worst-case energy before acting */
    double max_device_siemens;
    /* read path defaults */
    double read_volts, integration_seconds;
    int simulated;
} hal_board_info;

/* What one hal_fire cost, measured or estimated by the port. */
typedef struct {
    double selected_joules;     /* devices whose row and column were both driven */
    double half_select_joules;  /* devices with only one driven line */
} hal_fire_report;

const hal_board_info *hal_board(void);

/* Monotonic board clock in seconds since start. */
double hal_time_seconds(void);

/* Seeds the core's pseudo-random generator (stochastic outer-product updates). */
uint64_t hal_entropy(void);

/* Every line of every tile to ground (or floating); no source drives a device afterwards. */
void hal_lines_idle(hal_idle_mode mode);

/* Sets the DC level of one line; the level is applied to the devices only by hal_fire
 * (programming) or hal_integrate (reading). Lines not set since the last hal_lines_ground of
 * the tile are grounded. */
void hal_set_line(uint32_t tile, hal_side side, uint32_t line, double volts);

/* Grounds every line of one tile (the start of each pulse slot and each read). */
void hal_lines_ground(uint32_t tile);

/* The compliance the front end enforces while firing (working limits). */
void hal_set_compliance(double device_amperes, double line_amperes);

/* Applies the set line levels for width_seconds. Returns 0, or non-zero when the compliance
 * tripped (the port then grounds every line; the core reports DEVICE_FAULT). */
int hal_fire(uint32_t tile, double width_seconds, hal_fire_report *report);

/* Integrates the currents of `count` sensed lines from `first` (virtual ground) for `seconds`,
 * `averaged` times, and converts each with the ADC at full scale `full_scale_amperes`: codes are
 * signed, +-(2^(adc_bits-1) - 1) at the rails. *joules gets the energy dissipated in the
 * devices. Returns 0, or non-zero on a fault. */
int hal_integrate(uint32_t tile, hal_side sensed, uint32_t first, uint32_t count, double seconds,
                  double full_scale_amperes, uint32_t averaged, int32_t *codes, double *joules);

/* Link: writes one encoded frame (delimiter included) to connection `conn`. */
void hal_link_write(int conn, const uint8_t *bytes, size_t len);

/* Link: copies up to `max` bytes that have arrived on connection `conn` into buf without
 * blocking. Returns the count (0 when nothing is waiting), or -1 when the connection has closed
 * or broken (the core then forgets it; the port may reuse the slot after fw_connection_opened). */
long hal_link_read(int conn, uint8_t *buf, size_t max);

#endif
