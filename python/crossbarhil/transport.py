"""Byte-stream links: TCP, TLS (ssl module), serial (pyserial, 8N1, no flow control).

Every transport carries the same frames; a link only moves bytes. read() returns b"" when
nothing arrived within its short poll interval and raises BoardLinkError when the link is gone,
so one reader thread can also notice that its board was closed.
"""

import os
import socket
import ssl
import threading

from .errors import BoardLinkError

POLL_SECONDS = 0.1


class TcpLink:
    def __init__(self, host, port, connect_timeout, tls_context=None):
        self._where = "%s %s:%d" % ("tls" if tls_context else "tcp", host, port)
        try:
            raw = socket.create_connection((host, port), timeout=connect_timeout)
        except OSError as e:
            raise BoardLinkError("cannot connect to %s within %d ms: %s"
                                 % (self._where, connect_timeout * 1000, e)) from e
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls_context is not None:
            try:
                raw = tls_context.wrap_socket(raw, server_hostname=host)
            except (ssl.SSLError, OSError) as e:
                raw.close()
                raise BoardLinkError("%s: TLS handshake failed: %s" % (self._where, e)) from e
        raw.settimeout(POLL_SECONDS)
        self._sock = raw
        self._write_lock = threading.Lock()

    def describe(self):
        return self._where

    def write(self, data):
        with self._write_lock:
            try:
                self._sock.settimeout(5.0)   # a write that makes no progress for 5 s fails the link
                self._sock.sendall(data)
            except OSError as e:
                raise BoardLinkError("%s: write failed: %s" % (self._where, e)) from e
            finally:
                try:
                    self._sock.settimeout(POLL_SECONDS)
                except OSError:
                    pass

    def read(self):
        try:
            data = self._sock.recv(65536)
        except (socket.timeout, ssl.SSLWantReadError):
            return b""
        except OSError as e:
            raise BoardLinkError("%s: read failed: %s" % (self._where, e)) from e
        if not data:
            raise BoardLinkError("%s: the board closed the connection" % self._where)
        return data

    def close(self):
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()


def tls_context(uri):
    ca = uri.params.get("ca")
    insecure = uri.params.get("insecure-skip-verify")
    if insecure not in (None, "true", "false"):
        raise uri.fail("insecure-skip-verify=%s (expected: true or false)" % insecure)
    if insecure == "true" and ca is not None:
        raise uri.fail("insecure-skip-verify=true together with ca=: choose one")
    if ca is not None and not os.path.isfile(ca):
        raise uri.fail("ca file '%s' does not exist" % ca)
    ctx = ssl.create_default_context(cafile=ca)
    if insecure == "true":
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class SerialLink:
    def __init__(self, port, baud):
        try:
            import serial
        except ImportError as e:
            raise BoardLinkError("serial:%s needs pyserial (Debian: apt-get install python3-serial)" % port) from e
        self._where = "serial %s at %d baud" % (port, baud)
        try:
            self._port = serial.Serial(port, baudrate=baud, bytesize=8, parity="N", stopbits=1, timeout=POLL_SECONDS,
                                       write_timeout=5.0, xonxoff=False, rtscts=False, dsrdtr=False)
        except (serial.SerialException, OSError) as e:
            raise BoardLinkError("cannot open %s: %s" % (self._where, e)) from e
        self._serial = serial
        self._write_lock = threading.Lock()

    def describe(self):
        return self._where

    def write(self, data):
        with self._write_lock:
            try:
                self._port.write(data)
                self._port.flush()
            except (self._serial.SerialException, OSError) as e:
                raise BoardLinkError("%s: write failed: %s" % (self._where, e)) from e

    def read(self):
        try:
            waiting = self._port.in_waiting
            return self._port.read(max(1, waiting))
        except (self._serial.SerialException, OSError, TypeError) as e:
            # pyserial raises TypeError when the port was closed under a read
            raise BoardLinkError("%s: read failed (the port vanished?): %s" % (self._where, e)) from e

    def close(self):
        self._port.close()


def connector(uri, connect_timeout):
    """A function that opens a new link to the board the URI names (called again to reconnect)."""
    if uri.scheme == "tcp":
        return lambda: TcpLink(uri.host, uri.port, connect_timeout)
    if uri.scheme == "tls":
        ctx = tls_context(uri)
        return lambda: TcpLink(uri.host, uri.port, connect_timeout, ctx)
    baud = uri.number("baud", 921600, 50, 20000000, integer=True)
    return lambda: SerialLink(uri.path, baud)
