"""The protocol client underneath Board: one link at a time, the handshake, seqs, the in-flight
window, attempt windows with same-bytes retransmission, outcome-unknown bookkeeping, heartbeats,
reconnects with the same session id (docs/protocol.md sections 5, 6 and 8; docs/driver.md).

Threads: the caller's thread sends and waits; one reader thread per link decodes frames and wakes
the caller whose seq was answered; one heartbeat thread; one event thread runs listeners in order.
"""

import collections
import logging
import os
import queue
import secrets
import threading
import time

from . import framing
from .errors import BoardLinkError, BoardStatusError, OutcomeUnknownError
from .messages import Event, Request, Response, Status, session

PROTOCOL_MAJOR = framing.PROTOCOL_MAJOR
PROTOCOL_MINOR = 0
# how much of the board's idempotency ttl may pass before a write is no longer retransmitted:
# a margin for clocks that differ, since re-running a forgotten key could pulse twice
TTL_MARGIN = 0.9
KEEP_UNRESOLVED = 4096

# docs/protocol.md 3.4: the class of each request body; ledger is write-class only with reset.
WRITE_CLASS = frozenset(("configure", "pulse", "outer_product_update", "pulse_read", "write_verify", "ramp",
                         "set_limits", "safe_idle", "set_update_mask"))
CONTROL = frozenset(("hello", "abort", "heartbeat", "lease", "subscribe"))
ANSWERED_BY = {"get_limits": "limits", "set_limits": "limits"}
EMPTY_ANSWERS = frozenset(("safe_idle", "subscribe"))


def status_name(code):
    try:
        return Status.Name(code)[len("STATUS_"):]
    except ValueError:
        return str(code)


def version_text(major, minor):
    return "%d.%d" % (major, minor)


class Options:
    """Immutable client options, checked as they are set (docs/driver.md "Options")."""

    FIELDS = {"timeout": 10.0, "connect_timeout": 5.0, "max_retransmissions": 2, "heartbeat_interval": 1.0,
              "reconnect": True, "reconnect_window": 30.0, "client_name": None, "auth_token": None,
              "session_id": 0, "max_in_flight": 64, "max_frame_bytes": framing.DEFAULT_MAX_FRAME_BYTES,
              "protocol_major": PROTOCOL_MAJOR}

    def __init__(self, **values):
        for name in values:
            if name not in self.FIELDS:
                raise ValueError("unknown option '%s' (known: %s)" % (name, ", ".join(sorted(self.FIELDS))))
        merged = dict(self.FIELDS, **values)
        for name in ("timeout", "connect_timeout", "reconnect_window"):
            if not (isinstance(merged[name], (int, float)) and 0 < merged[name] <= 86400):
                raise ValueError("%s: %r (expected: > 0 and <= 86400 seconds)" % (name, merged[name]))
        if not 0 <= merged["heartbeat_interval"] <= 86400:
            raise ValueError("heartbeat_interval: %r (expected: >= 0 seconds, 0 = off)" % merged["heartbeat_interval"])
        if not (isinstance(merged["max_retransmissions"], int) and merged["max_retransmissions"] >= 0):
            raise ValueError("max_retransmissions: %r (expected: >= 0)" % merged["max_retransmissions"])
        if not (isinstance(merged["max_in_flight"], int) and merged["max_in_flight"] >= 1):
            raise ValueError("max_in_flight: %r (expected: >= 1)" % merged["max_in_flight"])
        if merged["max_frame_bytes"] < framing.MIN_MAX_FRAME_BYTES:
            raise ValueError("max_frame_bytes: %r (expected: >= %d)" % (merged["max_frame_bytes"], framing.MIN_MAX_FRAME_BYTES))
        if not 0 <= merged["session_id"] < 2 ** 64:
            raise ValueError("session_id: %r (expected: 0 = random, or 1..2^64-1)" % merged["session_id"])
        if merged["client_name"] is None:
            merged["client_name"] = "%s@%d" % (os.environ.get("USER", "python"), os.getpid())
        self.__dict__.update(merged)

    def __setattr__(self, name, value):
        raise AttributeError("Options are immutable: make new ones with Options(**changes)")


class Call:
    """One request: its frame is built once, so that every retransmission sends the same bytes."""

    def __init__(self, op, body, write):
        self.op = op
        self.body = body
        self.write = write
        self.seq = None
        self.frame = None
        self.epoch = None
        self.first_sent = None
        self.sent = False
        self.answered = threading.Event()
        self.response = None
        self.failure = None


class Stats:
    def __init__(self):
        self.requests = self.retransmissions = self.timeouts = self.reconnects = 0
        self.replayed = self.unmatched = self.dropped_frames = 0

    def __repr__(self):
        return "Stats(%s)" % ", ".join("%s=%d" % kv for kv in sorted(vars(self).items()))


class Session:
    def __init__(self, connect, where, options, on_hello):
        self.options = options
        self.where = where
        self._connect = connect
        self._on_hello = on_hello
        self.session_id = options.session_id or _random_session_id()
        self.stats = Stats()
        self.hello = None
        self._next_seq = 1
        self._pending = {}
        self._unresolved = collections.OrderedDict()
        self._reconnect_lock = threading.Lock()
        self._lock = threading.RLock()          # seqs, pending, link: sends are ordered under it
        self._window = threading.Condition(self._lock)
        self._in_flight = 0
        self._writes_in_flight = 0
        self._link = None
        self._generation = 0
        self._decoder = None
        self._closed = False
        self._undecodable = 0     # frames with a good CRC that this side cannot use
        self._last_send = time.monotonic()
        self._memory_epoch = 0
        self._handshaking = False
        self._listeners = []
        self._events = queue.Queue()
        self._event_thread = None
        self._heartbeat_thread = None
        self._open_link()
        if options.heartbeat_interval > 0:
            self._heartbeat_thread = threading.Thread(target=self._heartbeats, name="crossbar-heartbeat", daemon=True)
            self._heartbeat_thread.start()

    # ---- link and handshake ----

    def _open_link(self):
        link = self._connect()
        decoder = framing.FrameDecoder(self.options.max_frame_bytes)
        with self._lock:
            self._generation += 1
            generation = self._generation
            self._link, self._decoder = link, decoder
            # until the Hello is answered only the Hello may use the link: the board would refuse the rest
            self._handshaking = True
        threading.Thread(target=self._read_loop, args=(link, decoder, generation),
                         name="crossbar-reader-%d" % generation, daemon=True).start()
        try:
            self._handshake()
        except BaseException:
            self._drop_link(generation)
            link.close()
            raise
        finally:
            with self._lock:
                self._handshaking = False

    def _handshake(self):
        body = session.HelloRequest(protocol_major=self.options.protocol_major, protocol_minor=PROTOCOL_MINOR,
                                    session_id=self.session_id, client_name=self.options.client_name,
                                    auth_token=self.options.auth_token or "", max_frame_bytes=self.options.max_frame_bytes)
        call = Call("hello", body, write=False)
        # the Hello and its refusal must fit 4 KiB before either side knows the other's limit
        self._send(call, framing.MIN_MAX_FRAME_BYTES, bypass_window=True)
        h = self._await(call, retransmit=False)
        if h.protocol_major != PROTOCOL_MAJOR:
            raise self._version_mismatch("the board speaks protocol %s" % version_text(h.protocol_major, h.protocol_minor))
        with self._lock:
            first = self.hello is None
            if not first and not h.session_resumed:
                # the board lost its memory: writes sent before now may have run, and stay unknown
                self._memory_epoch += 1
            if h.session_resumed:
                # a seq the board already holds would be refused, or answered without running
                self._next_seq = max(self._next_seq, h.highest_seq_seen + 1)
            self.hello = h
            self._window.notify_all()
        self._on_hello(h, first)

    def _version_mismatch(self, board_says):
        return BoardStatusError("hello refused: VERSION_MISMATCH: %s; this client speaks protocol %s and major versions "
                                "must match: update the host software or the board firmware"
                                % (board_says, version_text(PROTOCOL_MAJOR, PROTOCOL_MINOR)), "VERSION_MISMATCH", 11,
                                board_says)

    def _read_loop(self, link, decoder, generation):
        try:
            while True:
                with self._lock:
                    if generation != self._generation or self._closed:
                        return
                data = link.read()
                if data:
                    for frame in decoder.feed(data):
                        self._on_frame(frame)
                    self.stats.dropped_frames = self._undecodable + sum(decoder.dropped.values())
        except BoardLinkError as e:
            self._drop_link(generation, e)

    def _drop_link(self, generation, cause=None):
        with self._lock:
            if generation != self._generation or self._link is None:
                return
            link, self._link = self._link, None
        try:
            link.close()
        except OSError:
            pass

    def _on_frame(self, frame):
        if frame.type == framing.TYPE_EVENT and frame.version == PROTOCOL_MAJOR:
            try:
                event = Event.FromString(frame.payload)
            except Exception:
                self._undecodable += 1   # MALFORMED_PAYLOAD
                return
            self._events.put(event)
            return
        if frame.type != framing.TYPE_RESPONSE:
            self._undecodable += 1   # WRONG_DIRECTION, or an event of a foreign major
            return
        try:
            response = Response.FromString(frame.payload)
        except Exception:
            self._undecodable += 1   # MALFORMED_PAYLOAD
            return
        with self._lock:
            call = self._pending.pop(response.seq, None)
            if call is None:
                late = self._unresolved.get(response.seq)
                if late is not None and late.response is None and frame.version == PROTOCOL_MAJOR:
                    late.response = response   # kept for resolve_outcome: no round trip needed
                self.stats.unmatched += 1
                return
            self._release(call)
        if frame.version != PROTOCOL_MAJOR:
            # a board of another major answers in a frame stamped with its own version; only the
            # frozen fields (seq, status, message, hello) are read
            says = "the board speaks protocol %d" % frame.version
            if response.HasField("hello"):
                says = "the board speaks protocol %s" % version_text(response.hello.protocol_major, response.hello.protocol_minor)
            if response.message:
                says += " (it says: %s)" % response.message
            call.failure = self._version_mismatch(says)
        call.response = response
        call.answered.set()

    # ---- sending and waiting ----

    def _admit(self, call):
        """Waits for a slot in the in-flight window (and, for writes, in the board's memory)."""
        waited = self.options.timeout * (self.options.max_retransmissions + 1)
        deadline = time.monotonic() + waited
        while True:
            h = self.hello
            limit = self.options.max_in_flight
            if h is not None and h.max_requests_in_flight:
                limit = min(limit, h.max_requests_in_flight)
            write_limit = h.idempotency_capacity if h is not None and h.idempotency_capacity else limit
            if self._in_flight < limit and (not call.write or self._writes_in_flight < write_limit):
                self._in_flight += 1
                self._writes_in_flight += call.write
                return
            left = deadline - time.monotonic()
            if left <= 0:
                raise BoardLinkError("%s not sent: no slot in the in-flight window within %.0f ms (in flight: %d, "
                                     "link: %s); nothing was applied" % (call.op, waited * 1000, self._in_flight, self.where))
            self._window.wait(left)

    def _release(self, call):
        # under the lock; a call holds at most one slot
        if getattr(call, "slot", False):
            call.slot = False
            self._in_flight -= 1
            self._writes_in_flight -= call.write
            self._window.notify_all()

    def _send(self, call, peer_max_frame, bypass_window=False):
        with self._lock:
            self._check_usable(call)
            if not bypass_window:
                self._admit(call)
            else:
                self._in_flight += 1
                self._writes_in_flight += call.write
            call.slot = True
            try:
                if self._link is None:
                    raise BoardLinkError("%s not sent: the link to %s is down; nothing was applied" % (call.op, self.where))
                request = Request(seq=self._next_seq)
                getattr(request, call.op).CopyFrom(call.body)
                frame = framing.encode_frame(framing.TYPE_REQUEST, request.SerializeToString(),
                                             self.options.protocol_major if call.op == "hello" else PROTOCOL_MAJOR,
                                             peer_max_frame)
            except BaseException:
                self._release(call)
                raise
            call.seq, call.frame, call.epoch = self._next_seq, frame, self._memory_epoch
            self._next_seq += 1
            self._pending[call.seq] = call
            self.stats.requests += 1
            try:
                self._write(call)
            except BoardLinkError:
                pass   # the link is gone: the attempt windows decide, as for a lost frame
            call.first_sent = time.monotonic()

    def _write(self, call):
        link = self._link
        if link is None or (self._handshaking and call.op != "hello"):
            raise BoardLinkError("the link to %s is down" % self.where)
        self._last_send = time.monotonic()
        link.write(call.frame)
        call.sent = True

    def _check_usable(self, call):
        if self._closed:
            raise BoardLinkError("%s: the board %s is closed" % (call.op, self.where))

    def _await(self, call, retransmit=True):
        """Waits through the attempt windows, retransmitting the same frame; returns the body."""
        retransmissions = 0
        memory_ok = self.hello is None or self.hello.idempotency_ttl_seconds > 0
        while not call.answered.wait(self.options.timeout):
            self.stats.timeouts += 1
            may_resend = retransmit and (not call.write or memory_ok) and retransmissions < self.options.max_retransmissions
            if call.write and not self._within_ttl(call):
                may_resend = False
            if not may_resend:
                return self._give_up(call, retransmissions)
            retransmissions += 1
            self.stats.retransmissions += 1
            try:
                self._resend(call)
            except OutcomeUnknownError as e:
                self._forget_pending(call)
                raise e
            except BoardLinkError:
                pass   # still down: the next window counts, without a send
        return self._answer(call)

    def _within_ttl(self, call):
        ttl = self.hello.idempotency_ttl_seconds if self.hello else 0
        return call.first_sent is not None and time.monotonic() - call.first_sent < TTL_MARGIN * ttl

    def _resend(self, call):
        self._reconnect_if_down()
        with self._lock:
            if call.write and call.epoch != self._memory_epoch:
                raise self._unknown(call, "the board did not resume this session on reconnect (it restarted and lost "
                                          "its memory): not sent again", resolvable=False)
            self._pending[call.seq] = call
            self._write(call)

    def _reconnect_if_down(self):
        # never under self._lock: the handshake waits for the reader thread, which takes it
        with self._reconnect_lock:
            if self._link is not None or self._closed:
                return
            if not self.options.reconnect:
                raise BoardLinkError("the link to %s is down and reconnect is off" % self.where)
            self.stats.reconnects += 1
            self._open_link()

    def _forget_pending(self, call):
        with self._lock:
            self._pending.pop(call.seq, None)
            self._release(call)

    def _unknown(self, call, why, resolvable=True):
        with self._lock:
            self._unresolved[call.seq] = call
            while len(self._unresolved) > KEEP_UNRESOLVED:
                self._unresolved.popitem(last=False)
        return OutcomeUnknownError("%s (seq %d) outcome unknown: %s (link: %s); call resolve_outcome(%d) once the "
                                   "link is back, never resend it as a new request"
                                   % (call.op, call.seq, why, self.where, call.seq), call.seq, resolvable)

    def _give_up(self, call, retransmissions):
        self._forget_pending(call)
        elapsed = (time.monotonic() - call.first_sent) * 1000 if call.first_sent else 0
        what = "no answer within %.0f ms and %d retransmissions (in flight: %d)" % (elapsed, retransmissions, self._in_flight)
        if call.write and call.sent:
            raise self._unknown(call, what)
        if not call.sent:
            raise BoardLinkError("%s not sent: the link to %s stayed down; nothing was applied" % (call.op, self.where))
        raise BoardLinkError("%s (seq %d) timed out: %s, link: %s" % (call.op, call.seq, what, self.where))

    def _answer(self, call):
        if call.failure is not None:
            raise call.failure
        r = call.response
        if r.replayed:
            self.stats.replayed += 1
        if r.status != Status.STATUS_OK:
            name = status_name(r.status or Status.STATUS_INTERNAL)
            raise BoardStatusError("%s refused by the board: %s: %s" % (call.op, name, r.message), name, r.status, r.message)
        expected = ANSWERED_BY.get(call.op, call.op)
        body = r.WhichOneof("body")
        if body != expected:
            if body is None and call.op in EMPTY_ANSWERS:
                return None
            raise BoardLinkError("protocol error: %s (seq %d) was answered with body %r, expected %r (link: %s)"
                                 % (call.op, call.seq, body, expected, self.where))
        return getattr(r, body)

    # ---- the API underneath Board ----

    def call(self, op, body, write=None, peer_max_frame=None):
        write = op in WRITE_CLASS if write is None else write
        call = Call(op, body, write)
        if peer_max_frame is None:
            peer_max_frame = self.peer_max_frame()
        if (self._link is None or self._handshaking) and not self._closed:
            try:
                self._reconnect_if_down()
            except BoardLinkError as e:
                raise BoardLinkError("%s not sent: %s; nothing was applied" % (op, e)) from e
        self._send(call, peer_max_frame, bypass_window=op in ("abort", "heartbeat"))
        return self._await(call, retransmit=op != "abort")

    def peer_max_frame(self):
        h = self.hello
        return h.max_frame_bytes or framing.DEFAULT_MAX_FRAME_BYTES

    def resolve_outcome(self, seq):
        with self._lock:
            call = self._unresolved.get(seq)
        if call is None:
            raise ValueError("seq %d is not an unresolved write (unresolved: %s)" % (seq, sorted(self._unresolved) or "none"))
        if call.response is None:
            try:
                self._reconnect_if_down()
            except BoardLinkError:
                pass   # the attempt windows below decide
        with self._lock:
            if call.response is None:
                if call.epoch != self._memory_epoch or not self._within_ttl(call):
                    raise OutcomeUnknownError("%s (seq %d) cannot be resolved: the board may have forgotten it (no resumed "
                                              "session, or 90%% of its idempotency ttl passed): read the devices it targets"
                                              % (call.op, seq), seq, resolvable=False)
                call.answered.clear()
                self._in_flight += 1
                self._writes_in_flight += call.write
                call.slot = True
                self._pending[seq] = call
                try:
                    self._write(call)
                except BoardLinkError:
                    pass
            else:
                call.answered.set()
        body = self._await(call)
        with self._lock:
            self._unresolved.pop(seq, None)
        return call.op, body

    def subscribe(self, listener):
        self._listeners.append(listener)
        if self._event_thread is None:
            self._event_thread = threading.Thread(target=self._dispatch_events, name="crossbar-events", daemon=True)
            self._event_thread.start()

    def _dispatch_events(self):
        while True:
            event = self._events.get()
            if event is None:
                return
            for listener in list(self._listeners):
                try:
                    listener(event)
                except Exception:   # one listener's bug must not stop the others
                    logging.getLogger("crossbarhil").exception("event listener %r failed", listener)

    def _heartbeats(self):
        while not self._closed:
            h = self.hello
            interval = self.options.heartbeat_interval
            if h is not None and h.heartbeat_timeout_seconds > 0:
                # a quiet host must never let the board fall to safe idle
                interval = min(interval, h.heartbeat_timeout_seconds / 3)
            time.sleep(max(0.01, interval - (time.monotonic() - self._last_send)))
            if self._closed or time.monotonic() - self._last_send < interval:
                continue
            try:
                self.call("heartbeat", session.HeartbeatRequest())
            except BoardLinkError:
                with self._lock:
                    self._drop_link(self._generation)   # silently dead: the next request reconnects
            except Exception:
                pass

    def close(self):
        with self._lock:
            if self._closed:
                return
            self._closed = True
            link, self._link = self._link, None
            self._generation += 1
        self._events.put(None)
        if link is not None:
            link.close()


def _random_session_id():
    while True:
        sid = secrets.randbits(64)
        if sid:
            return sid
