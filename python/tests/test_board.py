"""Every operation against `crossbar sim --listen`, the handshake, refusals by kind."""

import socket
import threading
import time

import numpy
import pytest

import crossbarhil
from crossbarhil import arrays, framing
from crossbarhil.messages import Request, Response, session


def wait_until(condition, seconds=10.0, what="condition"):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("%s not reached within %g s" % (what, seconds))
        time.sleep(0.01)


def test_handshake_reports_the_board(board):
    h = board.hello
    assert h.protocol_major == crossbarhil.PROTOCOL_MAJOR
    assert (board.geometry.tiles, board.geometry.rows, board.geometry.cols) == (2, 64, 64)
    assert h.description.capabilities.simulated
    assert h.max_frame_bytes >= framing.MIN_MAX_FRAME_BYTES
    assert h.max_requests_in_flight > 0 and h.idempotency_capacity > 0 and h.idempotency_ttl_seconds > 0
    assert board.session_id != 0
    assert not h.session_resumed


def test_two_boards_have_their_own_sessions(sim, board):
    with crossbarhil.open_board(sim.uri) as other:
        assert other.session_id != board.session_id


def test_reads_give_numpy_arrays_in_siemens(board):
    tile = board.read_tile(1)
    assert isinstance(tile, numpy.ndarray) and tile.shape == (64, 64) and tile.dtype == numpy.float32
    g_min, g_max = 0.9e-6, 1.1e-4
    assert ((tile > g_min) & (tile < g_max)).all()
    assert board.read_row(1, 5).tolist() == pytest.approx(tile[5].tolist(), rel=1e-6)
    assert board.read_device(1, 5, 7) == pytest.approx(float(tile[5, 7]), rel=1e-6)
    assert board.read_tile(1, first_row=60).shape == (4, 64)


def test_lists_without_numpy(board, monkeypatch):
    monkeypatch.setattr(arrays, "numpy", None)
    tile = board.read_tile(0, first_row=2, rows=3)
    assert isinstance(tile, list) and len(tile) == 3 and len(tile[0]) == 64
    y = board.vmm(0, [[0.1] * 64])
    assert isinstance(y.amperes, list) and len(y.amperes[0]) == 64


def test_read_tile_splits_to_fit_the_frame(sim):
    # 4096-byte frames hold 15 rows of 64 floats: the tile comes in five reads
    with crossbarhil.open_board(sim.uri, max_frame_bytes=4096) as small:
        before = small.stats.requests
        tile = small.read_tile(0)
        assert tile.shape == (64, 64)
        assert small.stats.requests - before == 5


def test_vmm_matches_the_read_conductances(board):
    g = board.read_tile(0).astype(numpy.float64)
    v = numpy.zeros((3, 64))
    v[0, 4] = 0.1
    v[1, :] = 0.05
    v[2, 10:20] = -0.1
    y = board.vmm(0, v)
    assert y.amperes.shape == (3, 64)
    # ideal profile: forward VMM is y = G^T v
    assert y.amperes == pytest.approx((v @ g).astype(numpy.float32), rel=1e-3, abs=1e-9)
    yt = board.vmm(0, v[:, :8].copy(), direction="transposed", input_offset=8)
    assert yt.amperes == pytest.approx(v[:, :8] @ g[:, 8:16].T, rel=1e-3, abs=1e-9)


def test_programming_operations(board):
    before = board.ledger().device_pulses
    g0 = board.read_device(0, 10, 10)
    assert board.pulse_device(0, 10, 10, volts=1.2, width_seconds=1e-7, count=3) == 3
    assert board.read_device(0, 10, 10) > g0
    result = board.pulse_and_read(0, [crossbarhil.Pulse(10, 11, -1.1, 1e-7, 2)], read_after_each_pulse=True)
    assert len(result.siemens) == 2 and result.device_pulses == 2
    op = board.outer_product_update(0, [0.5] * 4, [1.0, 0.0, -1.0], 1.2, -1.1, 1e-7, row_offset=20, col_offset=20)
    assert op.device_pulses > 0 and op.slots > 0
    wv = board.write_verify(0, [(30, 30, 5e-5), (30, 31, 2e-5)], 1e-6, 100, 1.2, -1.1, 1e-7)
    assert [(r.row, r.col) for r in wv] == [(30, 30), (30, 31)] and all(r.converged for r in wv)
    assert abs(board.read_device(0, 30, 30) - 5e-5) < 2e-6
    ramp = board.ramp(0, 40, 40, 0.5, 1.0, 0.1, 1e-7)
    assert ramp.volts.tolist() == pytest.approx([0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    assert len(ramp.siemens) == 6 and ramp.device_pulses == 6
    after = board.ledger().device_pulses
    assert after - before == 3 + 2 + op.device_pulses + sum(r.pulses for r in wv) + 6


def test_control_operations(board):
    assert board.configure(reads_averaged=2).reads_averaged == 2
    board.configure(reads_averaged=1)
    hard = board.limits().hard_limits
    assert board.set_working_limits(max_volts=1.5).working_limits.max_volts == 1.5
    assert board.working_limits.max_volts == 1.5
    board.set_working_limits(hard)
    assert not board.abort("pytest")
    board.safe_idle(floating=True)
    info = board.refresh_info()
    assert info.state == session.BOARD_STATE_SAFE_IDLE and "floating" in info.state_reason
    assert board.heartbeat().board_time_seconds > 0
    assert not board.lease().held
    board.reset_ledger()
    assert board.ledger().device_pulses == 0


def test_events_arrive(board):
    events = []
    board.subscribe(events.append)
    board.set_working_limits(max_volts=1.9)
    board.set_working_limits(board.limits().hard_limits)
    wait_until(lambda: sum(e.HasField("limits_changed") for e in events) >= 2, what="two LimitsChangedEvents")
    assert [e.event_seq for e in events] == list(range(1, len(events) + 1))


def test_envelope_refusal_sends_nothing(board):
    board.set_working_limits(max_volts=1.5)
    try:
        sent = board.stats.requests
        with pytest.raises(crossbarhil.EnvelopeError) as e:
            board.pulse_device(0, 1, 1, volts=1.8, width_seconds=1e-7)
        assert "|volts| 1.8 V exceeds the working max_volts 1.5 V (nothing sent)" in str(e.value)
        with pytest.raises(crossbarhil.EnvelopeError, match="max_read_volts"):
            board.vmm(0, [[0.5] * 64])
        with pytest.raises(ValueError, match="outside the tile"):
            board.pulse_device(0, 64, 1, volts=1.0, width_seconds=1e-7)
        assert board.stats.requests == sent
    finally:
        board.set_working_limits(board.limits().hard_limits)


def test_board_refusal_carries_its_status(board):
    with pytest.raises(crossbarhil.BoardStatusError) as e:
        board.lease("acquire")
    assert e.value.status == "UNSUPPORTED" and "lease refused by the board: UNSUPPORTED: " in str(e.value)
    with pytest.raises(crossbarhil.BoardStatusError) as e:
        board.vmm(0, [[0.1] * 64], adc_full_scale_amperes=1.234)
    assert e.value.status == "INVALID_ARGUMENT"


def test_version_mismatch_is_refused_by_the_simulator(sim):
    with pytest.raises(crossbarhil.BoardStatusError) as e:
        crossbarhil.open_board(sim.uri, protocol_major=2)
    assert e.value.status == "VERSION_MISMATCH"
    assert "host speaks protocol 2.0, this board speaks 1.0: update" in str(e.value)


def test_a_board_of_another_major_is_refused_by_the_client():
    """A future board answers in a frame stamped with its own major: the client reads the frozen
    fields and names both versions, without retrying."""
    server = socket.create_server(("127.0.0.1", 0))
    hellos = []

    def future_board():
        conn, _ = server.accept()
        with conn:
            frames = []
            decoder = framing.FrameDecoder()
            while not frames:
                frames = decoder.feed(conn.recv(4096))
            hellos.append(Request.FromString(frames[0].payload))
            refusal = Response(seq=hellos[0].seq, status=11, message="host speaks protocol 1.0, this board speaks 2.2",
                               hello=session.HelloResponse(protocol_major=2, protocol_minor=2))
            conn.sendall(framing.encode_frame(framing.TYPE_RESPONSE, refusal.SerializeToString(), version=2))
            conn.recv(1)

    t = threading.Thread(target=future_board, daemon=True)
    t.start()
    with pytest.raises(crossbarhil.BoardStatusError) as e:
        crossbarhil.open_board("tcp://127.0.0.1:%d?timeout=5" % server.getsockname()[1])
    assert e.value.status == "VERSION_MISMATCH"
    assert "the board speaks protocol 2.2" in str(e.value) and "this client speaks protocol 1.0" in str(e.value)
    assert len(hellos) == 1 and hellos[0].seq == 1 and hellos[0].hello.session_id != 0
    server.close()


def test_a_dead_port_is_a_link_error():
    s = socket.create_server(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(crossbarhil.BoardLinkError, match="cannot connect to tcp 127.0.0.1:%d" % port):
        crossbarhil.open_board("tcp://127.0.0.1:%d" % port)


def test_heartbeats_keep_a_quiet_host_alive(sim):
    with crossbarhil.open_board(sim.uri, heartbeat_interval=0.05) as quiet:
        sent = quiet.stats.requests
        wait_until(lambda: quiet.stats.requests >= sent + 3, what="three heartbeats")


def test_update_mask_bits_are_row_major_least_significant_first():
    mask = numpy.zeros((4, 4), dtype=bool)
    mask[0, 1] = mask[2, 3] = True
    assert arrays.mask_bytes(mask, 4, 4) == bytes([0b00000010, 0b00001000])   # cells 1 and 11
    with pytest.raises(ValueError, match="16 cells"):
        arrays.mask_bytes(mask, 4, 5)


def test_update_mask_on_a_passive_array_is_unsupported_by_the_board(board):
    assert not board.hello.description.capabilities.update_mask
    with pytest.raises(crossbarhil.BoardStatusError) as e:
        board.set_update_mask(0, numpy.zeros((64, 64), dtype=bool))
    assert e.value.status == "UNSUPPORTED"
