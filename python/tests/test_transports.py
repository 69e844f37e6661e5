"""The same client over a serial line (a socat pty pair) and over TLS (a TLS front to the
simulator, with a throw-away certificate for localhost)."""

import os
import shutil
import socket
import ssl
import subprocess
import threading

import pytest
from conftest import Simulator
from test_board import wait_until

import crossbarhil


@pytest.fixture
def pty_pair(tmp_path):
    socat = shutil.which("socat")
    if socat is None:
        pytest.skip("socat is not installed (apt-get install socat): no pty pair for the serial test")
    a, b = str(tmp_path / "board"), str(tmp_path / "host")
    p = subprocess.Popen([socat, "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: os.path.exists(a) and os.path.exists(b), what="socat's ptys")
    yield a, b
    p.terminate()
    p.wait(10)


def test_serial_board(pty_pair):
    board_end, host_end = pty_pair
    sim = Simulator("--serial", board_end, "--baud", "921600", "--profile", "ideal-2x64")
    try:
        assert sim.where.startswith("serial")
        with crossbarhil.open_board("serial:%s?baud=921600&timeout=5" % host_end) as board:
            assert board.geometry.rows == 64
            tile = board.read_tile(0)
            assert tile.shape == (64, 64)
            assert board.pulse_device(0, 3, 3, volts=1.2, width_seconds=1e-7) == 1
            assert board.vmm(0, [[0.1] * 64]).amperes.shape == (1, 64)
    finally:
        sim.close()


def test_a_missing_serial_port_is_a_link_error(tmp_path):
    with pytest.raises(crossbarhil.BoardLinkError, match="cannot open serial .*nope"):
        crossbarhil.open_board("serial:%s" % (tmp_path / "nope"))


@pytest.fixture
def certificate(tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: no throw-away certificate for the TLS test")
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture
def tls_front(sim, certificate):
    """Terminates TLS on 127.0.0.1 and passes the bytes to the simulator's TCP port."""
    host, port = sim.where.split(" ", 1)[1].rsplit(":", 1)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(*certificate)
    server = socket.create_server(("127.0.0.1", 0))

    def pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass

    def accept():
        while True:
            try:
                raw, _ = server.accept()
            except OSError:
                return
            try:
                conn = ctx.wrap_socket(raw, server_side=True)
            except (ssl.SSLError, OSError):
                raw.close()
                continue
            up = socket.create_connection((host, int(port)))
            threading.Thread(target=pump, args=(conn, up), daemon=True).start()
            threading.Thread(target=pump, args=(up, conn), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1], certificate[0]
    server.close()


def test_tls_board_with_a_trusted_certificate(tls_front):
    port, cert = tls_front
    with crossbarhil.open_board("tls://localhost:%d?ca=%s&timeout=5" % (port, cert)) as board:
        assert board.read_device(0, 1, 1) > 0


def test_tls_checks_the_host_name(tls_front):
    port, cert = tls_front
    with pytest.raises(crossbarhil.BoardLinkError, match="TLS handshake failed"):
        crossbarhil.open_board("tls://127.0.0.1:%d?ca=%s" % (port, cert))
    with crossbarhil.open_board("tls://127.0.0.1:%d?insecure-skip-verify=true" % port) as board:
        assert board.geometry.tiles == 2


def test_tls_refuses_ca_together_with_skip_verify(tls_front):
    port, cert = tls_front
    with pytest.raises(ValueError, match="insecure-skip-verify=true together with ca="):
        crossbarhil.open_board("tls://localhost:%d?ca=%s&insecure-skip-verify=true" % (port, cert))
