"""Idempotency from the host side (docs/protocol.md section 6): a lost answer is retransmitted
with the same seq and bytes and the pulse runs once; an answer that never comes is "outcome
unknown" and is resolved by the same frame, never by a new request."""

import threading

import pytest
from conftest import Simulator
from proxy import FrameProxy
from test_board import wait_until

import crossbarhil
from crossbarhil import framing


@pytest.fixture
def proxy(sim):
    host, port = sim.where.split(" ", 1)[1].rsplit(":", 1)
    p = FrameProxy(host, int(port))
    yield p
    p.close()


def device_pulses(sim):
    with crossbarhil.open_board(sim.uri, heartbeat_interval=0) as b:
        return b.ledger().device_pulses


def drop_first_pulse_answer(proxy):
    def drop(response):
        return response.WhichOneof("body") == "pulse" and not proxy.dropped
    proxy.drop_if = drop


def test_a_lost_answer_is_retransmitted_byte_for_byte_and_the_pulse_runs_once(sim, proxy):
    before = device_pulses(sim)
    drop_first_pulse_answer(proxy)
    with crossbarhil.open_board(proxy.uri + "?timeout=1", heartbeat_interval=0) as board:
        assert board.pulse_device(0, 50, 50, volts=1.2, width_seconds=1e-7, count=2) == 2
        assert board.stats.retransmissions == 1 and board.stats.replayed == 1
    sent = proxy.sent("pulse")
    assert len(sent) == 2
    assert sent[0][0] == sent[1][0]           # the same frame: same seq, same session, same bytes
    assert sent[0][1].seq >= 2                # seqs from 1, the Hello took the first
    assert len(proxy.dropped) == 1
    assert device_pulses(sim) - before == 2


def test_an_answer_that_never_comes_is_outcome_unknown_then_resolved_once(sim, proxy):
    before = device_pulses(sim)
    proxy.drop_if = lambda r: r.WhichOneof("body") == "pulse"
    with crossbarhil.open_board(proxy.uri + "?timeout=0.3", heartbeat_interval=0, max_retransmissions=1) as board:
        with pytest.raises(crossbarhil.OutcomeUnknownError) as e:
            board.pulse_device(0, 51, 51, volts=1.2, width_seconds=1e-7, count=3)
        assert e.value.resolvable and "resolve_outcome(%d)" % e.value.seq in str(e.value)
        assert len(proxy.sent("pulse")) == 2
        proxy.drop_if = lambda r: False
        assert board.resolve_outcome(e.value.seq).device_pulses == 3
        with pytest.raises(ValueError, match="not an unresolved write"):
            board.resolve_outcome(e.value.seq)
        # the next write gets a new seq: the resolved one is never reused
        board.pulse_device(0, 51, 52, volts=1.2, width_seconds=1e-7)
    # every frame of the unknown seq is the same bytes (two attempts, then at least one resolving
    # send); the next write has a seq of its own
    by_seq = {}
    for wire, request in proxy.sent("pulse"):
        by_seq.setdefault(request.seq, set()).add(wire)
    assert sorted(by_seq) == [e.value.seq, e.value.seq + 1]
    assert len(by_seq[e.value.seq]) == 1
    assert device_pulses(sim) - before == 3 + 1


def test_a_lost_read_answer_is_read_again(sim, proxy):
    proxy.drop_if = lambda r: r.WhichOneof("body") == "read" and not proxy.dropped
    with crossbarhil.open_board(proxy.uri + "?timeout=1", heartbeat_interval=0) as board:
        assert board.read_device(0, 1, 1) > 0
        assert board.stats.retransmissions == 1


def test_a_cut_link_reconnects_with_the_same_session(sim, proxy):
    with crossbarhil.open_board(proxy.uri + "?timeout=0.5", heartbeat_interval=0) as board:
        board.pulse_device(0, 52, 52, volts=1.2, width_seconds=1e-7)
        proxy.cut()
        wait_until(lambda: board._session._link is None, what="link loss noticed")
        assert board.pulse_device(0, 52, 53, volts=1.2, width_seconds=1e-7) == 1
        assert board.stats.reconnects == 1
        assert board.hello.session_resumed
    hellos = proxy.sent("hello")
    assert len(hellos) == 2 and hellos[0][1].hello.session_id == hellos[1][1].hello.session_id
    seqs = [r.seq for _, r in proxy.requests]
    assert seqs == sorted(set(seqs))


def test_threads_share_a_board_within_the_in_flight_window(sim, proxy):
    with crossbarhil.open_board(proxy.uri + "?timeout=5", heartbeat_interval=0, max_in_flight=2) as board:
        expected = board.read_tile(0)
        errors, results = [], {}

        def reader(row):
            try:
                results[row] = [board.read_device(0, row, c) for c in range(4)]
            except Exception as e:  # surfaced below
                errors.append(e)

        threads = [threading.Thread(target=reader, args=(row,)) for row in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert errors == []
        assert all(results[r] == pytest.approx(expected[r, :4].tolist(), rel=1e-6) for r in range(8))
    assert proxy.most_outstanding <= 2


def test_line_noise_before_an_answer_is_dropped_and_the_answer_still_arrives(sim, proxy):
    with crossbarhil.open_board(proxy.uri + "?timeout=5", heartbeat_interval=0) as board:
        bad_crc = bytearray(framing.encode_frame(framing.TYPE_RESPONSE, b"\x08\x63"))
        bad_crc[3] ^= 0x40
        proxy.noise_before_next_answer = b"\x13\x37\xff\x00" + bytes(bad_crc)
        assert board.read_device(0, 2, 2) > 0
        assert board.stats.dropped_frames == 2 and board.stats.retransmissions == 0


def test_after_a_board_restart_an_unknown_write_is_never_sent_again(proxy):
    """The board behind the proxy restarts (a new simulator: its memory is gone); the Hello of the
    reconnect does not resume the session, so the write whose answer was lost stays unknown."""
    first = Simulator("--listen", "127.0.0.1:0", "--profile", "ideal-2x64")
    try:
        proxy.upstream = _address(first)
        proxy.drop_if = lambda r: r.WhichOneof("body") == "pulse"
        with crossbarhil.open_board(proxy.uri + "?timeout=1", heartbeat_interval=0, max_retransmissions=0) as board:
            with pytest.raises(crossbarhil.OutcomeUnknownError) as e:
                board.pulse_device(0, 7, 7, volts=1.2, width_seconds=1e-7)
            first.close()
            second = Simulator("--listen", "127.0.0.1:0", "--profile", "ideal-2x64")
            try:
                proxy.upstream = _address(second)
                proxy.cut()
                wait_until(lambda: board._session._link is None, what="link loss noticed")
                assert board.read_device(0, 7, 7) > 0          # reads go on, on a new link
                assert not board.hello.session_resumed
                with pytest.raises(crossbarhil.OutcomeUnknownError, match="cannot be resolved") as again:
                    board.resolve_outcome(e.value.seq)
                assert not again.value.resolvable
            finally:
                second.close()
        assert len(proxy.sent("pulse")) == 1
    finally:
        first.close()


def _address(simulator):
    # a fresh JVM answers its first requests slowly: warm it up outside the short attempt windows
    with crossbarhil.open_board(simulator.uri + "?timeout=30", heartbeat_interval=0) as warm:
        warm.read_tile(0)
    host, port = simulator.where.split(" ", 1)[1].rsplit(":", 1)
    return host, int(port)
