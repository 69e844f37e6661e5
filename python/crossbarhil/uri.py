"""Board URIs with the grammar of docs/board-uris.md (the Java BoardUri):

    board-uri  = scheme ":" [ "//" authority | path ] [ "?" param *( "&" param ) ]
    authority  = host [ ":" port ] [ "/" ]        ; IPv6 hosts in brackets
    param      = name "=" value                   ; %XX escapes decoded, "+" kept as "+"

Refusals are ValueError whose message quotes the URI (a token= value shown as ***) and says what
is wrong, in the Java wording.
"""

import re
from urllib.parse import unquote_to_bytes

EXAMPLES = "tcp://127.0.0.1:7700, tls://bench.lab:7700?ca=ca.pem, serial:/dev/ttyUSB0?baud=921600"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")
_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")

SHARED_PARAMETERS = ("client", "timeout")
SCHEME_PARAMETERS = {
    "tcp": SHARED_PARAMETERS + ("token-file",),
    "tls": SHARED_PARAMETERS + ("ca", "insecure-skip-verify", "token-file"),
    "serial": ("baud",) + SHARED_PARAMETERS,
}
USAGE = {
    "tcp": "tcp://HOST:PORT[?timeout=S&client=NAME&token-file=PATH]",
    "tls": "tls://HOST:PORT[?ca=PEM&insecure-skip-verify=true&timeout=S&client=NAME&token-file=PATH]",
    "serial": "serial:PORT[?baud=B&timeout=S&client=NAME]",
}


def redact(text):
    return re.sub(r"(token=)[^&]*", r"\1***", text)


class BoardUri:
    """A parsed board URI: scheme (lower case), host, port, path, params (ordered dict)."""

    def __init__(self, text, scheme, host, port, path, params):
        self.text = text
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.params = params

    def __str__(self):
        return redact(self.text)

    def __repr__(self):
        return "BoardUri(%r)" % str(self)

    def fail(self, what):
        return ValueError("board URI '%s': %s" % (redact(self.text), what))

    def require_known_parameters(self):
        known = SCHEME_PARAMETERS[self.scheme]
        for name in self.params:
            if name not in known:
                raise self.fail("unknown parameter '%s' for scheme %s: (known: %s)"
                                % (name, self.scheme, ", ".join(sorted(known))))

    def number(self, name, default, low, high, integer=False):
        """A numeric parameter checked against [low, high]; the default when absent."""
        raw = self.params.get(name)
        if raw is None:
            return default
        try:
            value = int(raw) if integer else float(raw)
        except ValueError:
            raise self.fail("%s=%s is not %s" % (name, raw, "an integer" if integer else "a number")) from None
        if not (low <= value <= high) or value != value:
            raise self.fail("%s=%s (expected: %s..%s)" % (name, raw, low, high))
        return value


def _decode(uri_fail, text):
    if _ESCAPE.search(text):
        bad = text[text.index("%", _ESCAPE.search(text).start()):][:3]
        raise uri_fail("bad %%-escape in '%s'" % bad)
    try:
        return unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        raise uri_fail("%%-escapes in '%s' are not UTF-8" % text) from None


def parse(text):
    """Parses and checks a board URI of a scheme this client knows (tcp, tls, serial)."""
    if not isinstance(text, str):
        raise TypeError("board URI must be a str, got %s" % type(text).__name__)
    probe = BoardUri(text, None, None, None, None, {})
    if not text:
        raise probe.fail("empty board URI (examples: %s)" % EXAMPLES)
    colon = text.find(":")
    if colon < 0:
        raise probe.fail("has no scheme (examples: %s)" % EXAMPLES)
    scheme = text[:colon]
    if not _SCHEME.match(scheme):
        raise probe.fail("invalid scheme '%s'" % scheme)
    scheme = scheme.lower()
    rest = text[colon + 1:]
    query = None
    if "?" in rest:
        rest, query = rest.split("?", 1)
    host = port = path = None
    if rest.startswith("//"):
        host, port = _authority(probe, scheme, rest[2:])
    elif rest:
        path = _decode(probe.fail, rest)
    params = {}
    if query is not None:
        for part in query.split("&"):
            if not part:
                raise probe.fail("empty parameter (stray '&')")
            if "=" not in part or part.startswith("="):
                raise probe.fail("parameter '%s' is not name=value" % redact(part))
            name, value = part.split("=", 1)
            name = _decode(probe.fail, name)
            if name in params:
                raise probe.fail("parameter '%s' given twice" % name)
            params[name] = _decode(probe.fail, value)
    uri = BoardUri(text, scheme, host, port, path, params)
    if scheme not in SCHEME_PARAMETERS:
        hint = ""
        if scheme == "sim":
            hint = "; this Python client has no in-process simulator: run 'crossbar sim --listen 127.0.0.1:7700' " \
                   "and open tcp://127.0.0.1:7700"
        raise uri.fail("unknown board URI scheme '%s:' (known: %s)%s"
                       % (scheme, "; ".join(USAGE[s] for s in sorted(USAGE)), hint))
    if scheme in ("tcp", "tls"):
        if host is None:
            raise uri.fail("missing or invalid host (expected: %s://HOST:PORT)" % scheme)
        if port is None:
            raise uri.fail("missing port (expected: %s://HOST:PORT)" % scheme)
    else:
        if host is not None or rest.startswith("//"):
            raise uri.fail("serial ports are written serial:PORT, not serial://... (e.g. serial:/dev/ttyUSB0)")
        if not path:
            raise uri.fail("serial: needs a port (expected: serial:PORT, e.g. serial:/dev/ttyUSB0 or serial:COM3)")
    uri.require_known_parameters()
    return uri


def _authority(probe, scheme, auth):
    if auth.endswith("/"):
        auth = auth[:-1]
    if auth.startswith("["):
        close = auth.find("]")
        if close < 0:
            raise probe.fail("unclosed '[' in IPv6 host")
        host = auth[1:close]
        after = auth[close + 1:]
        if after and not after.startswith(":"):
            raise probe.fail("unexpected text after IPv6 host")
        port_text = after[1:] if after else None
    else:
        host, _, port_text = auth.partition(":")
        if not _:
            port_text = None
    if not host:
        raise probe.fail("missing or invalid host (expected: %s://HOST:PORT)" % scheme)
    port = None
    if port_text is not None:
        if not port_text.isdigit() or not port_text.isascii():
            raise probe.fail("port '%s' is not a number" % port_text)
        port = int(port_text)
        if len(port_text) > 5 or not 1 <= port <= 65535:
            raise probe.fail("port %s (expected: 1..65535)" % port_text)
    return host, port
