"""Framing against docs/protocol.md section 2 and every golden vector."""

import os
import random
import re
import struct

import pytest
from conftest import GOLDEN
from google.protobuf import text_format

from crossbarhil import framing
from crossbarhil.messages import Event, Request, Response

GOLDEN_NAMES = sorted(f[:-len(".hex")] for f in os.listdir(GOLDEN) if f.endswith(".hex"))
MESSAGE_OF_TYPE = {framing.TYPE_REQUEST: Request, framing.TYPE_RESPONSE: Response, framing.TYPE_EVENT: Event}


def test_every_golden_vector_is_checked():
    assert len(GOLDEN_NAMES) >= 10, GOLDEN_NAMES


def test_crc32c_check_value():
    assert framing.crc32c(b"123456789") == 0xE3069283


@pytest.mark.parametrize("decoded, encoded", [
    ("", "01"), ("00", "0101"), ("11220033", "0311220233"), ("11223344", "0511223344"),
    ("11000000", "0211010101"),
    (bytes(range(1, 255)).hex(), "ff" + bytes(range(1, 255)).hex()),
    (bytes(range(1, 256)).hex(), "ff" + bytes(range(1, 255)).hex() + "02ff"),
    (bytes(range(2, 256)).hex() + "00", "ff" + bytes(range(2, 256)).hex() + "0101"),
])
def test_cobs_table_of_the_spec(decoded, encoded):
    assert framing.cobs_encode(bytes.fromhex(decoded)).hex() == encoded
    assert framing.cobs_decode(bytes.fromhex(encoded)).hex() == decoded


def test_cobs_decoder_accepts_a_trailing_01_after_a_full_run():
    run = bytes(range(1, 255))
    # a last run of exactly 254 bytes: the canonical form ends with its FF code; the same data
    # with a trailing empty run (01) is accepted and re-encodes to the canonical form
    assert framing.cobs_decode(b"\xff" + run + b"\x01") == run
    assert framing.cobs_encode(run) == b"\xff" + run


def _float32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


# the descriptions give these large fields as a formula in a comment; rebuilt here from it
ELIDED = {
    "vmm_request_batched": lambda m: m.vmm.volts.extend(
        _float32(max(0, (37 * i + 11 * j) % 29 - 9) * _float32(0.01)) for i in range(32) for j in range(64)),
    "update_mask_cobs_runs": lambda m: setattr(m.set_update_mask, "mask", bytes(40) + b"\xa5" * 300 + bytes(8) + bytes(
        0 if k % 7 == 0 else k + 1 for k in range(164))),
    "cobs_full_runs": lambda m: setattr(m.set_update_mask, "mask", b"\x00" + b"\xa5" * 254 + b"\x00" + b"\x5a" * 255 + b"\x00"),
    "cobs_full_run_at_end": lambda m: setattr(m.set_update_mask, "mask", bytes(262) + b"\xc3" * 250),
}


def _described(name):
    with open(os.path.join(GOLDEN, name + ".txt")) as f:
        text = f.read()
    header = re.search(r"header: version (\d+), type 0x(\w\w)", text)
    fields = text.split("fields (protobuf text format):\n", 1)[1].split("\n\npayload:", 1)[0]
    # large payloads are described by their length only
    payload = re.search(r"payload: (\d+) bytes of protobuf(?::\n((?:  .*\n)*))?", text)
    crc = re.search(r"CRC-32C of header \+ payload: 0x([0-9a-f]+)", text)
    shown = bytes.fromhex("".join(payload.group(2).split())) if payload.group(2) else None
    return int(header.group(1)), int(header.group(2), 16), fields, int(payload.group(1)), shown, int(crc.group(1), 16)


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_golden_vector_decodes_to_its_description_and_encodes_back(name, golden):
    wire = golden(name)
    version, frame_type, fields, payload_length, payload, crc = _described(name)
    # after a burst of garbage and a delimiter, as a receiver joining a line would see it
    frames = framing.FrameDecoder().feed(b"\x13\x37\xff\x42\x00" + wire)
    assert len(frames) == 1
    frame = frames[0]
    assert (frame.version, frame.type, len(frame.payload)) == (version, frame_type, payload_length)
    if payload is not None:
        assert frame.payload == payload
    assert framing.crc32c(bytes((version, frame_type)) + frame.payload) == crc
    message = MESSAGE_OF_TYPE[frame_type].FromString(frame.payload)
    expected = text_format.Parse(fields, MESSAGE_OF_TYPE[frame_type]())
    ELIDED.get(name, lambda m: None)(expected)
    assert message == expected
    assert framing.encode_frame(frame_type, message.SerializeToString(), version) == wire


def test_decoder_survives_any_fragmentation(golden):
    wire = b"".join(golden(n) for n in GOLDEN_NAMES)
    rnd = random.Random(5)
    decoder = framing.FrameDecoder()
    frames, i = [], 0
    while i < len(wire):
        step = rnd.randint(1, 50)
        frames += decoder.feed(wire[i:i + step])
        i += step
    assert len(frames) == len(GOLDEN_NAMES)
    assert decoder.dropped == {}


@pytest.mark.parametrize("damage, reason", [
    (lambda w: w[:5] + bytes([w[5] ^ 0x01]) + w[6:], "BAD_CRC"),
    (lambda w: b"\x05\x01\x02\x00", "BAD_COBS"),
    (lambda w: b"\x03\x01\x02\x00", "TRUNCATED"),
    (lambda w: framing.cobs_encode(b"\x00\x07xyz" + struct.pack("<I", framing.crc32c(b"\x00\x07xyz"))) + b"\x00",
     "UNKNOWN_TYPE"),
])
def test_bad_block_is_dropped_and_the_next_frame_decodes(golden, damage, reason):
    good = golden("heartbeat_request")
    decoder = framing.FrameDecoder()
    frames = decoder.feed(damage(golden("pulse_request")) + good)
    assert [f.payload for f in frames] == [framing.FrameDecoder().feed(good)[0].payload]
    assert decoder.dropped == {reason: 1}


def test_oversized_block_is_skipped_without_buffering(golden):
    decoder = framing.FrameDecoder(max_frame_bytes=4096)
    assert decoder.feed(b"\x01" * 100000) == []
    assert len(decoder._block) == 0
    assert decoder.dropped == {"OVERSIZED": 1}
    assert len(decoder.feed(b"\x00" + golden("heartbeat_request"))) == 1


def test_encoder_refuses_a_frame_above_the_peer_limit():
    with pytest.raises(framing.FrameTooLarge, match="split the request"):
        framing.encode_frame(framing.TYPE_REQUEST, b"\x01" * 5000, max_frame_bytes=4096)


def test_foreign_major_frame_is_delivered_with_its_version(golden):
    frame = framing.FrameDecoder().feed(golden("hello_request_major2"))[0]
    assert frame.version == 2
    assert Request.FromString(frame.payload).hello.protocol_major == 2
