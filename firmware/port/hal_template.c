/* The skeleton of a port: every HAL function with what it must do on a real board. It links
 * (make arm-size builds a Cortex-M4 image from it, to measure the whole firmware) but drives
 * nothing: replace each body with your board's drivers. docs/firmware.md explains each rule. */
#include "crossbar_fw.h"
#include "crossbar_hal.h"

static const hal_board_info board = {
    .vendor = "Your lab", .model = "your-board", .serial_number = "0001", .firmware_version = "0.1.0",
    .tiles = 1, .rows = 64, .cols = 64,
    .dac_bits = 12, .dac_full_scale_volts = 0.3,
    .adc_bits = 14, .adc_full_scale_amperes = {2e-4, 2e-5}, .adc_ranges = 2, .max_reads_averaged = 16,
    /* hard limits: what the hardware and its protection can take, never more */
    .max_volts = 1.5, .max_read_volts = 0.3, .max_half_select_volts = 0.7,
    .min_pulse_seconds = 1e-8, .max_pulse_seconds = 1e-3, .max_pulses_per_command = 1000000,
    .max_device_amperes = 2e-4, .max_line_amperes = 5e-3, .energy_budget_joules = 0,
    .max_device_siemens = 1e-4,
    .read_volts = 0.2, .integration_seconds = 1e-6,
};

const hal_board_info *hal_board(void) { return &board; }

/* a free-running timer, e.g. a 32-bit microsecond counter extended to 64 bits */
double hal_time_seconds(void) { return 0; }

/* a hardware RNG, or the ADC noise of an open input */
uint64_t hal_entropy(void) { return 0x853c49e6748fea9bu; }

/* every DAC to 0 V and every line switch to ground (or open, for floating) */
void hal_lines_idle(hal_idle_mode mode) { (void)mode; }

/* load one line's DAC; it reaches the array only inside hal_fire or hal_integrate */
void hal_set_line(uint32_t tile, hal_side side, uint32_t line, double volts)
{
    (void)tile; (void)side; (void)line; (void)volts;
}

void hal_lines_ground(uint32_t tile) { (void)tile; }

/* program the current-limit comparators of the line drivers */
void hal_set_compliance(double device_amperes, double line_amperes) { (void)device_amperes; (void)line_amperes; }

/* close the line switches for width_seconds (a timer-gated pulse); 1 if a comparator tripped */
int hal_fire(uint32_t tile, double width_seconds, hal_fire_report *report)
{
    (void)tile; (void)width_seconds; (void)report;
    return 0;
}

/* sensed lines to the TIA inputs (virtual ground), integrate, convert, average */
int hal_integrate(uint32_t tile, hal_side sensed, uint32_t first, uint32_t count, double seconds,
                  double full_scale_amperes, uint32_t averaged, int32_t *codes, double *joules)
{
    (void)tile; (void)sensed; (void)first; (void)seconds; (void)full_scale_amperes; (void)averaged; (void)joules;
    for (uint32_t i = 0; i < count; i++)
        codes[i] = 0;
    return 0;
}

/* the UART or USB CDC: queue for DMA, or write blocking */
void hal_link_write(int conn, const uint8_t *bytes, size_t len) { (void)conn; (void)bytes; (void)len; }

/* drain the receive ring the UART interrupt fills; never block */
long hal_link_read(int conn, uint8_t *buf, size_t max)
{
    (void)conn; (void)buf; (void)max;
    return 0;
}

int main(void)
{
    fw_init();
    fw_line_opened(0);   /* a UART: a new Hello starts a new session */
    for (;;) {
        fw_poll();
        fw_tick();
    }
}
