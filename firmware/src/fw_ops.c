/* Measurement and programming operations, built on the HAL's line, fire and integrate calls.
 * Each checks its whole request (geometry, arguments, envelope) before it drives a line. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fw_internal.h"

#define CONVERSION_JOULES 5e-12   /* one DAC or ADC conversion, for the ledger */
#define BAD crossbar_v1_Status_STATUS_INVALID_ARGUMENT

static const hal_board_info *board(void)
{
    return hal_board();
}

static double adc_rail(void)
{
    return (double)((1u << (board()->adc_bits - 1)) - 1u);
}

static bool check_tile(uint32_t tile)
{
    if (tile >= board()->tiles)
        return fw_fail(BAD, "tile %lu is outside the board's %lu tiles", (unsigned long)tile, (unsigned long)board()->tiles);
    return true;
}

static bool check_device(uint32_t row, uint32_t col, const char *item)
{
    if (row >= board()->rows || col >= board()->cols)
        return fw_fail(BAD, "%s: (row %lu, col %lu) is outside the %lu x %lu tile", item, (unsigned long)row,
                       (unsigned long)col, (unsigned long)board()->rows, (unsigned long)board()->cols);
    return true;
}

static bool check_finite(double v, const char *name)
{
    if (!isfinite(v))
        return fw_fail(BAD, "%s is not a finite number", name);
    return true;
}

static bool adc_range(double asked, double *range)
{
    if (asked == 0) {
        *range = fw.read_config.adc_full_scale_amperes;
        return true;
    }
    for (uint32_t i = 0; i < board()->adc_ranges; i++)
        if (board()->adc_full_scale_amperes[i] == asked) {
            *range = asked;
            return true;
        }
    return fw_fail(BAD, "adc_full_scale_amperes %g is not one of the converter's ranges", asked);
}

static bool read_volts_of(double asked, double *volts, const char *item)
{
    if (!check_finite(asked, "read_volts"))
        return false;
    *volts = asked != 0 ? asked : fw.read_config.read_volts;
    return env_read_volts(*volts, item);
}

static bool stopped(uint64_t done, uint64_t planned, const char *unit)
{
    if (!fw_should_stop())
        return false;
    fw_fail(crossbar_v1_Status_STATUS_ABORTED, "stopped (%s) after %llu of %llu %s; read the devices", fw.stop_reason,
            (unsigned long long)done, (unsigned long long)planned, unit);
    return true;
}

static bool fault(const char *what, uint64_t done)
{
    char msg[200];
    snprintf(msg, sizeof msg, "compliance tripped during %s after %llu device pulses", what, (unsigned long long)done);
    char reason[220];
    snprintf(reason, sizeof reason, "error: %s", msg);
    fw_safe_idle(HAL_IDLE_GROUNDED, reason);
    fw_fault_event(crossbar_v1_Status_STATUS_DEVICE_FAULT, msg);
    return fw_fail(crossbar_v1_Status_STATUS_DEVICE_FAULT, "%s; the board is in safe idle", msg);
}

/* Fires the lines set on `tile` for `width` and books the cost. Returns false on a trip. */
static bool fire(uint32_t tile, double width, uint64_t selected, uint64_t half_selected)
{
    hal_fire_report rep = {0, 0};
    int tripped = hal_fire(tile, width, &rep);
    fw.ledger.device_pulses += selected;
    fw.ledger.half_select_pulses += half_selected;
    fw.ledger.pulse_energy_joules += rep.selected_joules;
    fw.ledger.half_select_energy_joules += rep.half_select_joules;
    fw.ledger.busy_seconds += width;
    fw.budget_joules_used += rep.selected_joules + rep.half_select_joules;
    hal_lines_ground(tile);
    return tripped == 0;
}

/* One full-amplitude pulse, V/2 scheme: +V/2 on the row, -V/2 on the column. */
static bool pulse_device(uint32_t tile, uint32_t row, uint32_t col, double volts, double width)
{
    hal_lines_ground(tile);
    hal_set_line(tile, HAL_ROWS, row, volts / 2);
    hal_set_line(tile, HAL_COLS, col, -volts / 2);
    return fire(tile, width, 1, board()->rows + board()->cols - 2);
}

/* Integrates the sensed lines once at the given range; books conversions and read energy. */
static bool integrate(uint32_t tile, hal_side sensed, uint32_t first, uint32_t n, double range, uint32_t averaged,
                      int32_t *codes, uint32_t *clipped)
{
    double joules = 0;
    if (hal_integrate(tile, sensed, first, n, fw.read_config.integration_seconds, range, averaged, codes, &joules) != 0)
        return false;
    fw.ledger.read_energy_joules += joules;
    fw.ledger.conversions += (uint64_t)n * averaged;
    fw.ledger.converter_energy_joules += CONVERSION_JOULES * n * averaged;
    fw.ledger.busy_seconds += fw.read_config.integration_seconds * averaged;
    double rail = adc_rail();
    *clipped = 0;
    for (uint32_t i = 0; i < n; i++)
        if (fabs((double)codes[i]) >= rail)
            (*clipped)++;
    return true;
}

/* Reads devices (row, first_col .. first_col + n) alone: only that row driven, columns sensed.
 * Reads range the ADC automatically: the smallest range that does not clip. */
static bool read_row(uint32_t tile, uint32_t row, uint32_t first_col, uint32_t n, double volts, float *siemens)
{
    static int32_t codes[64 * 4];
    const hal_board_info *b = board();
    double best = 0;
    uint32_t clipped = 1;
    for (uint32_t k = 0; k < b->adc_ranges && clipped; k++) {
        /* ascending: the smallest range not yet tried */
        double range = 0;
        for (uint32_t i = 0; i < b->adc_ranges; i++) {
            double r = b->adc_full_scale_amperes[i];
            if (r > best && (range == 0 || r < range))
                range = r;
        }
        best = range;
        hal_lines_ground(tile);
        hal_set_line(tile, HAL_ROWS, row, volts);
        bool ok = integrate(tile, HAL_COLS, first_col, n, range, fw.read_config.reads_averaged, codes, &clipped);
        hal_lines_ground(tile);
        if (!ok)
            return false;
    }
    double scale = best / adc_rail() / volts;
    for (uint32_t i = 0; i < n; i++)
        siemens[i] = (float)(codes[i] * scale);
    fw.ledger.device_reads += n;
    return true;
}

static bool read_one(uint32_t tile, uint32_t row, uint32_t col, double volts, float *siemens)
{
    return read_row(tile, row, col, 1, volts, siemens) || fault("a read", 0);
}

bool op_configure(const crossbar_v1_ConfigureRequest *r)
{
    crossbar_v1_ReadConfig c = fw.read_config;
    if (!check_finite(r->read_volts, "read_volts") || !check_finite(r->integration_seconds, "integration_seconds")
        || !check_finite(r->adc_full_scale_amperes, "adc_full_scale_amperes"))
        return false;
    if (r->read_volts < 0)
        return fw_fail(BAD, "read_volts %g (expected: > 0, or 0 to keep %g)", r->read_volts, fw.read_config.read_volts);
    if (r->integration_seconds < 0 || r->integration_seconds > 1)
        return fw_fail(BAD, "integration_seconds %g is outside (0, 1] s", r->integration_seconds);
    if (r->reads_averaged > board()->max_reads_averaged)
        return fw_fail(BAD, "reads_averaged %lu exceeds max_reads_averaged %lu", (unsigned long)r->reads_averaged,
                       (unsigned long)board()->max_reads_averaged);
    double range;
    if (!adc_range(r->adc_full_scale_amperes, &range))
        return false;
    if (r->read_volts != 0 && !env_read_volts(r->read_volts, "configure"))
        return false;
    if (r->read_volts != 0)
        c.read_volts = r->read_volts;
    if (r->integration_seconds != 0)
        c.integration_seconds = r->integration_seconds;
    c.adc_full_scale_amperes = range;
    if (r->reads_averaged != 0)
        c.reads_averaged = r->reads_averaged;
    fw.read_config = c;
    fw_resp.which_body = crossbar_v1_Response_configure_tag;
    fw_resp.body.configure.has_read_config = true;
    fw_resp.body.configure.read_config = c;
    return true;
}

bool op_read(const crossbar_v1_ReadRequest *r)
{
    const hal_board_info *b = board();
    double volts;
    if (!check_tile(r->tile) || !read_volts_of(r->read_volts, &volts, "read"))
        return false;
    uint32_t first_row = r->row, rows = 1, first_col = 0, cols = b->cols;
    switch (r->scope) {
    case crossbar_v1_ReadScope_READ_SCOPE_DEVICE:
        if (!check_device(r->row, r->col, "read"))
            return false;
        first_col = r->col;
        cols = 1;
        break;
    case crossbar_v1_ReadScope_READ_SCOPE_ROW:
        if (!check_device(r->row, 0, "read"))
            return false;
        break;
    case crossbar_v1_ReadScope_READ_SCOPE_TILE:
        if (!check_device(r->row, 0, "read"))
            return false;
        rows = r->row_count ? r->row_count : b->rows - r->row;
        if (r->row_count > b->rows - r->row)
            return fw_fail(BAD, "rows %lu + %lu run past the tile's %lu rows", (unsigned long)r->row,
                           (unsigned long)r->row_count, (unsigned long)b->rows);
        break;
    default:
        return fw_fail(BAD, "unknown read scope %d", (int)r->scope);
    }
    if (volts == 0)
        return fw_fail(BAD, "read volts 0: nothing to read with");
    crossbar_v1_ReadResponse *out = &fw_resp.body.read;
    fw_resp.which_body = crossbar_v1_Response_read_tag;
    for (uint32_t i = 0; i < rows; i++)
        if (!read_row(r->tile, first_row + i, first_col, cols, volts, out->siemens + i * cols))
            return fault("a read", 0);
    out->tile = r->tile;
    out->first_row = first_row;
    out->first_col = first_col;
    out->rows = rows;
    out->cols = cols;
    out->siemens_count = (pb_size_t)(rows * cols);
    return true;
}

static double dac_quantise(double v)
{
    double rail = (double)((1u << (board()->dac_bits - 1)) - 1u);
    double fs = board()->dac_full_scale_volts;
    double code = round(v / fs * rail);
    if (code > rail)
        code = rail;
    if (code < -rail)
        code = -rail;
    return code * fs / rail;
}

bool op_vmm(const crossbar_v1_VmmRequest *r)
{
    static int32_t codes[64];
    const hal_board_info *b = board();
    if (!check_tile(r->tile))
        return false;
    bool transposed = r->direction == crossbar_v1_VmmDirection_VMM_DIRECTION_TRANSPOSED;
    if (r->direction != crossbar_v1_VmmDirection_VMM_DIRECTION_FORWARD && !transposed)
        return fw_fail(BAD, "vmm: direction %d (expected: FORWARD or TRANSPOSED)", (int)r->direction);
    uint32_t driven = transposed ? b->cols : b->rows, sensed = transposed ? b->rows : b->cols;
    if (r->vector_count == 0 || r->input_count == 0)
        return fw_fail(BAD, "vector_count %lu and input_count %lu must be at least 1", (unsigned long)r->vector_count,
                       (unsigned long)r->input_count);
    if (r->input_offset >= driven || r->input_count > driven - r->input_offset)
        return fw_fail(BAD, "inputs [%lu, +%lu) run past the %lu driven lines", (unsigned long)r->input_offset,
                       (unsigned long)r->input_count, (unsigned long)driven);
    if (r->output_offset >= sensed || r->output_count > sensed - r->output_offset)
        return fw_fail(BAD, "outputs [%lu, +%lu) run past the %lu sensed lines", (unsigned long)r->output_offset,
                       (unsigned long)r->output_count, (unsigned long)sensed);
    uint32_t outputs = r->output_count ? r->output_count : sensed - r->output_offset;
    if ((uint64_t)r->vector_count * r->input_count != r->volts_count)
        return fw_fail(BAD, "volts has %lu values, expected vector_count x input_count = %llu",
                       (unsigned long)r->volts_count, (unsigned long long)r->vector_count * r->input_count);
    if ((uint64_t)r->vector_count * outputs > sizeof fw_resp.body.vmm.amperes / sizeof(float))
        return fw_fail(crossbar_v1_Status_STATUS_RESOURCE_EXHAUSTED,
                       "%llu outputs exceed the %lu this board answers at once: fewer vectors per request",
                       (unsigned long long)r->vector_count * outputs,
                       (unsigned long)(sizeof fw_resp.body.vmm.amperes / sizeof(float)));
    uint32_t k = r->reads_averaged ? r->reads_averaged : fw.read_config.reads_averaged;
    if (k > b->max_reads_averaged)
        return fw_fail(BAD, "reads_averaged %lu exceeds max_reads_averaged %lu", (unsigned long)k,
                       (unsigned long)b->max_reads_averaged);
    double range;
    if (!check_finite(r->adc_full_scale_amperes, "adc_full_scale_amperes") || !adc_range(r->adc_full_scale_amperes, &range))
        return false;
    for (pb_size_t i = 0; i < r->volts_count; i++) {
        char item[48];
        snprintf(item, sizeof item, "vmm input %u", (unsigned)i);
        if (!check_finite(r->volts[i], item) || !env_read_volts(r->volts[i], item))
            return false;
    }
    crossbar_v1_VmmResponse *out = &fw_resp.body.vmm;
    fw_resp.which_body = crossbar_v1_Response_vmm_tag;
    double scale = range / adc_rail();
    for (uint32_t v = 0; v < r->vector_count; v++) {
        hal_lines_ground(r->tile);
        for (uint32_t i = 0; i < r->input_count; i++)
            hal_set_line(r->tile, transposed ? HAL_COLS : HAL_ROWS, r->input_offset + i,
                         dac_quantise(r->volts[v * r->input_count + i]));
        uint32_t clipped;
        bool ok = integrate(r->tile, transposed ? HAL_ROWS : HAL_COLS, r->output_offset, outputs, range, k, codes, &clipped);
        hal_lines_ground(r->tile);
        if (!ok)
            return fault("a VMM", 0);
        for (uint32_t o = 0; o < outputs; o++)
            out->amperes[v * outputs + o] = (float)(codes[o] * scale);
        out->clipped += clipped;
        fw.ledger.vmm_vectors++;
        fw.ledger.conversions += r->input_count;
        fw.ledger.converter_energy_joules += CONVERSION_JOULES * r->input_count;
    }
    out->vector_count = r->vector_count;
    out->output_count = outputs;
    out->amperes_count = (pb_size_t)(r->vector_count * outputs);
    out->adc_full_scale_amperes = range;
    return true;
}

/* Geometry, arguments and envelope of a list of pulse trains; *total gets the worst-case count. */
static bool check_pulses(uint32_t tile, const crossbar_v1_DevicePulse *p, pb_size_t n, uint64_t *total)
{
    if (!check_tile(tile))
        return false;
    if (n == 0)
        return fw_fail(BAD, "no pulses listed");
    double energy = 0;
    *total = 0;
    for (pb_size_t i = 0; i < n; i++) {
        char item[80];
        snprintf(item, sizeof item, "pulse %u (tile %lu, row %lu, col %lu)", (unsigned)i, (unsigned long)tile,
                 (unsigned long)p[i].row, (unsigned long)p[i].col);
        if (!check_device(p[i].row, p[i].col, item) || !check_finite(p[i].volts, "volts")
            || !check_finite(p[i].width_seconds, "width_seconds"))
            return false;
        if (p[i].volts == 0)
            return fw_fail(BAD, "%s: volts 0 (a pulse is SET > 0 or RESET < 0)", item);
        if (!env_program_volts(p[i].volts, false, item) || !env_width(p[i].width_seconds, item))
            return false;
        uint64_t count = p[i].count ? p[i].count : 1;
        *total += count;
        energy += (double)count * env_pulse_energy(p[i].volts, p[i].width_seconds);
    }
    return env_pulse_count(*total) && env_energy(energy);
}

/* Applies the trains; with `readings`, reads after each pulse (per_pulse) or after each train. */
static bool run_pulses(uint32_t tile, const crossbar_v1_DevicePulse *p, pb_size_t n, uint64_t total, double read_volts,
                       bool per_pulse, float *readings, pb_size_t *reading_count, uint64_t *applied)
{
    *applied = 0;
    for (pb_size_t i = 0; i < n; i++) {
        uint32_t count = p[i].count ? p[i].count : 1;
        for (uint32_t k = 0; k < count; k++) {
            if (stopped(*applied, total, "device pulses"))
                return false;
            if (!pulse_device(tile, p[i].row, p[i].col, p[i].volts, p[i].width_seconds))
                return fault("a pulse", *applied);
            (*applied)++;
            if (readings && per_pulse && !read_one(tile, p[i].row, p[i].col, read_volts, &readings[(*reading_count)++]))
                return false;
        }
        if (readings && !per_pulse && !read_one(tile, p[i].row, p[i].col, read_volts, &readings[(*reading_count)++]))
            return false;
    }
    return true;
}

bool op_pulse(const crossbar_v1_PulseRequest *r)
{
    uint64_t total, applied;
    if (!check_pulses(r->tile, r->pulses, r->pulses_count, &total))
        return false;
    bool ok = run_pulses(r->tile, r->pulses, r->pulses_count, total, 0, false, NULL, NULL, &applied);
    if (ok) {
        fw_resp.which_body = crossbar_v1_Response_pulse_tag;
        fw_resp.body.pulse.device_pulses = applied;
    }
    return ok;
}

bool op_pulse_read(const crossbar_v1_PulseReadRequest *r)
{
    uint64_t total, applied;
    double volts;
    if (!check_pulses(r->tile, r->pulses, r->pulses_count, &total) || !read_volts_of(r->read_volts, &volts, "pulse-read"))
        return false;
    uint64_t readings = r->read_after_each_pulse ? total : r->pulses_count;
    if (readings > sizeof fw_resp.body.pulse_read.siemens / sizeof(float))
        return fw_fail(crossbar_v1_Status_STATUS_RESOURCE_EXHAUSTED,
                       "%llu readings exceed the %lu this board answers at once: split the request; nothing applied",
                       (unsigned long long)readings, (unsigned long)(sizeof fw_resp.body.pulse_read.siemens / sizeof(float)));
    crossbar_v1_PulseReadResponse *out = &fw_resp.body.pulse_read;
    fw_resp.which_body = crossbar_v1_Response_pulse_read_tag;
    bool ok = run_pulses(r->tile, r->pulses, r->pulses_count, total, volts, r->read_after_each_pulse, out->siemens,
                         &out->siemens_count, &applied);
    out->device_pulses = applied;
    if (!ok)
        fw_resp.which_body = 0;
    return ok;
}

static int sign_of(float v)
{
    return v > 0 ? 1 : v < 0 ? -1 : 0;
}

bool op_outer_product(const crossbar_v1_OuterProductUpdateRequest *r)
{
    const hal_board_info *b = board();
    if (!check_tile(r->tile))
        return false;
    uint32_t nr = r->row_values_count, nc = r->col_values_count;
    if (nr == 0 || nc == 0)
        return fw_fail(BAD, "row_values and col_values must not be empty");
    if (r->row_offset >= b->rows || nr > b->rows - r->row_offset || r->col_offset >= b->cols || nc > b->cols - r->col_offset)
        return fw_fail(BAD, "the block (%lu, %lu) + %lu x %lu runs past the %lu x %lu tile", (unsigned long)r->row_offset,
                       (unsigned long)r->col_offset, (unsigned long)nr, (unsigned long)nc, (unsigned long)b->rows,
                       (unsigned long)b->cols);
    int has[2][2] = {{0, 0}, {0, 0}};   /* [row sign +][col sign +] */
    uint32_t nzr = 0, nzc = 0;
    for (uint32_t i = 0; i < nr + nc; i++) {
        float v = i < nr ? r->row_values[i] : r->col_values[i - nr];
        if (!isfinite(v) || v < -1 || v > 1)
            return fw_fail(BAD, "%s value %g is outside [-1, 1]", i < nr ? "row" : "col", (double)v);
        if (v != 0)
            i < nr ? nzr++ : nzc++;
    }
    for (uint32_t i = 0; i < nr; i++)
        for (uint32_t j = 0; j < nc; j++)
            if (r->row_values[i] != 0 && r->col_values[j] != 0)
                has[r->row_values[i] > 0][r->col_values[j] > 0] = 1;
    if (!check_finite(r->set_volts, "set_volts") || !check_finite(r->reset_volts, "reset_volts")
        || !check_finite(r->width_seconds, "width_seconds"))
        return false;
    /* both amplitudes, whichever signs the vectors hold (protocol.md, OuterProductUpdateRequest) */
    if (!(r->set_volts > 0))
        return fw_fail(BAD, "set_volts %g must be > 0", r->set_volts);
    if (!(r->reset_volts < 0))
        return fw_fail(BAD, "reset_volts %g must be < 0", r->reset_volts);
    if (!env_program_volts(r->set_volts, false, "outer-product set_volts")
        || !env_program_volts(r->reset_volts, false, "outer-product reset_volts")
        || !env_width(r->width_seconds, "outer-product update"))
        return false;
    uint32_t bl = r->pulse_train_length ? r->pulse_train_length : 31;
    uint64_t worst = (uint64_t)bl * nzr * nzc;
    double worst_v = fmax(r->set_volts, -r->reset_volts);
    if (!env_pulse_count(worst) || !env_energy((double)worst * env_pulse_energy(worst_v, r->width_seconds)))
        return false;
    uint64_t coincidences = 0, half = 0;
    uint32_t slots = 0;
    static uint8_t row_fires[64], col_fires[64];
    /* polarity sub-phases, one per sign quadrant with work to do */
    for (int rs = 1; rs >= 0; rs--) {
        for (int cs = 1; cs >= 0; cs--) {
            if (!has[rs][cs])
                continue;
            double volts = rs == cs ? r->set_volts : r->reset_volts;
            for (uint32_t t = 0; t < bl; t++) {
                if (stopped(coincidences, worst, "device pulses (worst case)"))
                    return false;
                uint32_t fr = 0, fc = 0;
                for (uint32_t i = 0; i < nr; i++) {
                    float u = r->row_values[i];
                    row_fires[i] = sign_of(u) == (rs ? 1 : -1) && fw_random_unit() < fabsf(u);
                    fr += row_fires[i];
                }
                for (uint32_t j = 0; j < nc; j++) {
                    float v = r->col_values[j];
                    col_fires[j] = sign_of(v) == (cs ? 1 : -1) && fw_random_unit() < fabsf(v);
                    fc += col_fires[j];
                }
                slots++;
                if (fr == 0 || fc == 0)
                    continue;   /* no coincidence possible: nothing is fired in this slot */
                hal_lines_ground(r->tile);
                for (uint32_t i = 0; i < nr; i++)
                    if (row_fires[i])
                        hal_set_line(r->tile, HAL_ROWS, r->row_offset + i, volts / 2);
                for (uint32_t j = 0; j < nc; j++)
                    if (col_fires[j])
                        hal_set_line(r->tile, HAL_COLS, r->col_offset + j, -volts / 2);
                uint64_t sel = (uint64_t)fr * fc;
                uint64_t hs = (uint64_t)fr * (b->cols - fc) + (uint64_t)fc * (b->rows - fr);
                if (!fire(r->tile, r->width_seconds, sel, hs))
                    return fault("an outer-product update", coincidences);
                coincidences += sel;
                half += hs;
            }
        }
    }
    fw_resp.which_body = crossbar_v1_Response_outer_product_update_tag;
    fw_resp.body.outer_product_update.device_pulses = coincidences;
    fw_resp.body.outer_product_update.half_select_pulses = half;
    fw_resp.body.outer_product_update.slots = slots;
    return true;
}

bool op_write_verify(const crossbar_v1_WriteVerifyRequest *r)
{
    double volts;
    if (!check_tile(r->tile))
        return false;
    if (r->targets_count == 0)
        return fw_fail(BAD, "no targets listed");
    for (pb_size_t i = 0; i < r->targets_count; i++) {
        char item[48];
        snprintf(item, sizeof item, "target %u", (unsigned)i);
        if (!check_device(r->targets[i].row, r->targets[i].col, item)
            || !check_finite(r->targets[i].target_siemens, "target_siemens"))
            return false;
        if (r->targets[i].target_siemens < 0)
            return fw_fail(BAD, "%s: target_siemens %g is negative", item, r->targets[i].target_siemens);
    }
    if (!check_finite(r->tolerance_siemens, "tolerance_siemens") || !check_finite(r->set_volts, "set_volts")
        || !check_finite(r->reset_volts, "reset_volts") || !check_finite(r->width_seconds, "width_seconds"))
        return false;
    if (r->tolerance_siemens <= 0 || r->max_pulses == 0 || r->set_volts <= 0 || r->reset_volts >= 0)
        return fw_fail(BAD, "write-verify needs tolerance_siemens > 0, max_pulses >= 1, set_volts > 0, reset_volts < 0");
    uint64_t worst = (uint64_t)r->targets_count * r->max_pulses;
    double worst_v = fmax(r->set_volts, -r->reset_volts);
    if (!env_program_volts(r->set_volts, false, "write-verify set_volts")
        || !env_program_volts(r->reset_volts, false, "write-verify reset_volts")
        || !env_width(r->width_seconds, "write-verify") || !env_pulse_count(worst)
        || !read_volts_of(r->read_volts, &volts, "write-verify")
        || !env_energy((double)worst * env_pulse_energy(worst_v, r->width_seconds)))
        return false;
    crossbar_v1_WriteVerifyResponse *out = &fw_resp.body.write_verify;
    fw_resp.which_body = crossbar_v1_Response_write_verify_tag;
    uint64_t applied = 0;
    for (pb_size_t i = 0; i < r->targets_count; i++) {
        const crossbar_v1_DeviceTarget *t = &r->targets[i];
        crossbar_v1_WriteVerifyResult *res = &out->results[i];
        res->row = t->row;
        res->col = t->col;
        float g;
        if (!read_one(r->tile, t->row, t->col, volts, &g))
            return false;
        while (!(fabs(g - t->target_siemens) <= r->tolerance_siemens) && res->pulses < r->max_pulses) {
            if (stopped(applied, worst, "device pulses (worst case)"))
                return false;
            double v = g < t->target_siemens ? r->set_volts : r->reset_volts;
            if (!pulse_device(r->tile, t->row, t->col, v, r->width_seconds))
                return fault("write-verify", applied);
            applied++;
            res->pulses++;
            fw.ledger.write_verify_pulses++;
            if (!read_one(r->tile, t->row, t->col, volts, &g))
                return false;
        }
        res->final_siemens = g;
        res->converged = fabs(g - t->target_siemens) <= r->tolerance_siemens;
        out->results_count = i + 1;
    }
    out->device_pulses = applied;
    return true;
}

/* Step n of a ramp, rounded to the nanovolt so that decimal steps land on their decimals. */
static double ramp_volts(const crossbar_v1_RampRequest *r, uint32_t n)
{
    return round((r->start_volts + n * r->step_volts) * 1e9) / 1e9;
}

bool op_ramp(const crossbar_v1_RampRequest *r)
{
    double volts;
    if (!check_tile(r->tile) || !check_device(r->row, r->col, "ramp"))
        return false;
    if (!check_finite(r->start_volts, "start_volts") || !check_finite(r->stop_volts, "stop_volts")
        || !check_finite(r->step_volts, "step_volts") || !check_finite(r->width_seconds, "width_seconds")
        || !check_finite(r->stop_above_siemens, "stop_above_siemens") || !check_finite(r->stop_below_siemens, "stop_below_siemens"))
        return false;
    double span = r->stop_volts - r->start_volts;
    if (r->step_volts == 0 || span * r->step_volts < 0)
        return fw_fail(BAD, "step_volts %g must be non-zero with the sign of stop - start (%g)", r->step_volts, span);
    if (r->stop_above_siemens < 0 || r->stop_below_siemens < 0)
        return fw_fail(BAD, "stop conditions must be >= 0 (0 = none)");
    double steps_f = floor(span / r->step_volts + 1e-9) + 1;
    if (steps_f > FW_MAX_RAMP_STEPS)
        return fw_fail(BAD, "the ramp has %.0f steps; this board takes at most %u per request", steps_f, FW_MAX_RAMP_STEPS);
    uint32_t steps = (uint32_t)steps_f, pulsing = 0;
    double energy = 0;
    for (uint32_t n = 0; n < steps; n++) {
        double v = ramp_volts(r, n);
        char item[64];
        snprintf(item, sizeof item, "ramp step %lu (%g V)", (unsigned long)n, v);
        if (v == 0)
            continue;   /* a step on 0 V applies no pulse */
        if (!env_program_volts(v, r->forming, item))
            return false;
        pulsing++;
        energy += env_pulse_energy(v, r->width_seconds);
    }
    if (!env_width(r->width_seconds, "ramp") || !env_pulse_count(pulsing) || !read_volts_of(r->read_volts, &volts, "ramp")
        || !env_energy(energy))
        return false;
    crossbar_v1_RampResponse *out = &fw_resp.body.ramp;
    fw_resp.which_body = crossbar_v1_Response_ramp_tag;
    uint64_t applied = 0;
    for (uint32_t n = 0; n < steps; n++) {
        if (stopped(applied, pulsing, "ramp pulses"))
            return false;
        double v = ramp_volts(r, n);
        if (v != 0) {
            if (!pulse_device(r->tile, r->row, r->col, v, r->width_seconds))
                return fault("a ramp", applied);
            applied++;
        }
        float g;
        if (!read_one(r->tile, r->row, r->col, volts, &g))
            return false;
        out->points[n] = (crossbar_v1_RampPoint){.volts = v, .siemens = g};
        out->points_count = (pb_size_t)(n + 1);
        if ((r->stop_above_siemens > 0 && g >= r->stop_above_siemens)
            || (r->stop_below_siemens > 0 && g <= r->stop_below_siemens)) {
            out->stop_condition_met = true;
            break;
        }
    }
    out->device_pulses = applied;
    return true;
}
