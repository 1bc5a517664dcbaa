"""Frames of the SAM reader protocol (GA/T 467 family): build, checksum, stream decoding.

Pure bytes in, dataclasses out; no I/O. Both directions share one framing: preamble
``AA AA AA 96 69``, a big-endian length of the rest, the body, and an XOR checksum.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from drivers.errors import DeviceError, DeviceUnavailable, NoMedium, ProtocolError

PREAMBLE = b"\xAA\xAA\xAA\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2
MAX_BODY = 4096  # the longest real answer (text + photo + fingerprint) is 2 321 bytes

# Commands: (CMD, PARA).
RESET_SAM = (0x10, 0xFF)
SAM_STATUS = (0x11, 0xFF)
SAM_ID = (0x12, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_TEXT_PHOTO = (0x30, 0x01)
READ_WITH_FINGERPRINT = (0x30, 0x10)
READ_NEW_ADDRESS = (0x30, 0x03)

SW_SUCCESS = 0x90
SW_NO_CONTENT = 0x91
SW_CARD_FOUND = 0x9F
SW_HOST_CHECKSUM = 0x10
SW_NO_CARD = 0x80

STATUS_TEXT = {
    0x90: "success", 0x91: "no such content on the card", 0x9F: "card found",
    0x10: "checksum error in the host's frame", 0x11: "length error in the host's frame",
    0x21: "unknown command", 0x23: "operation not permitted", 0x24: "unrecognised error",
    0x31: "card failed to authenticate the SAM", 0x32: "SAM failed to authenticate the card",
    0x33: "information verification error", 0x40: "unknown card type", 0x41: "read failed",
    0x47: "random number failed", 0x60: "SAM self-test failed", 0x66: "SAM not authorised",
    0x80: "find failed: no card", 0x81: "select failed",
}


class ChecksumError(ProtocolError):
    """A frame arrived whole but its XOR checksum is wrong (line noise); safe to ask again."""

    code = "idcard.checksum"


def xor(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def encode(head: bytes, data: bytes = b"") -> bytes:
    """One frame around ``head`` (CMD PARA, or SW1 SW2 SW3) and ``data``."""
    body = head + data
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([xor(length + body)])


def command(cmd: tuple[int, int], data: bytes = b"") -> bytes:
    return encode(bytes(cmd), data)


def response(sw3: int, data: bytes = b"") -> bytes:
    return encode(bytes([0x00, 0x00, sw3]), data)


@dataclass(frozen=True)
class Frame:
    """A checked frame: ``head`` (CMD PARA or SW1 SW2 SW3 bytes are in ``body``) and its bytes."""

    body: bytes  # everything between the length and the checksum

    @property
    def sw3(self) -> int:
        return self.body[2] if len(self.body) >= 3 else -1

    @property
    def payload(self) -> bytes:
        """Response data after SW1 SW2 SW3."""
        return self.body[3:]

    @property
    def cmd(self) -> tuple[int, int]:
        return (self.body[0], self.body[1]) if len(self.body) >= 2 else (-1, -1)


class FrameDecoder:
    """Incremental decoder: feed whatever the port returned, take whole frames out.

    Bytes before a preamble are dropped (counted in ``skipped``); an impossible length means the
    preamble was noise, so the decoder resynchronises one byte further on. A frame with a bad
    checksum is consumed and reported as ``ChecksumError`` so the caller can ask again.
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self.skipped = 0

    def feed(self, data: bytes) -> None:
        self._buf += data

    def pending(self) -> int:
        return len(self._buf)

    def next_frame(self) -> Frame | None:
        """The next whole frame, None if more bytes are needed; raises ChecksumError."""
        while True:
            start = self._buf.find(PREAMBLE)
            if start < 0:
                # Keep a tail that may be the start of a preamble split across reads.
                keep = next((k for k in range(len(PREAMBLE) - 1, 0, -1)
                             if self._buf.endswith(PREAMBLE[:k])), 0)
                self._drop(len(self._buf) - keep)
                return None
            self._drop(start)
            if len(self._buf) < HEADER_LEN:
                return None
            length = int.from_bytes(self._buf[5:7], "big")
            if length < 2 or length > MAX_BODY + 1:
                self._drop(1)
                continue
            total = HEADER_LEN + length
            if len(self._buf) < total:
                return None
            frame = bytes(self._buf[:total])
            if xor(frame[5:-1]) != frame[-1]:
                inner = frame.find(PREAMBLE, 1)
                if inner > 0:  # the "frame" began with noise that looked like a preamble
                    self._drop(inner)
                    continue
                del self._buf[:total]
                raise ChecksumError(f"bad checksum in a {total}-byte frame", device="idcard")
            del self._buf[:total]
            return Frame(body=frame[7:-1])

    def _drop(self, n: int) -> None:
        if n > 0:
            self.skipped += n
            del self._buf[:n]


def decode_all(data: bytes) -> list[Frame]:
    """Every frame in a byte string (for tests and the simulator); raises on a bad checksum."""
    decoder = FrameDecoder()
    decoder.feed(data)
    frames = []
    while (frame := decoder.next_frame()) is not None:
        frames.append(frame)
    return frames


def plausible(cmd: tuple[int, int], frame: Frame) -> bool:
    """Could ``frame`` answer ``cmd``? A late answer to an earlier, timed-out command cannot."""
    if len(frame.body) < 3 or frame.body[:2] != b"\x00\x00":
        return False  # our own command echoed (loop://, a half-duplex adapter), not an answer
    sw3, n = frame.sw3, len(frame.payload)
    if sw3 == SW_CARD_FOUND:
        return cmd == FIND_CARD
    if sw3 != SW_SUCCESS:
        return True  # errors fit any command
    expected = {FIND_CARD: None, SELECT_CARD: range(0, 9), SAM_STATUS: range(0, 1),
                RESET_SAM: range(0, 1), SAM_ID: range(16, 17), READ_NEW_ADDRESS: range(70, 71),
                READ_TEXT_PHOTO: range(260, MAX_BODY), READ_WITH_FINGERPRINT: range(262, MAX_BODY)}
    allowed = expected.get(cmd, range(0, MAX_BODY))
    return allowed is not None and n in allowed


def status_error(sw3: int, context: str) -> DeviceError:
    """The typed error for a non-success SW3."""
    text = f"{context}: SW3={sw3:02X} {STATUS_TEXT.get(sw3, 'unknown status')}"
    if sw3 in (SW_NO_CARD, 0x81):
        return NoMedium(text, device="idcard", code="idcard.no_card")
    if sw3 in (0x60, 0x66):
        return DeviceUnavailable(text, device="idcard", code="idcard.sam_fault")
    if sw3 in (0x41, 0x47, 0x31, 0x32, 0x33):
        return ProtocolError(text, device="idcard", code="idcard.read_failed")
    if sw3 == 0x40:
        return ProtocolError(text, device="idcard", code="idcard.unknown_card")
    return ProtocolError(text, device="idcard")


@dataclass(frozen=True)
class ReadPayload:
    """The parts of a read answer: 256-byte text block, WLT photo, optional fingerprint."""

    text: bytes
    photo: bytes
    fingerprint: bytes = b""


def split_read_payload(payload: bytes, with_fingerprint: bool = False) -> ReadPayload:
    """Split the data of a ``30 01`` / ``30 10`` answer by its big-endian length fields."""
    n_lengths = 3 if with_fingerprint else 2
    if len(payload) < 2 * n_lengths:
        raise ProtocolError(f"read answer too short ({len(payload)} bytes)", device="idcard")
    lengths = [int.from_bytes(payload[2 * i:2 * i + 2], "big") for i in range(n_lengths)]
    offset = 2 * n_lengths
    if offset + sum(lengths) > len(payload) or lengths[0] != 256:
        raise ProtocolError(f"read answer lengths {lengths} do not fit {len(payload)} bytes",
                            device="idcard")
    parts = []
    for length in lengths:
        parts.append(payload[offset:offset + length])
        offset += length
    return ReadPayload(*parts) if with_fingerprint else ReadPayload(parts[0], parts[1])


def decode_new_address(payload: bytes) -> str:
    """The appended address (追加住址): UTF-16LE, padded."""
    from drivers.idcard.card import decode_field

    return decode_field(payload[:70])
