"""The safety pre-check on its own: limits and geometry as a board would report them."""

import pytest

from crossbarhil.envelope import Envelope
from crossbarhil.errors import EnvelopeError
from crossbarhil.messages import common, control, measure, program


def limits(**changes):
    values = dict(max_volts=2.0, max_read_volts=0.2, max_half_select_volts=0.6, min_pulse_seconds=1e-8,
                  max_pulse_seconds=1e-4, max_pulses_per_command=1000, max_device_amperes=1e-3, max_line_amperes=0.05)
    values.update(changes)
    return common.Limits(**values)


@pytest.fixture
def env():
    return Envelope(common.Geometry(tiles=2, rows=8, cols=8), limits(), limits(max_volts=3.0, max_half_select_volts=1.5),
                    common.ReadConfig(read_volts=0.2), common.Converters(max_reads_averaged=16))


def pulse(volts=1.0, width=1e-7, count=1, row=0, col=0):
    return program.PulseRequest(tile=0, pulses=[program.DevicePulse(row=row, col=col, volts=volts, width_seconds=width,
                                                                    count=count)])


def test_a_pulse_within_the_limits_passes(env):
    env.check("pulse", pulse(volts=1.2))
    env.check("pulse", pulse(volts=-1.2))


@pytest.mark.parametrize("request_, words", [
    (pulse(volts=2.5), "|volts| 2.5 V exceeds the working max_volts 2 V"),
    (pulse(volts=1.3), "half-select |volts|/2 0.65 V exceeds the working max_half_select_volts 0.6 V"),
    (pulse(width=1e-9), "width 1e-09 s outside the working pulse widths"),
    (pulse(count=1001), "1001 device pulses (worst case) exceed the working max_pulses_per_command 1000"),
])
def test_pulse_refusals_name_value_and_limit(env, request_, words):
    with pytest.raises(EnvelopeError) as e:
        env.check("pulse", request_)
    assert words in str(e.value) and "(nothing sent)" in str(e.value)
    assert e.value.status == "OUT_OF_ENVELOPE"


def test_geometry_mistakes_are_caller_bugs(env):
    with pytest.raises(ValueError, match=r"at \(8, 0\) outside the tile's 8 x 8 devices"):
        env.check("pulse", pulse(row=8))
    with pytest.raises(ValueError, match="tile 2 outside"):
        env.check("read", measure.ReadRequest(tile=2, scope=measure.READ_SCOPE_DEVICE))


def test_outer_product_counts_the_worst_case(env):
    body = program.OuterProductUpdateRequest(tile=0, row_values=[0.5] * 8, col_values=[0.5] * 4 + [0] * 4,
                                             set_volts=1.2, reset_volts=-1.1, width_seconds=1e-7)
    env.check("outer_product_update", body)   # 31 x 8 x 4 = 992
    body.col_values[4] = 0.1                   # 31 x 8 x 5 = 1240
    with pytest.raises(EnvelopeError, match="1240 device pulses"):
        env.check("outer_product_update", body)


def test_forming_ramps_reach_the_hard_limits_never_beyond(env):
    ramp = program.RampRequest(tile=0, start_volts=1.0, stop_volts=2.8, step_volts=0.2, width_seconds=1e-7)
    with pytest.raises(EnvelopeError, match="step 2: half-select .* the working max_half_select_volts"):
        env.check("ramp", ramp)
    ramp.forming = True
    env.check("ramp", ramp)
    ramp.stop_volts = 3.2
    with pytest.raises(EnvelopeError, match="hard max_volts 3 V"):
        env.check("ramp", ramp)


def test_vmm_inputs_equal_to_the_limit_as_floats_pass(env):
    body = measure.VmmRequest(tile=0, direction=measure.VMM_DIRECTION_FORWARD, vector_count=1, input_count=2,
                              volts=[0.2, -0.2])
    env.check("vmm", body)
    body.volts[1] = 0.21
    with pytest.raises(EnvelopeError, match="input 1 of vector 0"):
        env.check("vmm", body)


def test_a_read_at_zero_volts_checks_the_configured_voltage(env):
    env.read_config = common.ReadConfig(read_volts=0.3)
    with pytest.raises(EnvelopeError, match="configured read_volts"):
        env.check("read", measure.ReadRequest(tile=0, scope=measure.READ_SCOPE_DEVICE))


def test_working_limits_stay_within_the_hard_ones(env):
    with pytest.raises(EnvelopeError, match="working max_volts 3.5 exceeds the hard max_volts 3"):
        env.check("set_limits", control.SetLimitsRequest(working_limits=limits(max_volts=3.5)))
    with pytest.raises(ValueError, match="max_line_amperes 0"):
        env.check("set_limits", control.SetLimitsRequest(working_limits=limits(max_line_amperes=0)))
    env.check("set_limits", control.SetLimitsRequest(working_limits=limits(max_volts=3.0, max_half_select_volts=1.5)))
