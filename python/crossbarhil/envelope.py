"""The safety pre-check (docs/driver.md, "The safety envelope, checked before sending"; rules 1-5
of docs/protocol.md section 7): every request is checked against the working limits and the
geometry the board reported, and refused before anything is sent. Values are never clamped. The
board checks again, and its check is the one that counts.

Envelope violations are EnvelopeError; geometry and argument mistakes are ValueError.
"""

import math
import struct

from .errors import EnvelopeError

# a value equal to a limit after a round trip through text or a double passes
RELATIVE_SLACK = 1e-9
MAX_RAMP_STEPS = 100000
DEFAULT_PULSE_TRAIN_LENGTH = 31


def _within(value, limit):
    return value <= limit * (1 + RELATIVE_SLACK) + 1e-300


def _as_float32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


class Envelope:
    """The limits and geometry requests are checked against; refreshed by the client whenever the
    board reports new working limits."""

    def __init__(self, geometry, working, hard, read_config, converters):
        self.geometry = geometry
        self.working = working
        self.hard = hard
        self.read_config = read_config
        self.converters = converters

    # ---- the rules ----

    def _refuse(self, op, what):
        raise EnvelopeError("%s refused by the client: OUT_OF_ENVELOPE: %s (nothing sent)" % (op, what))

    def _finite(self, op, name, value):
        if not math.isfinite(value):
            raise ValueError("%s: %s is %r (expected: a finite number)" % (op, name, value))

    def amplitude(self, op, item, volts, limits=None, kind="working"):
        limits = limits or self.working
        self._finite(op, item + " volts", volts)
        if not _within(abs(volts), limits.max_volts):
            self._refuse(op, "%s: |volts| %g V exceeds the %s max_volts %g V" % (item, abs(volts), kind, limits.max_volts))
        if not _within(abs(volts) / 2, limits.max_half_select_volts):
            self._refuse(op, "%s: half-select |volts|/2 %g V exceeds the %s max_half_select_volts %g V"
                         % (item, abs(volts) / 2, kind, limits.max_half_select_volts))

    def width(self, op, item, seconds):
        w = self.working
        self._finite(op, item + " width_seconds", seconds)
        if seconds < w.min_pulse_seconds * (1 - RELATIVE_SLACK) or not _within(seconds, w.max_pulse_seconds):
            self._refuse(op, "%s: width %g s outside the working pulse widths [%g, %g] s"
                         % (item, seconds, w.min_pulse_seconds, w.max_pulse_seconds))

    def read_volts(self, op, volts, item="read_volts"):
        self._finite(op, item, volts)
        if volts == 0:
            volts, item = self.read_config.read_volts, "configured read_volts"
        limit = self.working.max_read_volts
        if not _within(abs(volts), limit) and abs(_as_float32(volts)) > _as_float32(limit):
            self._refuse(op, "%s: |V| %g V exceeds the working max_read_volts %g V" % (item, abs(volts), limit))

    def pulse_count(self, op, count):
        limit = self.working.max_pulses_per_command
        if count > limit:
            self._refuse(op, "%d device pulses (worst case) exceed the working max_pulses_per_command %d" % (count, limit))

    def tile(self, op, tile):
        if not 0 <= tile < self.geometry.tiles:
            raise ValueError("%s: tile %d outside the board's tiles 0..%d" % (op, tile, self.geometry.tiles - 1))

    def device(self, op, item, row, col):
        g = self.geometry
        if not (0 <= row < g.rows and 0 <= col < g.cols):
            raise ValueError("%s: %s at (%d, %d) outside the tile's %d x %d devices" % (op, item, row, col, g.rows, g.cols))

    # ---- per operation (the request bodies of messages.Request) ----

    def check(self, op, body):
        getattr(self, "_" + op, lambda b: None)(body)

    def _pulses(self, op, tile, pulses):
        self.tile(op, tile)
        if not pulses:
            raise ValueError("%s: empty pulse list (expected: at least one pulse)" % op)
        total = 0
        for i, p in enumerate(pulses):
            item = "pulse %d at (%d, %d)" % (i, p.row, p.col)
            self.device(op, item, p.row, p.col)
            if p.volts == 0:
                raise ValueError("%s: %s: volts 0 (expected: > 0 SET or < 0 RESET)" % (op, item))
            self.amplitude(op, item, p.volts)
            self.width(op, item, p.width_seconds)
            total += max(p.count, 1)
        self.pulse_count(op, total)

    def _pulse(self, b):
        self._pulses("pulse", b.tile, b.pulses)

    def _pulse_read(self, b):
        self._pulses("pulse_read", b.tile, b.pulses)
        self.read_volts("pulse_read", b.read_volts)

    def _outer_product_update(self, b):
        op = "outer_product_update"
        self.tile(op, b.tile)
        rows, cols = len(b.row_values), len(b.col_values)
        if rows == 0 or cols == 0:
            raise ValueError("%s: empty row_values or col_values" % op)
        g = self.geometry
        if b.row_offset + rows > g.rows or b.col_offset + cols > g.cols:
            raise ValueError("%s: block [%d, +%d) x [%d, +%d) outside the tile's %d x %d devices"
                             % (op, b.row_offset, rows, b.col_offset, cols, g.rows, g.cols))
        for name, values in (("row_values", b.row_values), ("col_values", b.col_values)):
            for i, v in enumerate(values):
                if not (math.isfinite(v) and -1 <= v <= 1):
                    raise ValueError("%s: %s[%d] = %r (expected: in [-1, 1])" % (op, name, i, v))
        if b.set_volts <= 0 or b.reset_volts >= 0:
            raise ValueError("%s: set_volts %g must be > 0 and reset_volts %g < 0" % (op, b.set_volts, b.reset_volts))
        self.amplitude(op, "set_volts", b.set_volts)
        self.amplitude(op, "reset_volts", b.reset_volts)
        self.width(op, "width", b.width_seconds)
        bl = b.pulse_train_length or DEFAULT_PULSE_TRAIN_LENGTH
        nz_rows = sum(1 for v in b.row_values if v != 0)
        nz_cols = sum(1 for v in b.col_values if v != 0)
        self.pulse_count(op, bl * nz_rows * nz_cols)

    def _write_verify(self, b):
        op = "write_verify"
        self.tile(op, b.tile)
        if not b.targets:
            raise ValueError("%s: empty target list" % op)
        for i, t in enumerate(b.targets):
            self.device(op, "target %d" % i, t.row, t.col)
            self._finite(op, "target %d target_siemens" % i, t.target_siemens)
        if b.max_pulses < 1 or not b.tolerance_siemens > 0:
            raise ValueError("%s: max_pulses %d (expected: >= 1) and tolerance_siemens %g (expected: > 0)"
                             % (op, b.max_pulses, b.tolerance_siemens))
        if b.set_volts <= 0 or b.reset_volts >= 0:
            raise ValueError("%s: set_volts %g must be > 0 and reset_volts %g < 0" % (op, b.set_volts, b.reset_volts))
        self.amplitude(op, "set_volts", b.set_volts)
        self.amplitude(op, "reset_volts", b.reset_volts)
        self.width(op, "width", b.width_seconds)
        self.read_volts(op, b.read_volts)
        self.pulse_count(op, len(b.targets) * b.max_pulses)

    def _ramp(self, b):
        op = "ramp"
        self.tile(op, b.tile)
        self.device(op, "device", b.row, b.col)
        for name in ("start_volts", "stop_volts", "step_volts"):
            self._finite(op, name, getattr(b, name))
        if b.step_volts == 0 or (b.stop_volts - b.start_volts) * b.step_volts < 0:
            raise ValueError("%s: step_volts %g must be non-zero with the sign of stop - start (%g)"
                             % (op, b.step_volts, b.stop_volts - b.start_volts))
        steps = math.floor((b.stop_volts - b.start_volts) / b.step_volts + 1e-9) + 1
        if steps > MAX_RAMP_STEPS:
            raise ValueError("%s: %d steps (expected: at most %d; the answer carries one point per step)"
                             % (op, steps, MAX_RAMP_STEPS))
        limits, kind = (self.hard, "hard") if b.forming else (self.working, "working")
        pulsing = 0
        for k in range(steps):
            v = round(b.start_volts + k * b.step_volts, 9)
            if v == 0:
                continue   # a 0 V step applies no pulse
            self.amplitude(op, "step %d" % k, v, limits, kind)
            pulsing += 1
        self.width(op, "width", b.width_seconds)
        self.read_volts(op, b.read_volts)
        self.pulse_count(op, pulsing)

    def _read(self, b):
        op = "read"
        self.tile(op, b.tile)
        g = self.geometry
        if not 0 <= b.row < g.rows:
            raise ValueError("%s: row %d outside the tile's rows 0..%d" % (op, b.row, g.rows - 1))
        if b.scope == 1 and not 0 <= b.col < g.cols:
            raise ValueError("%s: col %d outside the tile's columns 0..%d" % (op, b.col, g.cols - 1))
        if b.scope == 3 and b.row + b.row_count > g.rows:
            raise ValueError("%s: rows [%d, +%d) outside the tile's %d rows" % (op, b.row, b.row_count, g.rows))
        self.read_volts(op, b.read_volts)

    def _vmm(self, b):
        op = "vmm"
        self.tile(op, b.tile)
        g = self.geometry
        driven, sensed = (g.rows, g.cols) if b.direction != 2 else (g.cols, g.rows)
        if b.input_count < 1 or b.input_offset + b.input_count > driven:
            raise ValueError("%s: driven lines [%d, +%d) outside the %d lines of the driven side"
                             % (op, b.input_offset, b.input_count, driven))
        if b.output_offset >= sensed or b.output_offset + b.output_count > sensed:
            raise ValueError("%s: sensed lines [%d, +%d) outside the %d lines of the sensed side"
                             % (op, b.output_offset, b.output_count, sensed))
        if b.vector_count < 1 or len(b.volts) != b.vector_count * b.input_count:
            raise ValueError("%s: %d voltages for %d vectors of %d inputs" % (op, len(b.volts), b.vector_count, b.input_count))
        self._reads_averaged(op, b.reads_averaged)
        limit = _as_float32(self.working.max_read_volts)
        for i, v in enumerate(b.volts):
            if not math.isfinite(v):
                raise ValueError("%s: input %d of vector %d is %r" % (op, i % b.input_count, i // b.input_count, v))
            if abs(v) > limit:
                self._refuse(op, "input %d of vector %d: |V| %g V exceeds the working max_read_volts %g V"
                             % (i % b.input_count, i // b.input_count, abs(v), self.working.max_read_volts))

    def _reads_averaged(self, op, k):
        most = self.converters.max_reads_averaged
        if most and k > most:
            raise ValueError("%s: reads_averaged %d exceeds the board's max_reads_averaged %d" % (op, k, most))

    def _configure(self, b):
        op = "configure"
        if b.read_volts != 0:
            self.read_volts(op, b.read_volts)
        for name in ("integration_seconds", "adc_full_scale_amperes"):
            v = getattr(b, name)
            if not (math.isfinite(v) and v >= 0):
                raise ValueError("%s: %s %r (expected: >= 0, 0 = unchanged)" % (op, name, v))
        self._reads_averaged(op, b.reads_averaged)

    def _set_limits(self, b):
        op = "set_limits"
        w, h = b.working_limits, self.hard
        for name in ("max_volts", "max_read_volts", "max_half_select_volts", "min_pulse_seconds", "max_pulse_seconds",
                     "max_device_amperes", "max_line_amperes"):
            v = getattr(w, name)
            if not (math.isfinite(v) and v > 0):
                raise ValueError("%s: %s %r (expected: > 0; an absent field reads as 0)" % (op, name, v))
        if w.max_pulses_per_command == 0:
            raise ValueError("%s: max_pulses_per_command 0 (expected: > 0)" % op)
        if w.min_pulse_seconds > w.max_pulse_seconds:
            raise ValueError("%s: min_pulse_seconds %g > max_pulse_seconds %g" % (op, w.min_pulse_seconds, w.max_pulse_seconds))
        for name in ("max_volts", "max_read_volts", "max_half_select_volts", "max_pulse_seconds",
                     "max_pulses_per_command", "max_device_amperes", "max_line_amperes"):
            if not _within(getattr(w, name), getattr(h, name)):
                self._refuse(op, "working %s %g exceeds the hard %s %g" % (name, getattr(w, name), name, getattr(h, name)))
        if w.min_pulse_seconds < h.min_pulse_seconds * (1 - RELATIVE_SLACK):
            self._refuse(op, "working min_pulse_seconds %g is below the hard min_pulse_seconds %g"
                         % (w.min_pulse_seconds, h.min_pulse_seconds))
        if h.energy_budget_joules > 0 and not (0 < w.energy_budget_joules <= h.energy_budget_joules * (1 + RELATIVE_SLACK)):
            self._refuse(op, "working energy_budget_joules %g outside the hard budget %g (0 would lift it)"
                         % (w.energy_budget_joules, h.energy_budget_joules))

    def _set_update_mask(self, b):
        op = "set_update_mask"
        self.tile(op, b.tile)
        n = self.geometry.rows * self.geometry.cols
        if b.mask and len(b.mask) != (n + 7) // 8:
            raise ValueError("%s: mask of %d bytes (expected: %d for %d devices, or empty to clear)"
                             % (op, len(b.mask), (n + 7) // 8, n))
        if b.mask and n % 8:
            if b.mask[-1] >> (n % 8):
                raise ValueError("%s: mask bits beyond the %d devices are set" % (op, n))
