/* The safety envelope (docs/protocol.md section 7): every check runs before anything of a
 * request is applied, and a value beyond a limit is refused, never clamped. */
#include <math.h>

#include "fw_internal.h"

bool env_program_volts(double volts, bool forming, const char *item)
{
    /* forming checks the amplitude against the hard ceilings (rule 8) */
    const crossbar_v1_Limits *l = forming ? &fw.hard : &fw.working;
    const char *which = forming ? "hard " : "";
    double a = fabs(volts);
    if (a > l->max_volts)
        return fw_fail(crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE,
                       "%s: |volts| %g exceeds %smax_volts %g; nothing applied", item, a, which, l->max_volts);
    if (a / 2 > l->max_half_select_volts)
        return fw_fail(crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE,
                       "%s: half-select |volts|/2 %g exceeds %smax_half_select_volts %g; nothing applied", item,
                       a / 2, which, l->max_half_select_volts);
    return true;
}

bool env_width(double seconds, const char *item)
{
    const crossbar_v1_Limits *l = &fw.working;
    if (seconds < l->min_pulse_seconds || seconds > l->max_pulse_seconds)
        return fw_fail(crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE,
                       "%s: width_seconds %g is outside [min_pulse_seconds %g, max_pulse_seconds %g]; nothing applied",
                       item, seconds, l->min_pulse_seconds, l->max_pulse_seconds);
    return true;
}

bool env_read_volts(double volts, const char *item)
{
    if (fabs(volts) > fw.working.max_read_volts)
        return fw_fail(crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE,
                       "%s: |read volts| %g exceeds max_read_volts %g; nothing applied", item, fabs(volts),
                       fw.working.max_read_volts);
    return true;
}

bool env_pulse_count(uint64_t pulses)
{
    if (pulses > fw.working.max_pulses_per_command)
        return fw_fail(crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE,
                       "%llu device pulses (worst case) exceed max_pulses_per_command %lu; nothing applied",
                       (unsigned long long)pulses, (unsigned long)fw.working.max_pulses_per_command);
    return true;
}

double env_pulse_energy(double volts, double width_seconds)
{
    /* worst case: the selected device and every half-selected one at the largest conductance */
    const hal_board_info *b = hal_board();
    double g = b->max_device_siemens;
    double half = (volts / 2) * (volts / 2) * g * width_seconds * (double)(b->rows + b->cols - 2);
    return volts * volts * g * width_seconds + half;
}

bool env_energy(double worst_case_joules)
{
    double budget = fw.working.energy_budget_joules;
    if (budget > 0 && fw.budget_joules_used + worst_case_joules > budget)
        return fw_fail(crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE,
                       "programming energy %g J used plus %g J worst case exceeds energy_budget_joules %g; nothing applied",
                       fw.budget_joules_used, worst_case_joules, budget);
    return true;
}

static bool positive(double v, const char *name)
{
    if (!isfinite(v) || v <= 0)
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT,
                       "working limit %s %g must be positive and finite; nothing changed", name, v);
    return true;
}

static bool within(double v, double hard, const char *name)
{
    if (v > hard)
        return fw_fail(crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE,
                       "working limit %s %g exceeds the hard limit %g; nothing changed", name, v, hard);
    return true;
}

bool env_set_limits(const crossbar_v1_Limits *l)
{
    const crossbar_v1_Limits *h = &fw.hard;
    if (!positive(l->max_volts, "max_volts") || !positive(l->max_read_volts, "max_read_volts")
        || !positive(l->max_half_select_volts, "max_half_select_volts")
        || !positive(l->min_pulse_seconds, "min_pulse_seconds") || !positive(l->max_pulse_seconds, "max_pulse_seconds")
        || !positive((double)l->max_pulses_per_command, "max_pulses_per_command")
        || !positive(l->max_device_amperes, "max_device_amperes") || !positive(l->max_line_amperes, "max_line_amperes"))
        return false;
    if (!isfinite(l->energy_budget_joules) || l->energy_budget_joules < 0)
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT,
                       "working limit energy_budget_joules %g must be >= 0 and finite; nothing changed",
                       l->energy_budget_joules);
    if (l->min_pulse_seconds > l->max_pulse_seconds)
        return fw_fail(crossbar_v1_Status_STATUS_INVALID_ARGUMENT,
                       "min_pulse_seconds %g exceeds max_pulse_seconds %g; nothing changed", l->min_pulse_seconds,
                       l->max_pulse_seconds);
    if (!within(l->max_volts, h->max_volts, "max_volts") || !within(l->max_read_volts, h->max_read_volts, "max_read_volts")
        || !within(l->max_half_select_volts, h->max_half_select_volts, "max_half_select_volts")
        || !within(l->max_pulse_seconds, h->max_pulse_seconds, "max_pulse_seconds")
        || !within((double)l->max_pulses_per_command, (double)h->max_pulses_per_command, "max_pulses_per_command")
        || !within(l->max_device_amperes, h->max_device_amperes, "max_device_amperes")
        || !within(l->max_line_amperes, h->max_line_amperes, "max_line_amperes"))
        return false;
    if (l->min_pulse_seconds < h->min_pulse_seconds)
        return fw_fail(crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE,
                       "working limit min_pulse_seconds %g is below the hard limit %g; nothing changed",
                       l->min_pulse_seconds, h->min_pulse_seconds);
    if (h->energy_budget_joules > 0 && (l->energy_budget_joules == 0 || l->energy_budget_joules > h->energy_budget_joules))
        return fw_fail(crossbar_v1_Status_STATUS_OUT_OF_ENVELOPE,
                       "working energy_budget_joules %g is beyond the hard budget %g (0 = no budget); nothing changed",
                       l->energy_budget_joules, h->energy_budget_joules);
    return true;
}
