"""Board URIs: the grammar and refusals of docs/board-uris.md, in the Java wording."""

import pytest

from crossbarhil import uri


@pytest.mark.parametrize("text, scheme, host, port, path, params", [
    ("tcp://127.0.0.1:7700", "tcp", "127.0.0.1", 7700, None, {}),
    ("TCP://bench:7700/", "tcp", "bench", 7700, None, {}),
    ("tcp://[::1]:7700?timeout=2&client=bench-3", "tcp", "::1", 7700, None, {"timeout": "2", "client": "bench-3"}),
    ("tls://bench.lab:7700?ca=/etc/crossbar/ca.pem&token-file=/etc/crossbar/token", "tls", "bench.lab", 7700, None,
     {"ca": "/etc/crossbar/ca.pem", "token-file": "/etc/crossbar/token"}),
    ("serial:/dev/ttyUSB0?baud=921600", "serial", None, None, "/dev/ttyUSB0", {"baud": "921600"}),
    ("serial:COM3", "serial", None, None, "COM3", {}),
    ("serial:/tmp/pty%20a?client=a+b%26c", "serial", None, None, "/tmp/pty a", {"client": "a+b&c"}),
])
def test_parses(text, scheme, host, port, path, params):
    u = uri.parse(text)
    assert (u.scheme, u.host, u.port, u.path, u.params) == (scheme, host, port, path, params)


@pytest.mark.parametrize("text, message", [
    ("", "empty board URI (examples: "),
    ("localhost", "has no scheme (examples: "),
    ("7tcp://h:1", "invalid scheme '7tcp'"),
    ("tcp://[::1:7700", "unclosed '[' in IPv6 host"),
    ("tcp://[::1]x", "unexpected text after IPv6 host"),
    ("tcp://:7700", "missing or invalid host (expected: tcp://HOST:PORT)"),
    ("tcp://bench:http", "port 'http' is not a number"),
    ("tcp://bench:70000", "port 70000 (expected: 1..65535)"),
    ("tcp://h:1?a=1&&b=2", "empty parameter (stray '&')"),
    ("tcp://h:1?seed", "parameter 'seed' is not name=value"),
    ("tcp://h:1?client=a&client=b", "parameter 'client' given twice"),
    ("tcp://h:1?client=%zz", "bad %-escape in '%zz'"),
    ("tcp://h:1?timout=3", "unknown parameter 'timout' for scheme tcp: (known: client, timeout, token-file)"),
    ("ftp://h:1", "unknown board URI scheme 'ftp:' (known: "),
    ("serial://dev/ttyUSB0", "serial ports are written serial:PORT"),
    ("serial:", "serial: needs a port"),
    ("sim:", "no in-process simulator"),
])
def test_refuses_with_the_uri_and_the_reason(text, message):
    with pytest.raises(ValueError) as e:
        uri.parse(text)
    assert str(e.value).startswith("board URI '%s': " % text)
    assert message in str(e.value)


def test_token_values_are_never_shown():
    with pytest.raises(ValueError) as e:
        uri.parse("tcp://h:1?token=s3cret&x")
    assert "s3cret" not in str(e.value) and "***" in str(e.value)


def test_numeric_parameters_are_checked_by_name():
    u = uri.parse("serial:/dev/ttyS0?baud=fast")
    with pytest.raises(ValueError, match="baud=fast is not an integer"):
        u.number("baud", 921600, 50, 20000000, integer=True)
    with pytest.raises(ValueError, match=r"baud=10 \(expected: 50..20000000\)"):
        uri.parse("serial:/dev/ttyS0?baud=10").number("baud", 921600, 50, 20000000, integer=True)
