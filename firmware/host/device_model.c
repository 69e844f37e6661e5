/* The host port's analog front end: a small model of a passive memristor crossbar behind the
 * HAL's line, fire and integrate calls. Conductance is bounded in [G_MIN, G_MAX] and moves only
 * when a device sees more than the switching threshold: by a step proportional to the
 * overdrive and to the distance from the bound it moves towards (soft bounds), with
 * cycle-to-cycle noise. Reads add relative read noise and an amplifier floor, then the ADC
 * quantises. Written for this firmware, independently of the Java simulator's physics. */
#include <math.h>
#include <string.h>

#include "device_model.h"

#define TILES 2
#define ROWS 64
#define COLS 64
#define G_MIN 1e-6
#define G_MAX 8e-5
#define V_THRESHOLD 0.8          /* above the largest half-select (0.65 V): half-selects never switch */
#define STEP_RATE 0.06           /* relative step at 1 V overdrive and the reference width */
#define REFERENCE_WIDTH 100e-9
#define STEP_NOISE 0.3           /* relative cycle-to-cycle spread of a step */
#define READ_NOISE 0.003         /* relative read noise per device */
#define READ_FLOOR_AMPERES 2e-10 /* amplifier noise per conversion */

static double g[TILES][ROWS][COLS];
static double row_v[TILES][ROWS], col_v[TILES][COLS];
static double device_compliance = 1, line_compliance = 1;
static uint64_t state = 0x9E3779B97F4A7C15u;

static const hal_board_info info = {
    .vendor = "Crossbar HIL",
    .model = "fw-host-2x64",
    .serial_number = "FW-HOST-0001",
    .firmware_version = "0.1.0",
    .tiles = TILES, .rows = ROWS, .cols = COLS,
    .dac_bits = 12, .dac_full_scale_volts = 0.3,
    .adc_bits = 14, .adc_full_scale_amperes = {2e-4, 2e-5}, .adc_ranges = 2,
    .max_reads_averaged = 16,
    .max_volts = 1.5, .max_read_volts = 0.3, .max_half_select_volts = 0.7,
    .min_pulse_seconds = 1e-8, .max_pulse_seconds = 1e-3,
    .max_pulses_per_command = 1000000,
    .max_device_amperes = 2e-4, .max_line_amperes = 5e-3, .energy_budget_joules = 0,
    .max_device_siemens = G_MAX,
    .read_volts = 0.2, .integration_seconds = 1e-6,
    .simulated = 1,
};

static double uniform(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (double)((state * 0x2545F4914F6CDD1Du) >> 11) * (1.0 / 9007199254740992.0);
}

static double gaussian(void)
{
    double u = uniform(), v = uniform();
    return sqrt(-2 * log(u > 0 ? u : 1e-300)) * cos(2 * 3.14159265358979323846 * v);
}

void model_init(uint64_t seed)
{
    state = seed ? seed : 0x9E3779B97F4A7C15u;
    for (int t = 0; t < TILES; t++)
        for (int i = 0; i < ROWS; i++)
            for (int j = 0; j < COLS; j++)
                g[t][i][j] = G_MIN + (G_MAX - G_MIN) * (0.15 + 0.4 * uniform());
    memset(row_v, 0, sizeof row_v);
    memset(col_v, 0, sizeof col_v);
}

double model_conductance(uint32_t tile, uint32_t row, uint32_t col)
{
    return g[tile][row][col];
}

const hal_board_info *hal_board(void)
{
    return &info;
}

uint64_t hal_entropy(void)
{
    return state ^ 0xD1B54A32D192ED03u;
}

void hal_lines_idle(hal_idle_mode mode)
{
    (void)mode;   /* floating and grounded both leave every device unbiased in this model */
    memset(row_v, 0, sizeof row_v);
    memset(col_v, 0, sizeof col_v);
}

void hal_lines_ground(uint32_t tile)
{
    memset(row_v[tile], 0, sizeof row_v[tile]);
    memset(col_v[tile], 0, sizeof col_v[tile]);
}

void hal_set_line(uint32_t tile, hal_side side, uint32_t line, double volts)
{
    if (side == HAL_ROWS)
        row_v[tile][line] = volts;
    else
        col_v[tile][line] = volts;
}

void hal_set_compliance(double device_amperes, double line_amperes)
{
    device_compliance = device_amperes;
    line_compliance = line_amperes;
}

int hal_fire(uint32_t tile, double width_seconds, hal_fire_report *report)
{
    /* compliance first: the front end limits before the devices switch */
    for (int i = 0; i < ROWS; i++) {
        double line = 0;
        for (int j = 0; j < COLS; j++) {
            double current = fabs(row_v[tile][i] - col_v[tile][j]) * g[tile][i][j];
            if (current > device_compliance)
                return 1;
            line += current;
        }
        if (line > line_compliance)
            return 1;
    }
    double width_factor = sqrt(width_seconds / REFERENCE_WIDTH);
    for (int i = 0; i < ROWS; i++) {
        for (int j = 0; j < COLS; j++) {
            double rv = row_v[tile][i], cv = col_v[tile][j], v = rv - cv;
            if (v == 0)
                continue;
            double joules = v * v * g[tile][i][j] * width_seconds;
            if (rv != 0 && cv != 0)
                report->selected_joules += joules;
            else
                report->half_select_joules += joules;
            double over = fabs(v) - V_THRESHOLD;
            if (over <= 0)
                continue;
            double step = STEP_RATE * over * width_factor * (1 + STEP_NOISE * gaussian());
            if (step < 0)
                step = 0;
            double *d = &g[tile][i][j];
            *d += v > 0 ? step * (G_MAX - *d) : -step * (*d - G_MIN);
            if (*d > G_MAX)
                *d = G_MAX;
            if (*d < G_MIN)
                *d = G_MIN;
        }
    }
    return 0;
}

int hal_integrate(uint32_t tile, hal_side sensed, uint32_t first, uint32_t count, double seconds,
                  double full_scale_amperes, uint32_t averaged, int32_t *codes, double *joules)
{
    double rail = (double)((1u << (info.adc_bits - 1)) - 1u);
    uint32_t drive_lines = sensed == HAL_COLS ? ROWS : COLS;
    const double *drive = sensed == HAL_COLS ? row_v[tile] : col_v[tile];
    uint32_t k = averaged ? averaged : 1;
    for (uint32_t s = 0; s < count; s++) {
        uint32_t line = first + s;
        double sum = 0;
        for (uint32_t a = 0; a < k; a++) {
            double current = 0;
            for (uint32_t d = 0; d < drive_lines; d++) {
                if (drive[d] == 0)
                    continue;
                double gd = sensed == HAL_COLS ? g[tile][d][line] : g[tile][line][d];
                current += drive[d] * gd * (1 + READ_NOISE * gaussian());
                *joules += drive[d] * drive[d] * gd * seconds;
            }
            sum += current + READ_FLOOR_AMPERES * gaussian();
        }
        double code = round(sum / k / full_scale_amperes * rail);
        codes[s] = (int32_t)(code > rail ? rail : code < -rail ? -rail : code);
    }
    return 0;
}
