"""Board: the crossbar bench vocabulary over the protocol (docs/python.md).

    with crossbarhil.open_board("tcp://127.0.0.1:7700?timeout=2") as board:
        g = board.read_tile(0)                       # siemens, rows x cols
        board.pulse_device(0, 3, 4, volts=1.2, width_seconds=100e-9)
        y = board.vmm(0, [[0.1] * 64])               # amperes, vectors x outputs

Every request is checked against the working limits and the geometry before it is sent
(envelope.py); write-class requests whose answer is lost are retransmitted byte for byte, never
as new requests, and otherwise end as OutcomeUnknownError (session.py).
"""

import collections
import os

from . import arrays, uri as uris
from .envelope import Envelope
from .errors import BoardLinkError
from .messages import common, control, measure, program, session as session_pb
from .session import Options, Session
from .transport import connector

Pulse = collections.namedtuple("Pulse", "row col volts width_seconds count", defaults=(1,))
VmmResult = collections.namedtuple("VmmResult", "amperes clipped adc_full_scale_amperes")
PulseReadResult = collections.namedtuple("PulseReadResult", "siemens device_pulses")
OuterProductResult = collections.namedtuple("OuterProductResult", "device_pulses half_select_pulses slots")
WriteVerifyResult = collections.namedtuple("WriteVerifyResult", "row col final_siemens pulses converged")
RampResult = collections.namedtuple("RampResult", "volts siemens stop_condition_met device_pulses")

DIRECTIONS = {"forward": measure.VMM_DIRECTION_FORWARD, "transposed": measure.VMM_DIRECTION_TRANSPOSED}
LEASE_ACTIONS = {"acquire": session_pb.LEASE_ACTION_ACQUIRE, "renew": session_pb.LEASE_ACTION_RENEW,
                 "release": session_pb.LEASE_ACTION_RELEASE, "query": session_pb.LEASE_ACTION_QUERY}
# room for the envelope fields, the header and the CRC around a response's packed floats
FRAME_MARGIN_BYTES = 256


def open_board(board_uri, **options):
    """Opens the board a URI names (tcp://HOST:PORT, tls://HOST:PORT, serial:PORT; docs/board-uris.md)
    and completes the handshake. Options: see Options (timeout, heartbeat_interval, ...); URI
    parameters (timeout=, client=, token-file=) apply on top of them."""
    parsed = uris.parse(board_uri)
    if "timeout" in parsed.params:
        options["timeout"] = parsed.number("timeout", None, 1e-9, 86400)
        if options["timeout"] <= 0:
            raise parsed.fail("timeout=%s (expected: > 0 and <= 86400)" % parsed.params["timeout"])
    if "client" in parsed.params:
        options["client_name"] = parsed.params["client"]
    if parsed.scheme in ("tcp", "tls"):
        options.setdefault("auth_token", _token(parsed))
    opts = Options(**options)
    return Board(connector(parsed, opts.connect_timeout), str(parsed), opts)


def _token(parsed):
    path = parsed.params.get("token-file")
    if path is None:
        return os.environ.get("CROSSBAR_TOKEN")
    try:
        with open(path, encoding="utf-8") as f:
            token = f.read().strip()
    except OSError as e:
        raise parsed.fail("token-file '%s' cannot be read: %s" % (path, e.strerror)) from None
    if not token:
        raise parsed.fail("token-file '%s' is empty" % path)
    return token


class Board:
    """One opened board; thread-safe. Close it (or use `with`) to put it in safe idle."""

    def __init__(self, connect, where, options):
        self.where = where
        self.envelope = None
        self._session = Session(connect, where, options, self._learn_hello)

    # ---- what the board said ----

    def _learn_hello(self, h, first):
        d = h.description
        self.envelope = Envelope(d.geometry, h.working_limits, d.hard_limits, h.read_config, d.converters)

    @property
    def hello(self):
        """The HelloResponse of the last handshake (description, limits, sizes, memory)."""
        return self._session.hello

    @property
    def geometry(self):
        return self.hello.description.geometry

    @property
    def working_limits(self):
        return self.envelope.working

    @property
    def session_id(self):
        return self._session.session_id

    @property
    def stats(self):
        return self._session.stats

    def _call(self, op, body, write=None):
        self.envelope.check(op, body)
        return self._session.call(op, body, write)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        g = self.geometry
        return "Board(%s: %d tiles of %d x %d)" % (self.where, g.tiles, g.rows, g.cols)

    # ---- session ----

    def refresh_info(self):
        info = self._call("info", session_pb.InfoRequest())
        self.envelope.working, self.envelope.read_config = info.working_limits, info.read_config
        return info

    def heartbeat(self):
        return self._call("heartbeat", session_pb.HeartbeatRequest())

    def lease(self, action="query", duration_seconds=0.0):
        if action not in LEASE_ACTIONS:
            raise ValueError("lease action %r (expected: one of %s)" % (action, ", ".join(LEASE_ACTIONS)))
        return self._call("lease", session_pb.LeaseRequest(action=LEASE_ACTIONS[action],
                                                           duration_seconds=duration_seconds)).lease

    def subscribe(self, listener, telemetry_interval_seconds=0.0):
        """listener(event) gets every Event (protobuf) on one thread, in order."""
        self._session.subscribe(listener)
        self._call("subscribe", session_pb.SubscribeRequest(events=True, telemetry_interval_seconds=telemetry_interval_seconds))

    # ---- measurement ----

    def configure(self, read_volts=0.0, integration_seconds=0.0, adc_full_scale_amperes=0.0, reads_averaged=0):
        """Read-path defaults; a value left 0 keeps the current one. Returns the ReadConfig in force."""
        config = self._call("configure", measure.ConfigureRequest(
            read_volts=read_volts, integration_seconds=integration_seconds,
            adc_full_scale_amperes=adc_full_scale_amperes, reads_averaged=reads_averaged)).read_config
        self.envelope.read_config = config
        return config

    def read_device(self, tile, row, col, read_volts=0.0):
        r = self._call("read", measure.ReadRequest(tile=tile, scope=measure.READ_SCOPE_DEVICE, row=row, col=col,
                                                   read_volts=read_volts))
        return float(r.siemens[0])

    def read_row(self, tile, row, read_volts=0.0):
        r = self._call("read", measure.ReadRequest(tile=tile, scope=measure.READ_SCOPE_ROW, row=row, read_volts=read_volts))
        return arrays.vector(r.siemens)

    def read_tile(self, tile, first_row=0, rows=None, read_volts=0.0):
        """Conductances of rows [first_row, first_row + rows) of a tile, siemens, rows x cols; read in
        row ranges that fit the smaller of the two frame limits."""
        g = self.geometry
        rows = g.rows - first_row if rows is None else rows
        per_request = max(1, (self._frame_budget() - FRAME_MARGIN_BYTES) // (4 * g.cols))
        blocks = []
        row = first_row
        while row < first_row + rows or not blocks:
            count = min(per_request, first_row + rows - row)
            r = self._call("read", measure.ReadRequest(tile=tile, scope=measure.READ_SCOPE_TILE, row=row,
                                                       row_count=count, read_volts=read_volts))
            blocks.append(arrays.matrix(r.siemens, r.rows, r.cols))
            row += count
            if count <= 0:
                break
        return arrays.join_rows(blocks, g.cols)

    def _frame_budget(self):
        return min(self._session.peer_max_frame(), self._session.options.max_frame_bytes)

    def vmm(self, tile, volts, direction="forward", input_offset=0, output_offset=0, output_count=0,
            adc_full_scale_amperes=0.0, reads_averaged=0):
        """Batched VMM. volts: vectors x inputs (a 1-D input is one vector), volts on the driven
        lines from input_offset. Returns VmmResult(amperes vectors x outputs, clipped, range);
        a batch too large for one frame is sent as several of whole vectors."""
        if direction not in DIRECTIONS:
            raise ValueError("vmm direction %r (expected: forward or transposed)" % (direction,))
        vectors = arrays.rows_of(volts, "vmm volts")
        if not vectors or not vectors[0]:
            raise ValueError("vmm: no input vectors")
        g = self.geometry
        sensed = g.cols if direction == "forward" else g.rows
        outputs = output_count or sensed - output_offset
        per_vector = 4 * max(len(vectors[0]), outputs)
        per_request = max(1, (self._frame_budget() - FRAME_MARGIN_BYTES) // per_vector)
        blocks, clipped, used = [], 0, adc_full_scale_amperes
        for start in range(0, len(vectors), per_request):
            batch = vectors[start:start + per_request]
            r = self._call("vmm", measure.VmmRequest(
                tile=tile, direction=DIRECTIONS[direction], vector_count=len(batch), input_offset=input_offset,
                input_count=len(batch[0]), output_offset=output_offset, output_count=output_count,
                volts=[v for vec in batch for v in vec], adc_full_scale_amperes=adc_full_scale_amperes,
                reads_averaged=reads_averaged))
            blocks.append(arrays.matrix(r.amperes, r.vector_count, r.output_count))
            clipped += r.clipped
            used = r.adc_full_scale_amperes
        return VmmResult(arrays.join_rows(blocks, outputs), clipped, used)

    def ledger(self, reset=False):
        return self._call("ledger", measure.LedgerRequest(reset=reset), write=reset).ledger

    def reset_ledger(self):
        return self.ledger(reset=True)

    # ---- programming ----

    @staticmethod
    def _pulses(pulses):
        out = []
        for p in pulses:
            p = p if isinstance(p, Pulse) else Pulse(*p)
            out.append(program.DevicePulse(row=p.row, col=p.col, volts=p.volts, width_seconds=p.width_seconds,
                                           count=p.count))
        return out

    def pulse(self, tile, pulses):
        """Pulse trains (Pulse or (row, col, volts, width_seconds[, count]) tuples), applied in
        order; returns the full-amplitude pulses applied."""
        return self._call("pulse", program.PulseRequest(tile=tile, pulses=self._pulses(pulses))).device_pulses

    def pulse_device(self, tile, row, col, volts, width_seconds, count=1):
        return self.pulse(tile, [Pulse(row, col, volts, width_seconds, count)])

    def pulse_and_read(self, tile, pulses, read_volts=0.0, read_after_each_pulse=False):
        r = self._call("pulse_read", program.PulseReadRequest(tile=tile, pulses=self._pulses(pulses), read_volts=read_volts,
                                                              read_after_each_pulse=read_after_each_pulse))
        return PulseReadResult(arrays.vector(r.siemens), r.device_pulses)

    def outer_product_update(self, tile, row_values, col_values, set_volts, reset_volts, width_seconds,
                             row_offset=0, col_offset=0, pulse_train_length=0):
        r = self._call("outer_product_update", program.OuterProductUpdateRequest(
            tile=tile, row_offset=row_offset, col_offset=col_offset, row_values=arrays.flat(row_values, "row_values"),
            col_values=arrays.flat(col_values, "col_values"), pulse_train_length=pulse_train_length,
            set_volts=set_volts, reset_volts=reset_volts, width_seconds=width_seconds))
        return OuterProductResult(r.device_pulses, r.half_select_pulses, r.slots)

    def write_verify(self, tile, targets, tolerance_siemens, max_pulses, set_volts, reset_volts, width_seconds,
                     read_volts=0.0):
        """targets: (row, col, target_siemens) triples. Returns one WriteVerifyResult per target."""
        r = self._call("write_verify", program.WriteVerifyRequest(
            tile=tile, targets=[program.DeviceTarget(row=t[0], col=t[1], target_siemens=t[2]) for t in targets],
            tolerance_siemens=tolerance_siemens, max_pulses=max_pulses, set_volts=set_volts, reset_volts=reset_volts,
            width_seconds=width_seconds, read_volts=read_volts))
        return [WriteVerifyResult(x.row, x.col, x.final_siemens, x.pulses, x.converged) for x in r.results]

    def ramp(self, tile, row, col, start_volts, stop_volts, step_volts, width_seconds, read_volts=0.0,
             stop_above_siemens=0.0, stop_below_siemens=0.0, forming=False):
        r = self._call("ramp", program.RampRequest(
            tile=tile, row=row, col=col, start_volts=start_volts, stop_volts=stop_volts, step_volts=step_volts,
            width_seconds=width_seconds, read_volts=read_volts, stop_above_siemens=stop_above_siemens,
            stop_below_siemens=stop_below_siemens, forming=forming))
        return RampResult(arrays.vector([p.volts for p in r.points], double=True), arrays.vector([p.siemens for p in r.points]),
                          r.stop_condition_met, r.device_pulses)

    def set_update_mask(self, tile, mask):
        """mask: rows x cols booleans (True = left out of outer-product updates), or None to clear."""
        g = self.geometry
        data = b"" if mask is None else arrays.mask_bytes(mask, g.rows, g.cols)
        return self._call("set_update_mask", program.SetUpdateMaskRequest(tile=tile, mask=data)).masked_devices

    # ---- control ----

    def limits(self):
        r = self._call("get_limits", control.GetLimitsRequest())
        self.envelope.working, self.envelope.hard = r.working_limits, r.hard_limits
        return r

    def set_working_limits(self, limits=None, **changes):
        """Replaces the working limits: a Limits message, or the current ones with these fields
        changed (set_working_limits(max_volts=1.5))."""
        new = common.Limits()
        new.CopyFrom(limits if limits is not None else self.envelope.working)
        for name, value in changes.items():
            if name not in common.Limits.DESCRIPTOR.fields_by_name:
                raise ValueError("unknown limit '%s' (known: %s)" % (name, ", ".join(common.Limits.DESCRIPTOR.fields_by_name)))
            setattr(new, name, value)
        r = self._call("set_limits", control.SetLimitsRequest(working_limits=new))
        self.envelope.working = r.working_limits
        return r

    def abort(self, reason=""):
        """Stops what runs and puts the board in safe idle; True when an operation was interrupted."""
        return self._call("abort", control.AbortRequest(reason=reason)).operation_interrupted

    def safe_idle(self, floating=False):
        mode = control.IDLE_MODE_FLOATING if floating else control.IDLE_MODE_GROUNDED
        self._call("safe_idle", control.SafeIdleRequest(mode=mode))

    def resolve_outcome(self, seq):
        """Sends an outcome-unknown write again, same seq and bytes: the board's memory answers if it
        ran (nothing runs twice), otherwise it runs now, once. Returns the response body."""
        op, body = self._session.resolve_outcome(seq)
        return body

    def close(self):
        """Safe idle (best effort), then the link closes."""
        s = self._session
        if s._closed:
            return
        try:
            if s._link is not None:
                s.call("safe_idle", control.SafeIdleRequest(mode=control.IDLE_MODE_GROUNDED))
        except (BoardLinkError, Exception):
            pass
        s.close()
