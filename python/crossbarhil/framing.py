"""Framing of docs/protocol.md section 2: header | protobuf payload | CRC-32C, COBS, 0x00.

Decoded frame, at most ``max_frame_bytes``::

    +---------+--------+-------------------+--------------------------+
    | version | type   | payload           | CRC-32C                  |
    | 1 byte  | 1 byte | N bytes, protobuf | 4 bytes, little-endian   |
    +---------+--------+-------------------+--------------------------+
    |<------- covered by the CRC --------->|

On the wire: COBS(decoded frame) followed by one 0x00.
"""

import struct

TYPE_REQUEST = 0x01
TYPE_RESPONSE = 0x02
TYPE_EVENT = 0x03

HEADER_BYTES = 2
CRC_BYTES = 4
# Header and CRC: a frame is never shorter.
OVERHEAD_BYTES = HEADER_BYTES + CRC_BYTES
# The header's version byte: the major version of the protocol this client speaks.
PROTOCOL_MAJOR = 1
DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024
MIN_MAX_FRAME_BYTES = 4096


def _crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
        table.append(c)
    return tuple(table)


_CRC_TABLE = _crc_table()


def crc32c(data, crc=0):
    """CRC-32C (Castagnoli, reflected 0x82F63B78, init and final xor 0xFFFFFFFF)."""
    crc ^= 0xFFFFFFFF
    table = _CRC_TABLE
    for b in data:
        crc = (crc >> 8) ^ table[(crc ^ b) & 0xFF]
    return crc ^ 0xFFFFFFFF


def cobs_encode(data):
    """Canonical COBS (the C reference of docs/protocol.md 2.7): a last run of exactly 254 bytes
    ends with its 0xFF code, without a trailing 01."""
    out = bytearray(b"\x00")
    code_at = 0
    code = 1
    n = len(data)
    for i, b in enumerate(data):
        if b == 0:
            out[code_at] = code
            code_at = len(out)
            out.append(0)
            code = 1
            continue
        out.append(b)
        code += 1
        if code == 0xFF and i + 1 < n:
            # a full run: no zero implied, the next code continues the same stretch
            out[code_at] = code
            code_at = len(out)
            out.append(0)
            code = 1
    out[code_at] = code
    return bytes(out)


def cobs_decode(block):
    """Decodes one block (no 0x00 in it); ValueError when a code runs past its end."""
    out = bytearray()
    i = 0
    n = len(block)
    while i < n:
        code = block[i]
        if code == 0:
            raise ValueError("0x00 inside a COBS block")
        end = i + code
        if end > n:
            raise ValueError("COBS code %d at %d runs past the block end (%d bytes)" % (code, i, n))
        out += block[i + 1:end]
        i = end
        if code < 0xFF and i < n:
            out.append(0)
    return bytes(out)


def encode_frame(frame_type, payload, version=PROTOCOL_MAJOR, max_frame_bytes=DEFAULT_MAX_FRAME_BYTES):
    """The wire bytes of one frame, delimiter included. A frame above the peer's limit is refused
    before anything is sent (FrameTooLarge)."""
    body = bytes((version & 0xFF, frame_type)) + bytes(payload)
    size = len(body) + CRC_BYTES
    if size > max_frame_bytes:
        raise FrameTooLarge("frame of %d bytes exceeds the peer's max_frame_bytes %d: split the request"
                            % (size, max_frame_bytes))
    return cobs_encode(body + struct.pack("<I", crc32c(body))) + b"\x00"


class FrameTooLarge(ValueError):
    """A frame the peer would not accept; nothing was sent."""


class Frame:
    __slots__ = ("version", "type", "payload")

    def __init__(self, version, frame_type, payload):
        self.version = version
        self.type = frame_type
        self.payload = payload

    def __repr__(self):
        return "Frame(version=%d, type=%d, %d payload bytes)" % (self.version, self.type, len(self.payload))


class FrameDecoder:
    """Splits a byte stream on 0x00 and checks each block in the order of the receiver rules
    (docs/protocol.md 2.5). Bad blocks are dropped, counted by reason, and reception resumes after
    the next 0x00. Version and type are left to the caller, which knows what it receives."""

    def __init__(self, max_frame_bytes=DEFAULT_MAX_FRAME_BYTES):
        self.max_frame_bytes = max_frame_bytes
        # the longest encoding of a maximum frame: more bytes than that cannot be a good block
        self._max_block = max_frame_bytes + max_frame_bytes // 254 + 1
        self._block = bytearray()
        self._oversized = False
        self.dropped = {}

    def _drop(self, reason):
        self.dropped[reason] = self.dropped.get(reason, 0) + 1

    def feed(self, data):
        """Returns the good frames completed by these bytes, in order."""
        frames = []
        data = bytes(data)
        start = 0
        n = len(data)
        while start < n:
            zero = data.find(b"\x00", start)
            if zero < 0:
                self._append(data[start:])
                break
            self._append(data[start:zero])
            start = zero + 1
            frame = self._finish()
            if frame is not None:
                frames.append(frame)
        return frames

    def _append(self, chunk):
        if self._oversized:
            return
        if len(self._block) + len(chunk) > self._max_block:
            # skip without buffering until the next delimiter
            self._oversized = True
            self._block = bytearray()
            self._drop("OVERSIZED")
            return
        self._block += chunk

    def _finish(self):
        block, self._block = bytes(self._block), bytearray()
        if self._oversized:
            self._oversized = False
            return None
        if not block:
            return None   # EMPTY: a flush of line noise, harmless
        try:
            decoded = cobs_decode(block)
        except ValueError:
            self._drop("BAD_COBS")
            return None
        if len(decoded) > self.max_frame_bytes:
            self._drop("OVERSIZED")
            return None
        if len(decoded) < OVERHEAD_BYTES:
            self._drop("TRUNCATED")
            return None
        (stored,) = struct.unpack_from("<I", decoded, len(decoded) - CRC_BYTES)
        if crc32c(decoded[:-CRC_BYTES]) != stored:
            self._drop("BAD_CRC")
            return None
        if decoded[1] not in (TYPE_REQUEST, TYPE_RESPONSE, TYPE_EVENT):
            self._drop("UNKNOWN_TYPE")
            return None
        return Frame(decoded[0], decoded[1], decoded[HEADER_BYTES:-CRC_BYTES])
